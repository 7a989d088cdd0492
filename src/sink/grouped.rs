//! `.eml` drafts for `batch`: written by a background thread and made durable in groups, so the
//! run never waits on the disk per draft. Each file still appears whole or not at all.
//!
//! A draft handed to [`Grouped::save_keyed`] goes to a hidden temp file in the directory at once;
//! every `GROUP_MAX` drafts or `GROUP_WAIT` after the first of a group, the thread syncs the
//! group's temp files, links each to its real name (never replacing one) and syncs the directory
//! once. A crash or kill therefore loses at most the unlinked group (a rerun drafts those again,
//! under the same names) and never leaves a torn `.eml`: data is on disk before the name exists.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::eml::{create_temp, draft_file_name, TEMP_PREFIX};
use super::{EmlDir, Saved, SinkError};
use crate::compose::Draft;

/// Most drafts synced together; also bounds the drafts waiting in memory.
const GROUP_MAX: usize = 64;
/// Longest a written draft waits for its group to be synced and linked.
const GROUP_WAIT: Duration = Duration::from_millis(200);

/// One draft for the writer thread: its final path and its bytes.
struct Job {
    target: PathBuf,
    bytes: Vec<u8>,
}

/// Drafts into an [`EmlDir`], written and synced in groups off the caller's thread.
#[derive(Debug)]
pub struct Grouped {
    dir: PathBuf,
    tx: Option<mpsc::SyncSender<Job>>,
    thread: Option<JoinHandle<Result<(), SinkError>>>,
    /// Set by the thread when it failed; the error itself comes from [`Grouped::finish`].
    failed: Arc<AtomicBool>,
    /// The file names claimed in this run, so one source is drafted once before it is linked.
    claimed: HashSet<PathBuf>,
}

impl Grouped {
    /// Start the writer thread for `dir`; temp files that killed runs left behind are removed.
    pub fn new(dir: EmlDir) -> Grouped {
        let dir = dir.dir().to_path_buf();
        remove_stale_temps(&dir);
        let (tx, rx) = mpsc::sync_channel::<Job>(GROUP_MAX);
        let failed = Arc::new(AtomicBool::new(false));
        let (thread_dir, thread_failed) = (dir.clone(), failed.clone());
        let thread = std::thread::spawn(move || {
            let result = write_groups(&thread_dir, &rx);
            if result.is_err() {
                thread_failed.store(true, Ordering::Relaxed);
            }
            result
        });
        Grouped {
            dir,
            tx: Some(tx),
            thread: Some(thread),
            failed,
            claimed: HashSet::new(),
        }
    }

    /// The directory drafts go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Queue `draft` under `key` unless a draft for that key exists or was queued in this run.
    /// `created` means it will be there once [`Grouped::finish`] returns Ok.
    pub fn save_keyed(&mut self, draft: &Draft, key: &str) -> Result<Saved, SinkError> {
        let target = self.dir.join(draft_file_name(key, key));
        let exists = self.claimed.contains(&target) || target.symlink_metadata().is_ok();
        if exists {
            return Ok(Saved {
                path: target,
                created: false,
            });
        }
        let job = Job {
            target: target.clone(),
            bytes: draft.bytes.clone(),
        };
        let sent = match &self.tx {
            Some(tx) if !self.failed.load(Ordering::Relaxed) => tx.send(job).is_ok(),
            _ => false,
        };
        if !sent {
            // The thread stopped on an error; finish() reports it.
            return Err(self.stop().err().unwrap_or_else(|| SinkError::Io {
                path: self.dir.clone(),
                source: io::Error::other("the draft writer stopped"),
            }));
        }
        self.claimed.insert(target.clone());
        Ok(Saved {
            path: target,
            created: true,
        })
    }

    /// Write, sync and link every queued draft; the first error of the writer thread, if any.
    pub fn finish(mut self) -> Result<(), SinkError> {
        self.stop()
    }

    fn stop(&mut self) -> Result<(), SinkError> {
        drop(self.tx.take());
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => Ok(()),
        }
    }
}

impl Drop for Grouped {
    fn drop(&mut self) {
        // Without finish() (an early return): still put every queued draft in place.
        if !std::thread::panicking() {
            let _ = self.stop();
        }
    }
}

/// The writer thread: collect a group, make it durable, repeat until the sender is gone.
fn write_groups(dir: &Path, rx: &mpsc::Receiver<Job>) -> Result<(), SinkError> {
    let mut group: Vec<Written> = Vec::with_capacity(GROUP_MAX);
    let result = (|| {
        while let Ok(first) = rx.recv() {
            let deadline = Instant::now() + GROUP_WAIT;
            group.push(write_temp(dir, first)?);
            while group.len() < GROUP_MAX {
                let wait = deadline.saturating_duration_since(Instant::now());
                match rx.recv_timeout(wait) {
                    Ok(job) => group.push(write_temp(dir, job)?),
                    Err(_) => break,
                }
            }
            commit(dir, &mut group)?;
        }
        Ok(())
    })();
    // On an error, no temp file of this run may linger.
    for (tmp, _, _) in group {
        let _ = fs::remove_file(tmp);
    }
    result
}

