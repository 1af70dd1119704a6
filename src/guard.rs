//! A defect in the program or its layout engine (a Rust panic inside Typst or our own code
//! while one document is made) becomes that document's error instead of the end of the run: a
//! batch reports it like any failed document and goes on with the others, and the build
//! manifest of what was written is still saved.
//!
//! [`guarded`] runs a closure under `catch_unwind`. A process-wide panic hook (installed once)
//! keeps the panic's message and source location for the error instead of printing Rust's
//! "thread panicked" text, for panics on a thread inside a guard and on the rayon threads
//! Typst lays pages out on while a guard runs (a rayon join hands those panics to the guarded
//! caller). Other panics print as before.
//!
//! Not catchable: a panic in a job the PDF writer (krilla) hands to `rayon::spawn`, which rayon
//! answers by aborting the process. [`spawned_panic`], the batch pools' and the global pool's
//! panic handler, prints the readable message first.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

thread_local! {
    /// How many [`guarded`] calls are running on this thread.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Where the last guarded panic on this thread happened, as `file:line:column`.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// How many [`guarded`] calls are running in the process.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);
/// Where the last panic on a rayon thread outside any guard happened while a guard ran.
static HELPER_LOCATION: Mutex<Option<String>> = Mutex::new(None);

static INSTALL: Once = Once::new();

/// Runs `work`; a panic inside it is returned as `Err` with a readable message (Chinese first)
/// naming the panic's text and where in the program it happened.
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    if DEPTH.with(|d| d.replace(d.get() + 1)) == 0 {
        // A location left by a panic something else caught must not name this one.
        LOCATION.with(|l| l.borrow_mut().take());
    }
    ACTIVE.fetch_add(1, Ordering::SeqCst);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    ACTIVE.fetch_sub(1, Ordering::SeqCst);
    DEPTH.with(|d| d.set(d.get() - 1));
    outcome.map_err(|payload| describe(payload.as_ref(), recorded_location().as_deref()))
}

/// Rayon's panic handler for jobs started with `rayon::spawn` (krilla's background work):
/// rayon aborts the process after it, so the readable message is printed first.
pub fn spawned_panic(payload: Box<dyn Any + Send>) {
    eprintln!(
        "{}。程序无法继续，已中止（the process aborts）",
        describe(payload.as_ref(), recorded_location().as_deref())
    );
    std::process::abort();
}

/// Makes [`spawned_panic`] the global rayon pool's panic handler, if the pool is not yet built
/// (`render` and `summary` lay out on it).
pub fn prepare_global_pool() {
    // An error only means the pool already exists (a second call): nothing to do then.
    let _ = rayon::ThreadPoolBuilder::new()
        .panic_handler(spawned_panic)
        .build_global();
}

/// The location the hook recorded for the panic just caught on this thread, or on a rayon
/// thread working for it.
fn recorded_location() -> Option<String> {
    LOCATION.with(|l| l.borrow_mut().take()).or_else(|| {
        HELPER_LOCATION
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    })
}

/// The message for a caught panic.
fn describe(payload: &(dyn Any + Send), location: Option<&str>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "（无说明）".to_owned());
    let at = location.map(|l| format!("，位置 {l}")).unwrap_or_default();
    format!(
        "排版引擎内部错误：{text}{at}。这是程序的缺陷，不是输入文件的错误；请把输入文件与所用模板一并报给维护者（internal error: the program panicked while making this document）"
    )
}

/// A panic's source file as a reader can place it: a dependency's file from Cargo's registry
/// (`~/.cargo/registry/src/index.crates.io-…/typst-layout-0.15.1/src/flow/distribute.rs`) by
/// its crate and path only (`typst-layout-0.15.1/src/flow/distribute.rs`).
fn short_path(file: &str) -> &str {
    match file.find("/registry/src/") {
        Some(at) => {
            let index_and_rest = &file[at + "/registry/src/".len()..];
            index_and_rest
                .split_once('/')
                .map_or(index_and_rest, |(_, rest)| rest)
        }
        None => file,
    }
}

/// Replaces the panic hook, once per process, with one that records guarded panics quietly and
/// hands every other panic to the hook that was there before.
fn install_hook() {
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let location = || {
                info.location()
                    .map(|l| format!("{}:{}:{}", short_path(l.file()), l.line(), l.column()))
            };
            if DEPTH.with(Cell::get) > 0 {
                LOCATION.with(|l| *l.borrow_mut() = location());
            } else if ACTIVE.load(Ordering::SeqCst) > 0 && rayon::current_thread_index().is_some() {
                *HELPER_LOCATION.lock().unwrap_or_else(|e| e.into_inner()) = location();
            } else {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_passes_through() {
        assert_eq!(guarded(|| 6 * 7), Ok(42));
    }

    #[test]
    fn a_panic_becomes_an_error_naming_its_text_and_place() {
        let line = line!() + 1;
        let err = guarded(|| -> u8 { panic!("cell {} out of range", 7) }).unwrap_err();
        assert!(
            err.starts_with("排版引擎内部错误：cell 7 out of range"),
            "{err}"
        );
        assert!(
            err.contains(&format!("src/guard.rs:{line}:")),
            "no location in {err}"
        );
    }

    #[test]
    fn a_static_message_is_kept_and_the_guard_can_be_used_again() {
        let err = guarded(|| -> () { panic!("boom") }).unwrap_err();
        assert!(err.contains("boom"), "{err}");
        // The thread is not left marked as guarded, and the next call works.
        assert_eq!(DEPTH.with(Cell::get), 0);
        assert_eq!(guarded(|| "ok"), Ok("ok"));
    }

    #[test]
    fn a_dependency_is_named_by_its_crate_and_path() {
        assert_eq!(
            short_path(
                "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/typst-layout-0.15.1/src/flow/distribute.rs"
            ),
            "typst-layout-0.15.1/src/flow/distribute.rs"
        );
        assert_eq!(short_path("src/guard.rs"), "src/guard.rs");
    }

    #[test]
    fn a_panic_on_a_rayon_thread_working_for_the_guard_keeps_its_place() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let line = line!() + 2;
        let err =
            guarded(|| pool.install(|| rayon::join(|| (), || -> () { panic!("on a helper") })))
                .unwrap_err();
        assert!(err.contains("on a helper"), "{err}");
        assert!(
            err.contains(&format!("src/guard.rs:{line}:")),
            "no location in {err}"
        );
    }

    #[test]
    fn a_panic_caught_inside_leaves_no_location_for_the_next_guard() {
        let ok = guarded(|| panic::catch_unwind(|| -> () { panic!("caught inside") }).is_err());
        assert_eq!(ok, Ok(true));
        assert_eq!(guarded(|| 1), Ok(1));
        assert_eq!(LOCATION.with(|l| l.borrow().clone()), None);
    }

    #[test]
    fn nested_guards_each_catch_their_own_panic() {
        let outer = guarded(|| {
            let inner = guarded(|| -> () { panic!("inner") });
            assert!(inner.unwrap_err().contains("inner"));
            "outer went on"
        });
        assert_eq!(outer, Ok("outer went on"));
    }
}
