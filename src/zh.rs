//! Chinese words for what the system reports in English: a file error's kind, with the
//! system's own text kept in brackets. Every layer that reports a file error asks here.

use std::io;

/// A file error in Chinese, the system's own words kept in brackets.
pub fn io_zh(error: &io::Error) -> String {
    use io::ErrorKind::*;
    let zh = match error.kind() {
        NotFound => "找不到文件或目录",
        PermissionDenied => "没有权限",
        AlreadyExists => "已经存在",
        IsADirectory => "这是一个目录，不是文件",
        NotADirectory => "路径中有一段不是目录",
        StorageFull => "磁盘已满",
        ReadOnlyFilesystem => "文件系统只读",
        InvalidData => "内容无法读取（编码或格式不对）",
        _ => "操作失败",
    };
    format!("{zh}（{error}）")
}
