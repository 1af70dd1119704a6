//! `scripts/package-deb`: the Debian package for offices without Rust. Built from the debug
//! binary cargo test has already made (no release build in CI), checked with dpkg-deb, then
//! installed by dpkg itself into a scratch root, without needing to be root, and used there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a program the test needs, failing with what to install when it is missing.
fn run(program: &str, args: &[&str], package: &str) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("找不到 {program}（{e}）：请先安装 {package}（sudo apt install {package}）")
        })
}

fn stdout_of(program: &str, args: &[&str], package: &str) -> String {
    let out = run(program, args, package);
    assert!(
        out.status.success(),
        "{program} {args:?} 失败：\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn require_dpkg() {
    for program in ["dpkg-deb", "dpkg", "dpkg-query"] {
        if Command::new(program).arg("--version").output().is_err() {
            panic!(
                "找不到 {program}：打包测试需要 dpkg（Debian 系统自带；其他系统请安装 dpkg，\
                 如 sudo apt install dpkg），本测试不会跳过"
            );
        }
    }
}

/// `scripts/package-deb --binary <the test build> --out OUT`, returning the .deb it printed.
fn package(out: &Path) -> PathBuf {
    let result = Command::new("bash")
        .arg(manifest_dir().join("scripts/package-deb"))
        .args(["--binary", env!("CARGO_BIN_EXE_xunshi"), "--out"])
        .arg(out)
        // The test only checks the layout: xz would spend a minute and a half of CPU.
        .args(["--compression", "none"])
        .current_dir(manifest_dir())
        .output()
        .expect("bash runs scripts/package-deb");
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "scripts/package-deb 失败：\n{stderr}"
    );
    assert!(stderr.contains("已生成"), "{stderr}");
    let printed = String::from_utf8(result.stdout).unwrap();
    PathBuf::from(printed.trim())
}

/// The subcommands `xunshi --help` lists, without `help`.
fn subcommands() -> Vec<String> {
    let help = stdout_of(env!("CARGO_BIN_EXE_xunshi"), &["--help"], "xunshi");
    help.lines()
        // The heading is clap's "Commands:", or a Chinese one should the help be translated.
        .skip_while(|l| {
            let heading = !l.starts_with(' ') && (l.ends_with(':') || l.ends_with('：'));
            !(heading && (l.starts_with("Commands") || l.contains("命令")))
        })
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

fn gunzip(path: &Path) -> String {
    stdout_of("gzip", &["-dc", path.to_str().unwrap()], "gzip")
}

/// One entry of `dpkg-deb --contents`: mode, owner, size, path.
struct Entry {
    mode: String,
    owner: String,
    size: u64,
    path: String,
}

fn contents(deb: &Path) -> Vec<Entry> {
    stdout_of("dpkg-deb", &["--contents", deb.to_str().unwrap()], "dpkg")
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert!(fields.len() >= 6, "{line}");
            Entry {
                mode: fields[0].to_owned(),
                owner: fields[1].to_owned(),
                size: fields[2].parse().unwrap(),
                path: fields[5..].join(" "),
            }
        })
        .collect()
}

fn field(deb: &Path, name: &str) -> String {
    stdout_of(
        "dpkg-deb",
        &["--field", deb.to_str().unwrap(), name],
        "dpkg",
    )
    .trim()
    .to_owned()
}

