//! The command line's one error type. Every subcommand returns `Result<(), CliError>`; the
//! error is printed once, by [`super::main`], in one form (`错误：…`, or `文件:行:列: 错误：…`
//! when it has a place), and the exit status is chosen here: 2 for a usage error, 1 for input
//! the user must fix or a document that could not be made.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

pub use crate::zh::io_zh;

/// Why a command failed.
#[derive(Debug)]
pub enum CliError {
    /// The command line itself is wrong (an option's value, a missing argument): exit 2.
    Usage(String),
    /// The input is wrong or a document could not be made: exit 1. `at` is where (a file, or
    /// `file:line:column`), when known.
    Input { at: Option<String>, message: String },
    /// A file or folder could not be read, written or made: exit 1.
    Io {
        action: IoAction,
        path: PathBuf,
        error: io::Error,
    },
    /// A report already formatted with its places (a case file's diagnostics, a document's
    /// errors), printed as it is: exit 1.
    Report(String),
    /// The command has already said what failed (a batch lists each failure as it goes): exit 1,
    /// nothing more to print.
    Reported,
    /// Not a failure: the command compared and found differences (`templates diff`), exit 1
    /// as `diff` does, nothing more to print.
    Differences,
}

impl From<crate::batch::BuildError> for CliError {
    fn from(error: crate::batch::BuildError) -> CliError {
        if error.is_usage() {
            CliError::Usage(error.to_string())
        } else {
            CliError::input(error.to_string())
        }
    }
}

/// What was being done to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
    CreateFolder,
    ListFolder,
}

impl CliError {
    /// An input error without a place.
    pub fn input(message: impl Into<String>) -> CliError {
        CliError::Input {
            at: None,
            message: message.into(),
        }
    }

    /// An input error in `file` (a path, or `path:line:column`).
    pub fn input_at(at: impl fmt::Display, message: impl Into<String>) -> CliError {
        CliError::Input {
            at: Some(at.to_string()),
            message: message.into(),
        }
    }

    /// A failed file operation.
    pub fn io(action: IoAction, path: &Path, error: io::Error) -> CliError {
        CliError::Io {
            action,
            path: path.to_path_buf(),
            error,
        }
    }

    /// The process exit status for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) => write!(f, "错误：{message}"),
            CliError::Input { at: None, message } => write!(f, "错误：{message}"),
            CliError::Input {
                at: Some(at),
                message,
            } => write!(f, "{at}: 错误：{message}"),
            CliError::Io {
                action,
                path,
                error,
            } => {
                let action = match action {
                    IoAction::Read => "读取",
                    IoAction::Write => "写入",
                    IoAction::CreateFolder => "创建目录",
                    IoAction::ListFolder => "列出目录",
                };
                write!(f, "错误：无法{action} {}：{}", path.display(), io_zh(error))
            }
            CliError::Report(report) => f.write_str(report.trim_end()),
            CliError::Reported | CliError::Differences => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_errors_exit_2_and_others_1() {
        assert_eq!(CliError::Usage("x".into()).exit_code(), 2);
        assert_eq!(CliError::input("x").exit_code(), 1);
        assert_eq!(CliError::Reported.exit_code(), 1);
    }

    #[test]
    fn every_error_reads_in_one_form() {
        assert_eq!(CliError::input("没有案卷").to_string(), "错误：没有案卷");
        assert_eq!(
            CliError::input_at("a.yaml:3:5", "缺少字段").to_string(),
            "a.yaml:3:5: 错误：缺少字段"
        );
        let e = CliError::io(
            IoAction::Write,
            Path::new("out/a.pdf"),
            io::Error::from(io::ErrorKind::PermissionDenied),
        );
        let text = e.to_string();
        assert!(
            text.starts_with("错误：无法写入 out/a.pdf：没有权限（"),
            "{text}"
        );
    }
}
