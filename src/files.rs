//! Every file Cofrestr writes is written whole or not at all.
//!
//! A report, an export, a return, a join file or a backup is first written to a hidden
//! temporary file beside its final name (same folder, so the same disk), flushed to the disk
//! (`sync_all`), and only then given its final name. The final name is taken without
//! replacing anything: if a file appeared there meanwhile, the new one is thrown away and the
//! old one stays untouched. So a kill, a power cut or a full disk at any moment leaves either
//! the complete file under its name or nothing under its name, and never a half-written file
//! that looks finished. The temporary file is removed when anything fails; only a kill can
//! leave one behind, and its name (`.<name>.<random>.partial`) says what it is.
//!
//! We use `tempfile` (a well-kept crate) rather than our own code for the rename that must not
//! replace: it uses `renameat2(RENAME_NOREPLACE)` on Linux (a hard link where the filesystem
//! lacks it) and `MoveFileExW` without `MOVEFILE_REPLACE_EXISTING` on Windows.
//!
//! Architecture invariant: nothing in the core writes a user-visible file except through
//! this module (SQLite writes the database itself, in its own journal).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Who may read a new file, where the system has owner/group/other permissions (Unix). On
/// Windows a new file takes its folder's permissions, which in the user's own folders are
/// the user's alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reports and spreadsheets: as any file the user saves (0644 before the umask).
    Shared,
    /// Secrets (join files) and database copies: the owner only (0600).
    Owner,
}

fn exists_error(out: &Path) -> Error {
    Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())])
}

fn folder_of(out: &Path) -> PathBuf {
    match out.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(d) => d.to_path_buf(),
        None => PathBuf::from("."),
    }
}

/// A temporary path beside `out`, removed when dropped unless it has been moved into place.
/// The file exists and is empty.
pub fn temp_beside(out: &Path, access: Access) -> Result<tempfile::TempPath> {
    let dir = folder_of(out);
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "cofrestr".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(match access {
            Access::Shared => 0o644,
            Access::Owner => 0o600,
        }));
    }
    #[cfg(not(unix))]
    let _ = access;
    Ok(builder.tempfile_in(&dir)?.into_temp_path())
}

/// Flushes a file's contents to the disk.
pub fn sync_file(path: &Path) -> Result<()> {
    std::fs::OpenOptions::new().read(true).write(true).open(path)?.sync_all()?;
    Ok(())
}

/// Flushes a folder's entries (a new name in it) to the disk. Windows has no such call and
/// makes the rename itself durable through its journal; elsewhere a filesystem that cannot
/// sync a folder is not an error.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Gives a complete, synced temporary file its final name, never replacing a file there.
///
/// Where the folder's filesystem can neither rename without replacing nor make a hard link (a
/// FAT or exFAT USB stick on Linux, where returns often travel), it falls back to looking
/// first and renaming: the only gap is another program making the same name in between.
pub fn move_into_place(tmp: tempfile::TempPath, out: &Path) -> Result<()> {
    match tmp.persist_noclobber(out) {
        Ok(()) => {
            sync_folder(&folder_of(out));
            Ok(())
        }
        // The temporary file is removed as the error drops it.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(exists_error(out)),
        Err(e) => {
            let tmp = e.path;
            if out.exists() {
                return Err(exists_error(out));
            }
            std::fs::rename(&tmp, out)?;
            // Renamed: nothing for the temporary path to remove.
            let _ = tmp.keep();
            sync_folder(&folder_of(out));
            Ok(())
        }
    }
}

/// Writes a new file at `out` (there must be none) whole or not at all.
pub fn write_new(out: &Path, bytes: &[u8], access: Access) -> Result<()> {
    let tmp = write_beside(out, bytes, access)?;
    move_into_place(tmp, out)
}

/// Writes `bytes` whole to a temporary file beside `out` and flushes it to the disk, for the
/// caller to give its name with [`move_into_place`] once whatever records it is committed.
/// Refused at once if there is a file at `out` already.
pub fn write_beside(out: &Path, bytes: &[u8], access: Access) -> Result<tempfile::TempPath> {
    if out.exists() {
        return Err(exists_error(out));
    }
    let tmp = temp_beside(out, access)?;
    let mut f = std::fs::OpenOptions::new().write(true).open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(tmp)
}

/// Makes a new file at `out` with `make`, which writes it at the temporary path it is given;
/// the file is synced and moved into place only when `make` succeeds.
pub fn make_new(out: &Path, access: Access, make: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if out.exists() {
        return Err(exists_error(out));
    }
    let tmp = temp_beside(out, access)?;
    make(&tmp)?;
    sync_file(&tmp)?;
    move_into_place(tmp, out)
}

/// Replaces the file at `out` (or makes it) whole or not at all: for the window's own
/// preferences, which are rewritten in place.
pub fn replace(out: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::create_dir_all(folder_of(out))?;
    let tmp = temp_beside(out, Access::Owner)?;
    {
        let mut f = std::fs::OpenOptions::new().write(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    move_over(tmp, out)
}

/// Gives a complete, synced temporary file the name `out`, replacing what is there in one
/// step (the database itself, when a checked backup is restored; the preferences).
pub fn move_over(tmp: tempfile::TempPath, out: &Path) -> Result<()> {
    tmp.persist(out).map_err(|e| Error::Io(e.error))?;
    sync_folder(&folder_of(out));
    Ok(())
}

/// Whether a file name is one of ours left half-written by a kill (see the module notes).
pub fn is_partial(name: &str) -> bool {
    name.starts_with('.') && (name.ends_with(".partial") || name.contains(".partial-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_whole_and_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.pdf");
        write_new(&out, b"first", Access::Shared).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"first");
        let e = write_new(&out, b"second", Access::Shared).unwrap_err();
        assert!(matches!(e, Error::BadInput { ref id, .. } if id == "err-file-exists"), "{e:?}");
        assert_eq!(std::fs::read(&out).unwrap(), b"first");
        // Nothing is left beside it.
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("report.pdf")]);
    }

    #[test]
    fn a_file_that_appears_while_writing_is_kept_and_the_new_one_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("return.cofrestr");
        let e = make_new(&out, Access::Owner, |tmp| {
            std::fs::write(tmp, b"ours")?;
            std::fs::write(&out, b"theirs")?;
            Ok(())
        })
        .unwrap_err();
        assert!(matches!(e, Error::BadInput { ref id, .. } if id == "err-file-exists"), "{e:?}");
        assert_eq!(std::fs::read(&out).unwrap(), b"theirs");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_make_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("copy.db");
        let e = make_new(&out, Access::Owner, |tmp| {
            std::fs::write(tmp, b"half")?;
            Err(Error::bad_input("err-test"))
        });
        assert!(e.is_err());
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn secrets_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("join.json");
        write_new(&out, b"{}", Access::Owner).unwrap();
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn replace_overwrites_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("prefs").join("prefs.json");
        replace(&out, b"one").unwrap();
        replace(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(out.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn partial_names_are_recognised() {
        assert!(is_partial(".cofrestr-20261207T101010Z.db.abc123.partial"));
        assert!(!is_partial("cofrestr-20261207T101010Z.db"));
    }
}
