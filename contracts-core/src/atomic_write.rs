//! Writing a file so that a crash or an error never leaves it half-written: the bytes go
//! to a temporary file beside it, which is then renamed over the target.
//!
//! Only regular files named by their path are written that way. A device or a named pipe
//! (`/dev/null`, a shell's `>(..)`) is a stream, not a document: renaming a file over it
//! would destroy it (as root, `/dev/null` itself), so it is written in place. So is a
//! file reached through an open descriptor (`/dev/stdout`, `/dev/fd/3`): the shell's
//! redirection opened it, and it is appended to, not replaced.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically. On any error the existing file at `path` is
/// left as it was and the temporary file is removed.
///
/// Behaves as an in-place write would where a rename alone would not: a symlink is
/// written through (its target is replaced, the link stays), an existing file keeps its
/// permissions, and a read-only file is refused rather than replaced. A path that
/// names neither a regular file nor a directory (a device, a pipe) is written in place.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    names_a_file(path)?;
    // `metadata` follows links the way `open` does, including `/proc`'s links to pipes,
    // which `read_link` cannot resolve to a path.
    let is_stream = fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if is_stream || names_a_descriptor(path) {
        // Appending keeps what a shell's redirection already holds (`>>`, or output
        // written before this command in a `{ ..; } > log` group); on a device or a
        // pipe it is an ordinary write.
        let mut stream = fs::OpenOptions::new().append(true).open(path)?;
        return stream.write_all(bytes).and_then(|()| stream.flush());
    }
    let path = &through_symlinks(path)?;
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Said in terms of the directory: "No such file or directory" about a file this
    // call is about to create reads as if the file itself had to exist.
    let unusable = match fs::metadata(directory) {
        Ok(metadata) if !metadata.is_dir() => Some((
            io::ErrorKind::NotADirectory,
            format!("`{}` is not a directory", directory.display()),
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Some((
            io::ErrorKind::NotFound,
            format!(
                "the directory `{}` does not exist (create it first)",
                directory.display()
            ),
        )),
        Err(error) if error.kind() == io::ErrorKind::NotADirectory => Some((
            io::ErrorKind::NotADirectory,
            format!(
                "the directory `{}` cannot exist: a file is in its path",
                directory.display()
            ),
        )),
        _ => None,
    };
    if let Some((kind, message)) = unusable {
        return Err(io::Error::new(kind, message));
    }
    let existing = match fs::metadata(path) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    if existing.as_ref().is_some_and(fs::Permissions::readonly) {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let temporary = directory.join(format!(
        ".{}.tmp-{}-{}",
        file_name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Some(permissions) = existing {
            fs::set_permissions(&temporary, permissions)?;
        }
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Refuses a path that cannot name a file to write, in words that say so (the system's
/// own errors, "Is a directory" or "Not a directory", point elsewhere): an existing
/// directory, or a path ending in `/`, which names a directory whatever is there. The
/// message completes "cannot write `PATH`: ". Looks only; creates nothing.
pub(crate) fn names_a_file(path: &Path) -> io::Result<()> {
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a directory; give the path of a file in it",
        ));
    }
    let named = path.to_string_lossy();
    if !named.ends_with(std::path::is_separator) {
        return Ok(());
    }
    let directory = named.trim_end_matches(std::path::is_separator);
    let why = match fs::metadata(directory) {
        Ok(_) => format!(
            "`{directory}` is not a directory; to write that file, give its path without the trailing `/`"
        ),
        Err(error) if error.kind() == io::ErrorKind::NotFound => format!(
            "the directory `{directory}` does not exist either; give the path of a file in an existing directory"
        ),
        Err(error) => format!(
            "`{directory}` cannot be read ({error}); give the path of a file in an existing directory"
        ),
    };
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("a path ending in `/` names a directory, not a file, and {why}"),
    ))
}

/// Whether the path names an open file descriptor rather than a file: `/dev/stdout`,
/// `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`, `/proc/PID/fd/N`.
pub(crate) fn names_a_descriptor(path: &Path) -> bool {
    let Some(path) = path.to_str() else {
        return false;
    };
    if matches!(path, "/dev/stdout" | "/dev/stderr") || path.starts_with("/dev/fd/") {
        return true;
    }
    path.strip_prefix("/proc/")
        .and_then(|rest| rest.split_once("/fd/"))
        .is_some_and(|(process, _)| {
            process == "self" || process.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The file a path writes to: a symlink's target (followed through chains, and
/// resolved beside the link when relative), or the path itself.
fn through_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // A bound, so that a symlink loop is an error rather than a hang.
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

#[cfg(test)]
mod tests {
    use super::write_atomic;
    use std::fs;
    use std::io;
    use std::path::PathBuf;

    /// A fresh, empty directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("contracts-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = scratch("replace");
        let target = dir.join("out.txt");
        fs::write(&target, "old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().contains(".tmp-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_written_through_and_permissions_are_kept() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let dir = scratch("link");
        let real = dir.join("real.json");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.json");
        symlink("real.json", &link).unwrap();

        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_and_left_as_it_was() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("ro");
        let target = dir.join("baseline.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o444)).unwrap();

        let error = write_atomic(&target, b"new").unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A named pipe stays a pipe and its reader gets the bytes; renaming a file over it
    /// (as over `/dev/null`) would destroy it.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = scratch("fifo");
        let pipe = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            eprintln!("skipped: `mkfifo` is not available");
            return;
        }
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || fs::read_to_string(pipe).unwrap())
        };

        write_atomic(&pipe, b"report").unwrap();
        assert!(fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), "report");
        let entries = fs::read_dir(&dir).unwrap().count();
        assert_eq!(entries, 1, "no temporary file is left beside the pipe");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn descriptor_paths_are_recognised() {
        use super::names_a_descriptor;
        use std::path::Path;
        for path in [
            "/dev/stdout",
            "/dev/stderr",
            "/dev/fd/1",
            "/proc/self/fd/3",
            "/proc/42/fd/1",
        ] {
            assert!(names_a_descriptor(Path::new(path)), "{path}");
        }
        for path in [
            "/dev/null",
            "out.json",
            "/proc/self/status",
            "/proc/x1/fd/1",
            "/dev/stdout2",
        ] {
            assert!(!names_a_descriptor(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn an_unwritable_directory_leaves_the_target_untouched() {
        let missing = std::env::temp_dir().join("contracts-atomic-missing-dir/deeper/out.txt");
        let error = write_atomic(&missing, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        let directory = missing.parent().unwrap().display().to_string();
        assert_eq!(
            error.to_string(),
            format!("the directory `{directory}` does not exist (create it first)")
        );
        assert!(!missing.exists());
    }

    #[test]
    fn a_path_that_names_a_directory_is_refused_in_words_that_say_so() {
        let dir = scratch("names-a-directory");
        let inside = dir.join("inside");
        fs::write(&inside, b"kept").unwrap();
        let error = write_atomic(&dir, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(
            error.to_string(),
            "it is a directory; give the path of a file in it"
        );
        let slashed = PathBuf::from(format!("{}/", dir.display()));
        assert_eq!(
            write_atomic(&slashed, b"x").unwrap_err().to_string(),
            "it is a directory; give the path of a file in it"
        );
        let file_slashed = PathBuf::from(format!("{}/", inside.display()));
        assert_eq!(
            write_atomic(&file_slashed, b"x").unwrap_err().to_string(),
            format!(
                "a path ending in `/` names a directory, not a file, and `{}` is not a directory; to write that file, give its path without the trailing `/`",
                inside.display()
            )
        );
        assert_eq!(fs::read(&inside).unwrap(), b"kept");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "nothing added");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_in_the_way_of_the_directory_is_named() {
        let file = scratch("in-the-way").join("file");
        fs::write(&file, b"kept").unwrap();
        let error = write_atomic(&file.join("out.txt"), b"x").unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("`{}` is not a directory", file.display())
        );
        let error = write_atomic(&file.join("deeper/out.txt"), b"x").unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "the directory `{}` cannot exist: a file is in its path",
                file.join("deeper").display()
            )
        );
        assert_eq!(fs::read(&file).unwrap(), b"kept");
        // The scratch directory too: each run would leave one in the temp directory.
        fs::remove_dir_all(file.parent().unwrap()).unwrap();
    }
}
