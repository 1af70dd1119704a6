//! Why a whole build stopped: the few errors no single case or document owns. Each says in
//! Chinese what to do; [`BuildError::is_usage`] tells the command line which are usage errors
//! (exit 2) and which are failures (exit 1).

use std::fmt;
use std::io;
use std::path::PathBuf;

#[derive(Debug)]
pub enum BuildError {
    /// The paths given hold no case file.
    NoCaseFiles,
    /// A path given could not be searched for case files.
    Paths(String),
    /// A `--docs` kind no template set defines.
    UnknownKind(String),
    /// The output folder cannot be made.
    OutputFolder { path: PathBuf, error: io::Error },
    /// The `--templates` folder every case uses is broken.
    Templates(String),
    /// The worker threads could not be started.
    Threads(String),
    /// The build manifest could not be written.
    Manifest(io::Error),
}

impl BuildError {
    /// Whether the command line itself is wrong (exit 2) rather than the run failing.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            BuildError::NoCaseFiles | BuildError::Paths(_) | BuildError::UnknownKind(_)
        )
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoCaseFiles => {
                f.write_str("没有找到案卷文件（*.yaml / *.yml）（no case files found）")
            }
            BuildError::Paths(message)
            | BuildError::UnknownKind(message)
            | BuildError::Templates(message) => f.write_str(message),
            BuildError::OutputFolder { path, error } => write!(
                f,
                "无法创建输出目录 {}（cannot create output folder）：{}",
                path.display(),
                crate::zh::io_zh(error)
            ),
            BuildError::Threads(message) => write!(f, "无法启动工作线程：{message}"),
            BuildError::Manifest(error) => {
                write!(f, "无法写入构建清单：{}", crate::zh::io_zh(error))
            }
        }
    }
}

impl std::error::Error for BuildError {}