#[test]
fn the_package_has_its_files_installs_with_dpkg_and_works() {
    require_dpkg();
    let tmp = tempfile::tempdir().unwrap();
    let deb = package(&tmp.path().join("deb"));
    let arch = stdout_of("dpkg", &["--print-architecture"], "dpkg")
        .trim()
        .to_owned();
    assert_eq!(
        deb.file_name().unwrap().to_str().unwrap(),
        format!("xunshi_{VERSION}_{arch}.deb")
    );

    // --- control --------------------------------------------------------------------------
    assert_eq!(field(&deb, "Package"), "xunshi");
    assert_eq!(field(&deb, "Version"), VERSION);
    assert_eq!(field(&deb, "Architecture"), arch);
    assert!(field(&deb, "Maintainer").contains('@'));
    let depends = field(&deb, "Depends");
    let libc = depends
        .split(", ")
        .find_map(|d| d.strip_prefix("libc6 (>= "))
        .and_then(|v| v.strip_suffix(')'))
        .unwrap_or_else(|| panic!("Depends 中没有 libc6 (>= x.y)：{depends}"));
    assert!(
        libc.split('.').all(|p| p.parse::<u32>().is_ok()) && libc.starts_with("2."),
        "{depends}"
    );
    let needed = stdout_of("objdump", &["-p", env!("CARGO_BIN_EXE_xunshi")], "binutils");
    if needed.contains("NEEDED               libgcc_s.so.1") {
        assert!(depends.contains("libgcc-s1"), "{depends}");
    }
    let description = field(&deb, "Description");
    assert!(description.contains("巡视整改") && description.contains("inspection rectification"));
    let info = stdout_of("dpkg-deb", &["--info", deb.to_str().unwrap()], "dpkg");
    assert!(info.contains(" md5sums"), "{info}");

    // --- files: where Debian looks for them, owned by root, 0755 / 0644 --------------------
    let entries = contents(&deb);
    let mut expected = vec![
        "./usr/bin/xunshi".to_owned(),
        "./usr/share/man/man1/xunshi.1.gz".to_owned(),
        "./usr/share/bash-completion/completions/xunshi".to_owned(),
        "./usr/share/zsh/vendor-completions/_xunshi".to_owned(),
        "./usr/share/fish/vendor_completions.d/xunshi.fish".to_owned(),
        "./usr/share/doc/xunshi/copyright".to_owned(),
        "./usr/share/doc/xunshi/changelog.Debian.gz".to_owned(),
    ];
    let names = subcommands();
    assert!(
        names.len() >= 10 && names.contains(&"build".to_owned()),
        "{names:?}"
    );
    for name in &names {
        expected.push(format!("./usr/share/man/man1/xunshi-{name}.1.gz"));
    }
    for path in &expected {
        assert!(
            entries.iter().any(|e| &e.path == path),
            "{path} 不在软件包中"
        );
    }
    for entry in &entries {
        assert_eq!(entry.owner, "root/root", "{}", entry.path);
        let want = if entry.mode.starts_with('d') || entry.path == "./usr/bin/xunshi" {
            "rwxr-xr-x"
        } else {
            "rw-r--r--"
        };
        assert_eq!(&entry.mode[1..], want, "{}", entry.path);
    }
    // Installed-Size: KiB per file rounded up, one per directory, as dpkg-gencontrol counts.
    let kib: u64 = entries
        .iter()
        .map(|e| {
            if e.mode.starts_with('-') {
                e.size.div_ceil(1024)
            } else {
                1
            }
        })
        .sum();
    assert_eq!(field(&deb, "Installed-Size"), kib.to_string());

    // --- the same commit and binary give the same bytes --------------------------------------
    let again = package(&tmp.path().join("again"));
    assert!(
        std::fs::read(&deb).unwrap() == std::fs::read(&again).unwrap(),
        "两次打包的结果不同（not reproducible）"
    );
    std::fs::remove_dir_all(tmp.path().join("again")).unwrap();

    // --- installed by dpkg into a scratch root -----------------------------------------------
    let root = tmp.path().join("root");
    let admin = root.join("var/lib/dpkg");
    std::fs::create_dir_all(admin.join("info")).unwrap();
    std::fs::create_dir_all(admin.join("updates")).unwrap();
    std::fs::write(admin.join("available"), "").unwrap();
    // The scratch database holds this machine's own libc6 and libgcc-s1 entries, so dpkg
    // checks the package's Depends against real versions; only where dpkg-query cannot
    // report them (dpkg on a system that is not Debian-based) is --force-depends used.
    let host = Command::new("dpkg-query")
        .args(["-s", "libc6", "libgcc-s1"])
        .output()
        .unwrap();
    let mut force = vec!["not-root", "bad-path"];
    if host.status.success() {
        std::fs::write(admin.join("status"), &host.stdout).unwrap();
        let listed = stdout_of(
            "dpkg-query",
            &["-W", "-f=${binary:Package}\n", "libc6", "libgcc-s1"],
            "dpkg",
        );
        for package in listed.lines() {
            std::fs::write(admin.join("info").join(format!("{package}.list")), "").unwrap();
        }
    } else {
        eprintln!("注意：dpkg-query 查不到本机的 libc6，安装时使用 --force-depends");
        std::fs::write(admin.join("status"), "").unwrap();
        force.push("depends");
    }
    let root_arg = format!("--root={}", root.display());
    let instdir_arg = format!("--instdir={}", root.display());
    let admin_arg = format!("--admindir={}", admin.display());
    let log_arg = format!("--log={}", root.join("dpkg.log").display());
    let path = format!(
        "/usr/local/sbin:/usr/sbin:/sbin:{}",
        std::env::var("PATH").unwrap_or_default()
    );
    let dpkg = |args: &[&str]| {
        Command::new("dpkg")
            .arg(format!("--force-{}", force.join(",")))
            .args([&root_arg, &instdir_arg, &admin_arg, &log_arg])
            .args(args)
            .env("PATH", &path)
            .output()
            .unwrap()
    };
    let installed = dpkg(&["-i", deb.to_str().unwrap()]);
    assert!(
        installed.status.success(),
        "dpkg -i 失败：\n{}\n{}",
        String::from_utf8_lossy(&installed.stdout),
        String::from_utf8_lossy(&installed.stderr)
    );
    let status = stdout_of(
        "dpkg-query",
        &[&admin_arg, "-W", "-f=${Status} ${Version}", "xunshi"],
        "dpkg",
    );
    assert_eq!(status, format!("install ok installed {VERSION}"));
    // Every installed file matches the package's md5sums.
    let verify = dpkg(&["--verify", "xunshi"]);
    assert!(
        verify.status.success() && verify.stdout.is_empty(),
        "dpkg --verify：\n{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );

    // --- the installed program does a real job ----------------------------------------------
    let xunshi = root.join("usr/bin/xunshi");
    let xunshi = xunshi.to_str().unwrap();
    assert_eq!(
        stdout_of(xunshi, &["--version"], "xunshi").trim(),
        format!("xunshi {VERSION}")
    );
    let built = tmp.path().join("built");
    let case = manifest_dir().join("samples/01-midway-qingshan.yaml");
    let job = Command::new(xunshi)
        .args([
            "build",
            case.to_str().unwrap(),
            "-o",
            built.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        job.status.success(),
        "安装后的 xunshi build 失败：\n{}",
        String::from_utf8_lossy(&job.stderr)
    );
    let plan = built.join("青山区委/整改方案.pdf");
    let bytes = std::fs::read(&plan).unwrap_or_else(|e| panic!("{}：{e}", plan.display()));
    assert!(bytes.starts_with(b"%PDF-"), "{} 不是 PDF", plan.display());
    let text = stdout_of(
        "pdftotext",
        &["-layout", plan.to_str().unwrap(), "-"],
        "poppler-utils",
    );
    assert!(text.contains("青山区"), "{text}");

    // --- the manual pages ----------------------------------------------------------------
    let man1 = root.join("usr/share/man/man1");
    // Without the zero-width break points the page puts between Chinese characters.
    let top = gunzip(&man1.join("xunshi.1.gz")).replace("\\:", "");
    for heading in [
        "名称",
        "概要",
        "描述",
        "选项",
        "子命令",
        "示例",
        "退出状态",
        "另见",
    ] {
        assert!(
            top.contains(&format!(".SH \"{heading}\"")),
            "没有 {heading}：\n{top}"
        );
    }
    for name in &names {
        assert!(
            top.contains(&format!("\\fB{name}\\fR")),
            "xunshi.1 没有 {name}"
        );
        let page = gunzip(&man1.join(format!("xunshi-{name}.1.gz")));
        assert!(page.contains(".SH \"名称\"") && page.contains(".SH \"退出状态\""));
    }
    assert!(top.contains("141") && top.contains("用法错误"), "{top}");

    // --- completions ---------------------------------------------------------------------
    let bash = root.join("usr/share/bash-completion/completions/xunshi");
    let script = std::fs::read_to_string(&bash).unwrap();
    for name in &names {
        assert!(script.contains(name), "bash 补全没有 {name}");
    }
    assert!(!script.contains("__worker") && !script.contains("__generate"));
    // Bash itself completes `xunshi bu` to `build` with it.
    let completed = stdout_of(
        "bash",
        &[
            "-c",
            r#"source "$1"; COMP_WORDS=(xunshi bu); COMP_CWORD=1; _xunshi xunshi bu xunshi; echo "${COMPREPLY[*]}""#,
            "bash",
            bash.to_str().unwrap(),
        ],
        "bash",
    );
    assert_eq!(completed.trim(), "build");
    for file in [
        "usr/share/zsh/vendor-completions/_xunshi",
        "usr/share/fish/vendor_completions.d/xunshi.fish",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains("build") && text.contains("summary"), "{file}");
    }

    // --- copyright and changelog ---------------------------------------------------------
    let doc = root.join("usr/share/doc/xunshi");
    let copyright = std::fs::read_to_string(doc.join("copyright")).unwrap();
    for needle in [
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
        "Files: *",
        "Files: fonts/fandol/*",
        "License: GPL-3 with Font exception",
        "As a special exception, if you create a document which uses this font",
        "Files: fonts/noto/NotoSerifCJK-Regular.ttc",
        "License: OFL-1.1",
        " SIL OPEN FONT LICENSE Version 1.1",
        "typst 0.15",
    ] {
        assert!(copyright.contains(needle), "copyright 中没有 {needle}");
    }
    // A field's continuation lines start with a space; paragraphs are separated by one empty
    // line.
    for line in copyright.lines() {
        assert!(
            line.is_empty() || line.starts_with(' ') || line.contains(": ") || line.ends_with(':'),
            "copyright 格式不对：{line}"
        );
    }
    let changelog = gunzip(&doc.join("changelog.Debian.gz"));
    assert!(
        changelog.starts_with(&format!("xunshi ({VERSION}) ")),
        "{changelog}"
    );
}

#[test]
fn a_missing_binary_is_reported_in_chinese() {
    require_dpkg();
    let tmp = tempfile::tempdir().unwrap();
    let result = Command::new("bash")
        .arg(manifest_dir().join("scripts/package-deb"))
        .args(["--binary", "/nonexistent/xunshi", "--out"])
        .arg(tmp.path())
        .current_dir(manifest_dir())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("找不到可执行文件 /nonexistent/xunshi"),
        "{stderr}"
    );

    let result = Command::new("bash")
        .arg(manifest_dir().join("scripts/package-deb"))
        .arg("--bogus")
        .current_dir(manifest_dir())
        .output()
        .unwrap();
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("不认识的参数 --bogus") && stderr.contains("用法"),
        "{stderr}"
    );
}
