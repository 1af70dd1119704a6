//! Writing a command's output files, one way for every command: the folder made if missing,
//! each file written atomically ([`crate::export::write_atomically`]), and a line saying what
//! was written.

use super::error::{CliError, IoAction};
use std::path::{Path, PathBuf};

/// Writes one output file.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    make_folder_for(path)?;
    crate::export::write_atomically(path, bytes)
        .map_err(|e| CliError::io(IoAction::Write, path, e))?;
    eprintln!("已写出 {}", path.display());
    Ok(())
}

/// Writes one file per page.
pub fn write_pages(paths: &[PathBuf], pages: &[impl AsRef<[u8]>]) -> Result<(), CliError> {
    for (path, page) in paths.iter().zip(pages) {
        write(path, page.as_ref())?;
    }
    Ok(())
}

/// Makes the folder a file is to be written in, if it is missing.
pub fn make_folder_for(path: &Path) -> Result<(), CliError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| CliError::io(IoAction::CreateFolder, dir, e))
        }
        None => Ok(()),
    }
}

/// Reads a UTF-8 text file (a byte-order mark allowed), or says it is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(IoAction::Read, path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::input_at(
            path.display(),
            format!(
                "不是 UTF-8 编码，第 {} 字节起无法读取（可能是 GBK）：请用编辑器另存为 UTF-8（file is not UTF-8）",
                e.utf8_error().valid_up_to() + 1
            ),
        )
    })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}
