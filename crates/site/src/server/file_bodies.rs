//! Large fixed-page bodies sent from the executable file with `sendfile`, as nginx sends static
//! files: the kernel hands the socket the file's cached pages instead of copying the body from
//! memory for every response.
//!
//! The pages are embedded in the executable, so their bytes are in the file too, at an offset
//! `/proc/self/maps` tells. The file is opened through `/proc/self/exe` (the very file the
//! process runs, even if it has been replaced on disk since), and the offset is checked by
//! reading samples back and comparing them with memory; the kernel refuses writes to a running
//! executable, so the bytes cannot change afterwards. When any of this fails (another system, a
//! binary packed in some way), bodies are written from memory as before.

use std::fs::File;
use std::os::unix::fs::FileExt;

/// Bodies from this size on are sent from the file; smaller ones cost less to copy than a
/// second system call.
pub(super) const SENDFILE_MIN: usize = 8 * 1024;

/// The executable, and where the embedded pages are in it.
#[derive(Debug)]
pub(super) struct FileBodies {
    file: File,
    /// The address of the embedded block in memory.
    start: usize,
    len: usize,
    /// Its offset in the file.
    offset: u64,
}

impl FileBodies {
    /// Finds the embedded pages in the executable file, if this system allows.
    pub(super) fn open() -> Option<FileBodies> {
        let blob = siteerror_pages::blob();
        let start = blob.as_ptr() as usize;
        let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
        let offset = maps.lines().find_map(|line| file_offset(line, start, blob.len()))?;
        let file = File::open("/proc/self/exe").ok()?;
        let bodies = FileBodies {
            file,
            start,
            len: blob.len(),
            offset,
        };
        bodies.verify(blob).then_some(bodies)
    }

    /// Whether samples of the file at the offset found are the bytes in memory.
    fn verify(&self, blob: &[u8]) -> bool {
        const SAMPLE: usize = 4096;
        let step = (blob.len() / 16).max(1);
        (0..blob.len())
            .step_by(step)
            .chain([blob.len().saturating_sub(SAMPLE)])
            .all(|at| {
                let want = &blob[at..(at + SAMPLE).min(blob.len())];
                let mut got = vec![0; want.len()];
                self.file.read_exact_at(&mut got, self.offset + at as u64).is_ok() && got == want
            })
    }

    /// The file and the offset of `body`, when it is part of the embedded pages.
    pub(super) fn locate(&self, body: &[u8]) -> Option<(&File, u64)> {
        let at = (body.as_ptr() as usize).checked_sub(self.start)?;
        (at + body.len() <= self.len).then(|| (&self.file, self.offset + at as u64))
    }
}

/// The file offset of the `len` bytes at address `start`, from one line of `/proc/self/maps`
/// (`begin-end perms offset dev inode path`), when that mapping holds them all.
fn file_offset(line: &str, start: usize, len: usize) -> Option<u64> {
    let mut parts = line.split_ascii_whitespace();
    let (begin, end) = parts.next()?.split_once('-')?;
    let begin = usize::from_str_radix(begin, 16).ok()?;
    let end = usize::from_str_radix(end, 16).ok()?;
    let _perms = parts.next()?;
    let offset = u64::from_str_radix(parts.next()?, 16).ok()?;
    let _dev = parts.next()?;
    let inode = parts.next()?;
    if inode == "0" || !(begin <= start && start + len <= end) {
        return None;
    }
    Some(offset + (start - begin) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_line_gives_the_file_offset() {
        let line = "55d0a0000000-55d0a0400000 r--p 00200000 fd:00 1234 /usr/bin/siteerror";
        assert_eq!(file_offset(line, 0x55d0a0001000, 0x1000), Some(0x201000));
        // Not all inside, or not a file.
        assert_eq!(file_offset(line, 0x55d0a03ff000, 0x2000), None);
        let anon = "7f0000000000-7f0000100000 rw-p 00000000 00:00 0 ";
        assert_eq!(file_offset(anon, 0x7f0000000000, 16), None);
    }

    #[test]
    fn the_embedded_pages_are_found_in_the_running_executable() {
        let bodies = FileBodies::open().expect("the test binary embeds the pages");
        let page = siteerror_pages::page("/417").unwrap();
        let body = page.reps()[0].bytes(siteerror_pages::Encoding::Identity);
        let (file, at) = bodies.locate(body).unwrap();
        let mut got = vec![0; body.len()];
        file.read_exact_at(&mut got, at).unwrap();
        assert_eq!(got, body);
        assert!(bodies.locate(b"not embedded").is_none());
    }
}
