//! The build cache in `.boke-cache/`: each source's parsed page keyed by a hash of what it was
//! made from (all in one file, `pages.pack`), and a fingerprint of the last successful build's
//! inputs, so that a rebuild skips the work whose inputs did not change.
//!
//! A page's key hashes the boke executable, the whole configuration, the file's path (relative
//! to `content/`) and its bytes, not its modification time: a cache kept between CI runs, whose
//! checkouts give every file a new time, still serves, and one from another machine or folder
//! is either the same inputs or a miss. A post dated by its file's time is checked against that
//! time when read. The build's fingerprint hashes every key and every source's modification
//! time, the templates, the static files and assets (by path, size and modification time) and
//! the visibility options; with the
//! output manifest (see `emit`) it tells when nothing at all needs to be done.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use super::code_blocks::CodeBlocks;
use super::pack::{Appender, Pack};
use crate::assemble::Visibility;
use crate::diagnostic::Diagnostic;
use crate::emit::{Hash, Manifest, hex};
use crate::load::config::Config;
use crate::load::{Content, Source};
use crate::parse::images::ImageUse;
use crate::parse::{self, Page};
use crate::render::templates::{THEME_ASSETS, THEME_TEMPLATES};

use crate::load::CACHE_DIR;
const PAGES_FILE: &str = "pages.pack";
/// Where earlier versions kept a file per page; removed when found.
const OLD_PAGES_DIR: &str = "pages";
const BUILD_FILE: &str = "build.json";

/// The cache of one site, with the keys of this build's sources.
pub(crate) struct Cache {
    dir: PathBuf,
    /// One key per source, in the order of `Content::sources`.
    keys: Vec<Hash>,
    fingerprint: Hash,
}

/// What a parsed page is stored as: the page without its Markdown (the source has it), and the
/// warnings parsing gave, so a cached page reports them again.
#[derive(Deserialize)]
struct Entry {
    page: Page,
    warnings: Vec<Diagnostic>,
}

/// What the last successful build left: its fingerprint, and what its report said.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LastBuild {
    pub(crate) fingerprint: String,
    /// The earliest date of a post left out for being in the future: once it is past, the
    /// output is out of date even though no file changed.
    pub(crate) next_publish: Option<jiff::Timestamp>,
    pub(crate) output: PathBuf,
    pub(crate) posts: usize,
    pub(crate) pages: usize,
    pub(crate) files: usize,
    pub(crate) warnings: Vec<Diagnostic>,
    #[serde(default)]
    pub(crate) left_out: crate::assemble::LeftOut,
    /// What the output folder holds.
    pub(crate) outputs: Manifest,
}

impl Cache {
    /// Hashes the inputs of a build. Reading nothing from the cache folder yet, it cannot fail.
    pub(crate) fn new(
        root: &Path,
        config: &Config,
        content: &Content,
        templates_dir: &Path,
        visibility: Visibility,
    ) -> Self {
        let mut salt = Xxh3::new();
        salt.update(env!("CARGO_PKG_VERSION").as_bytes());
        salt.update(&build_identity().to_le_bytes());
        salt.update(serde_json::to_string(config).unwrap_or_default().as_bytes());
        let salt = salt.digest128();
        let content_dir = root.join(&config.content_dir);
        let beside = files_beside_bundles(content);
        let keys: Vec<Hash> = content
            .sources
            .par_iter()
            .map(|source| {
                let files = parse::bundle_dir(&source.content_path)
                    .and_then(|dir| beside.get(&dir))
                    .map_or(&[][..], Vec::as_slice);
                source_key(salt, source, &content_dir, files)
            })
            .collect();

        let mut fingerprint = Xxh3::new();
        fingerprint.update(&salt.to_le_bytes());
        fingerprint.update(&[u8::from(visibility.drafts), u8::from(visibility.future)]);
        for key in &keys {
            fingerprint.update(&key.to_le_bytes());
        }
        // The keys leave the times out; a post dated by its file's time changes with it, so
        // "nothing to do" needs them.
        for source in &content.sources {
            fingerprint.update(&nanos(source.modified).to_le_bytes());
        }
        for asset in &content.assets {
            hash_file_stamp(&mut fingerprint, &content_dir.join(asset));
        }
        for dir in [templates_dir, &root.join(&config.static_dir)] {
            for path in files_under(dir) {
                hash_file_stamp(&mut fingerprint, &path);
            }
        }
        Self {
            dir: root.join(CACHE_DIR),
            keys,
            fingerprint: fingerprint.digest128(),
        }
    }