/// A draft in its temp file, still open for the sync: (temp path, final path, file).
type Written = (PathBuf, PathBuf, File);

/// Write one job to a new temp file (not synced yet).
fn write_temp(dir: &Path, job: Job) -> Result<Written, SinkError> {
    let (tmp, mut file) = create_temp(dir).map_err(|source| SinkError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    if let Err(source) = file.write_all(&job.bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(SinkError::Io { path: tmp, source });
    }
    Ok((tmp, job.target, file))
}

/// Sync the group's files, link each into place (an existing name is kept: another run drafted
/// it first), remove the temp names and sync the directory once.
fn commit(dir: &Path, group: &mut Vec<Written>) -> Result<(), SinkError> {
    for (tmp, _, file) in group.iter() {
        file.sync_all().map_err(|source| SinkError::Io {
            path: tmp.clone(),
            source,
        })?;
    }
    while let Some((tmp, target, _)) = group.pop() {
        let linked = match fs::hard_link(&tmp, &target) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            // Filesystems without hard links: check-then-rename (tiny race window).
            Err(_) if target.symlink_metadata().is_ok() => Ok(()),
            Err(_) => fs::rename(&tmp, &target),
        };
        let _ = fs::remove_file(&tmp);
        linked.map_err(|source| SinkError::Io {
            path: target,
            source,
        })?;
    }
    // Persist the new directory entries; not every platform lets a directory be synced.
    let _ = File::open(dir).and_then(|d| d.sync_all());
    Ok(())
}

/// Remove the temp files of runs that were killed: names of ours whose process is gone. Only
/// where `/proc` tells which processes live; elsewhere they stay (hidden and harmless).
fn remove_stale_temps(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP_PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !proc.join(pid).exists() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::sink::eml::tests::names;

    fn draft(body: &str) -> Draft {
        crate::sink::eml::tests::draft(None, body)
    }

    #[test]
    fn every_draft_is_in_place_after_finish_and_each_key_once() {
        let tmp = tempfile::tempdir().unwrap();
        let mut sink = Grouped::new(EmlDir::new(tmp.path()).unwrap());
        let mut created = 0;
        for i in 0..150 {
            let key = format!("id-{}@x", i % 100);
            let saved = sink.save_keyed(&draft(&format!("body {i}")), &key).unwrap();
            assert_eq!(saved.path, tmp.path().join(draft_file_name(&key, &key)));
            created += usize::from(saved.created);
        }
        assert_eq!(created, 100, "the second draft for a key is not created");
        sink.finish().unwrap();
        let files = names(tmp.path());
        assert_eq!(files.len(), 100, "no temp file left: {files:?}");
        let first = tmp.path().join(draft_file_name("id-7@x", "id-7@x"));
        assert_eq!(fs::read_to_string(first).unwrap(), "body 7");
    }

    #[test]
    fn an_existing_draft_is_kept_and_not_created_again() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join(draft_file_name("k@x", "k@x"));
        fs::write(&target, "hand-edited").unwrap();
        let mut sink = Grouped::new(EmlDir::new(tmp.path()).unwrap());
        assert!(!sink.save_keyed(&draft("new"), "k@x").unwrap().created);
        sink.finish().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "hand-edited");
        assert_eq!(names(tmp.path()).len(), 1);
    }

    #[test]
    fn a_directory_that_goes_away_is_an_error_from_finish() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("drafts");
        let mut sink = Grouped::new(EmlDir::new(&dir).unwrap());
        fs::remove_dir(&dir).unwrap();
        // The first save may already see the writer's error; if not, finish() reports it.
        let saved = sink.save_keyed(&draft("x"), "a@x");
        let finished = sink.finish();
        assert!(saved.is_err() || finished.is_err());
    }

    #[test]
    fn temp_files_of_dead_processes_are_removed_and_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        // PIDs above the kernel's maximum (4194304) never run.
        let dead = tmp.path().join(format!("{TEMP_PREFIX}999999999-1-0.tmp"));
        let live = tmp
            .path()
            .join(format!("{TEMP_PREFIX}{}-1-0.tmp", std::process::id()));
        let other = tmp.path().join(".rebound-notes");
        for p in [&dead, &live, &other] {
            fs::write(p, "x").unwrap();
        }
        Grouped::new(EmlDir::new(tmp.path()).unwrap())
            .finish()
            .unwrap();
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
    }
}