    pub(crate) fn fingerprint(&self) -> String {
        hex(self.fingerprint)
    }

    /// The last successful build, if it wrote to `output`.
    pub(crate) fn last_build(&self, output: &Path) -> Option<LastBuild> {
        let text = std::fs::read(self.dir.join(BUILD_FILE)).ok()?;
        let last: LastBuild = serde_json::from_slice(&text).ok()?;
        (last.output == output).then_some(last)
    }

    /// Whether `last` was made from exactly these inputs, no future post has come due since,
    /// and its output is still on disk as written: then there is nothing to do.
    pub(crate) fn up_to_date(&self, last: &LastBuild, output: &Path) -> bool {
        let due = last
            .next_publish
            .is_some_and(|at| at <= jiff::Timestamp::now());
        last.fingerprint == self.fingerprint() && !due && last.outputs.intact(output)
    }

    /// Forgets the last build: called before the output starts to change, so that a build
    /// interrupted half-way is never taken for a finished one.
    pub(crate) fn forget_last_build(&self) {
        let _ = std::fs::remove_file(self.dir.join(BUILD_FILE));
    }

    pub(crate) fn save_last_build(&self, last: &LastBuild) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let bytes = serde_json::to_vec(last).map_err(std::io::Error::other)?;
        write_replacing(&self.dir.join(BUILD_FILE), &bytes)
    }

    /// Parses every source, taking the pages whose key is in the cache from there and storing
    /// the others. Entries of sources that are gone are dropped once they are most of the store.
    pub(crate) fn parse(
        &self,
        sources: &[Source],
        config: &Config,
    ) -> Vec<Result<parse::Parsed, Vec<Diagnostic>>> {
        let _ = std::fs::create_dir_all(&self.dir);
        let _ = std::fs::remove_dir_all(self.dir.join(OLD_PAGES_DIR));
        let path = self.dir.join(PAGES_FILE);
        let pack = Pack::open(&path);
        let appender = std::sync::OnceLock::new();
        let blocks = std::sync::Arc::new(CodeBlocks::new(&self.dir));
        let code = boke_markdown::CodeCache::new(blocks.clone());
        let parsed_again = std::sync::atomic::AtomicUsize::new(0);
        let parsed = sources
            .par_iter()
            .zip(&self.keys)
            .map(|(source, key)| {
                if let Some(parsed) = pack.get(*key).and_then(|bytes| read_entry(&bytes, source)) {
                    return Ok(parsed);
                }
                parsed_again.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let parsed = parse::parse_with(source, config, &code)?;
                if let Some(appender) = appender.get_or_init(|| pack.appender()) {
                    store_entry(appender, *key, &parsed);
                }
                Ok(parsed)
            })
            .collect();
        drop(appender);
        drop(pack);
        // A store that cannot be compacted only stays larger.
        let _ = Pack::compact(&path, &self.keys.iter().copied().collect());
        blocks.save(parsed_again.into_inner() == sources.len());
        parsed
    }
}

/// A source's key; `beside` are the files in its folder when it is a folder post, whose image
/// sizes its page shows.
fn source_key(salt: Hash, source: &Source, content_dir: &Path, beside: &[&PathBuf]) -> Hash {
    let mut hasher = Xxh3::new();
    hasher.update(&salt.to_le_bytes());
    hasher.update(source.content_path.to_string_lossy().as_bytes());
    hasher.update(&[0]);
    // Not the modification time: a fresh checkout (every CI build) gives every file a new
    // one. The one page it makes, a post dated by it, is checked against it when read.
    hasher.update(source.text.as_bytes());
    for file in beside {
        hash_file_stamp(&mut hasher, &content_dir.join(file));
    }
    hasher.digest128()
}

/// The files under each folder post's folder, by folder (relative to `content/`).
fn files_beside_bundles(content: &Content) -> HashMap<PathBuf, Vec<&PathBuf>> {
    let bundles: HashSet<PathBuf> = content
        .sources
        .iter()
        .filter_map(|source| parse::bundle_dir(&source.content_path))
        .collect();
    let mut beside: HashMap<PathBuf, Vec<&PathBuf>> = HashMap::new();
    for asset in &content.assets {
        if let Some(bundle) = asset.ancestors().skip(1).find(|dir| bundles.contains(*dir)) {
            beside.entry(bundle.to_path_buf()).or_default().push(asset);
        }
    }
    beside
}

fn nanos(time: SystemTime) -> u128 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// A file by path, size and modification time: enough to notice an edit without reading it.
fn hash_file_stamp(hasher: &mut Xxh3, path: &Path) {
    hasher.update(path.to_string_lossy().as_bytes());
    hasher.update(&[0]);
    if let Ok(meta) = std::fs::metadata(path) {
        hasher.update(&meta.len().to_le_bytes());
        hasher.update(&nanos(meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)).to_le_bytes());
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
        .flatten()
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_file()))
        .map(|entry| entry.path().to_path_buf())
        .collect()
}

fn read_entry(bytes: &[u8], source: &Source) -> Option<parse::Parsed> {
    let Entry { mut page, warnings } = bincode::deserialize(bytes).ok()?;
    // A page holds the sizes and copies of the images it shows: when one of those files
    // changed, or its copies are gone from the cache, the page is parsed again.
    if !page.images.iter().all(ImageUse::is_current) {
        return None;
    }
    if page.dated_by_file_time {
        let time = jiff::Timestamp::try_from(source.modified).ok();
        if page
            .placement
            .date
            .as_ref()
            .map(jiff::ZonedDateTime::timestamp)
            != time
        {
            return None;
        }
    }
    page.markdown = std::sync::Arc::clone(&source.text);
    Some(parse::Parsed { page, warnings })
}

/// A cache entry that cannot be written only costs the next build some time.
fn store_entry(appender: &Appender, key: Hash, parsed: &parse::Parsed) {
    #[derive(Serialize)]
    struct EntryRef<'a> {
        page: &'a Page,
        warnings: &'a [Diagnostic],
    }
    let entry = EntryRef {
        page: &parsed.page,
        warnings: &parsed.warnings,
    };
    if let Ok(bytes) = bincode::serialize(&entry) {
        appender.put(key, &bytes);
    }
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// What the running program is: a hash of its executable, so that a different build of boke
/// (a changed theme or renderer under the same version number) never reuses the cache of
/// another. Where the executable cannot be read, the embedded theme stands in for it.
fn build_identity() -> u128 {
    static IDENTITY: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *IDENTITY.get_or_init(|| {
        if let Some(hash) = std::env::current_exe()
            .ok()
            .and_then(|exe| hash_file(&exe).ok())
        {
            return hash;
        }
        let mut theme = Xxh3::new();
        for (path, text) in THEME_TEMPLATES.iter().chain(THEME_ASSETS) {
            theme.update(path.as_bytes());
            theme.update(text.as_bytes());
        }
        theme.digest128()
    })
}

/// The file's hash, read in pieces: the executable is tens of megabytes, which a whole read
/// would hold (and the kernel zero) for nothing but this hash.
fn hash_file(path: &Path) -> std::io::Result<u128> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        match std::io::Read::read(&mut file, &mut buffer) {
            Ok(0) => return Ok(hasher.digest128()),
            Ok(read) => hasher.update(&buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_page_reads_back_whole() {
        let text = "---\ntitle: 标题\ndate: 2026-01-02T03:04:05+08:00\nupdated: 2026-02-01\n\
                    tags: [AI, 搜索]\nextra:\n  cover: a.png\n  stars: [1, 2.5, null]\n  \
                    nested: {on: true}\n---\n\n## 第一节\n\n正文**加粗**。\n\n```rust\nfn main() {}\n```\n";
        let source = Source {
            path: "content/posts/a.md".into(),
            content_path: "posts/a.md".into(),
            text: text.into(),
            modified: SystemTime::UNIX_EPOCH,
            folder: std::path::PathBuf::new(),
            root: std::path::PathBuf::new(),
        };
        let parsed = parse::parse(&source, &Config::default())
            .unwrap_or_else(|problems| panic!("parses: {problems:?}"));
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("temporary folder: {error}"));
        let path = dir.path().join("pages.pack");
        let appender = Pack::open(&path)
            .appender()
            .unwrap_or_else(|| panic!("a store to write"));
        store_entry(&appender, 7, &parsed);
        drop(appender);
        let bytes = Pack::open(&path)
            .get(7)
            .unwrap_or_else(|| panic!("entry stored"));
        let read = read_entry(&bytes, &source).unwrap_or_else(|| panic!("entry reads back"));
        assert_eq!(format!("{:?}", read.page), format!("{:?}", parsed.page));
        assert_eq!(read.warnings, parsed.warnings);
        assert_eq!(read.page.extra["stars"], serde_json::json!([1, 2.5, null]));
        assert!(!read.page.toc.is_empty() && read.page.placement.date.is_some());
    }
}
