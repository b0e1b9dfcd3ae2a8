//! `--fetch-images`: remote images a post shows, downloaded once each into the post's folder,
//! with a size cap and a timeout; a failure is the report's line for that URL, never the
//! import's. `.boke-import-images.json` remembers which file came from which URL, so a run
//! again keeps the files it finds instead of downloading them again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::ImportError;
use crate::report::Report;
use crate::write::Writer;

/// Beside `.boke-import.json`: each downloaded file (relative to the new site) and its URL.
const DOWNLOADS: &str = ".boke-import-images.json";

/// How far a download may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchImages {
    /// Larger images are not kept.
    pub max_bytes: u64,
    /// For the whole request, answer and body included.
    pub timeout: Duration,
}

impl Default for FetchImages {
    fn default() -> Self {
        FetchImages {
            max_bytes: 10 * 1024 * 1024,
            timeout: Duration::from_secs(20),
        }
    }
}

/// Downloads, each URL asked for once whatever the number of posts that show it.
pub(crate) struct Fetcher {
    limits: FetchImages,
    #[cfg(feature = "fetch-images")]
    agent: ureq::Agent,
    done: HashMap<String, Result<Vec<u8>, String>>,
    out: PathBuf,
    /// What the last run downloaded: file → URL.
    earlier: BTreeMap<String, String>,
    /// What this run placed: file → URL.
    placed: BTreeMap<String, String>,
}

impl Fetcher {
    /// A fetcher for the new site at `out`, knowing what an earlier import downloaded there.
    pub(crate) fn new(limits: FetchImages, out: &Path) -> Fetcher {
        let earlier = std::fs::read_to_string(out.join(DOWNLOADS))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Fetcher {
            out: out.to_path_buf(),
            earlier,
            placed: BTreeMap::new(),
            limits,
            #[cfg(feature = "fetch-images")]
            agent: ureq::Agent::config_builder()
                .timeout_global(Some(limits.timeout))
                .user_agent(concat!("boke-import/", env!("CARGO_PKG_VERSION")))
                .build()
                .into(),
            done: HashMap::new(),
        }
    }

    /// Puts the image at `url` into the post folder `folder` (under `content/`): the file an
    /// earlier run downloaded, when it is still there, else a download. The file's name, and
    /// the report's line; or why there is none.
    pub(crate) fn place(
        &mut self,
        url: &str,
        folder: &str,
        names: &mut Vec<String>,
        writer: &mut Writer,
        report: &mut Report,
    ) -> Result<Result<(String, String), String>, ImportError> {
        let prefix = format!("content/{folder}");
        let in_folder = |file: &str| {
            file.strip_prefix(&prefix)
                .is_some_and(|name| !name.contains('/'))
        };
        // Shown twice in one post: one file.
        if let Some((file, _)) = self
            .placed
            .iter()
            .find(|(file, from)| *from == url && in_folder(file))
        {
            let name = file[prefix.len()..].to_owned();
            return Ok(Ok((
                name,
                format!("{url}: the same file as above, `{file}`"),
            )));
        }
        let kept = self
            .earlier
            .iter()
            .find(|(file, from)| *from == url && in_folder(file) && self.out.join(file).is_file());
        if let Some((file, _)) = kept {
            let file = file.clone();
            writer.keep(&file, report)?;
            self.placed.insert(file.clone(), url.to_owned());
            names.push(file[prefix.len()..].to_owned());
            let note = format!("{url}: kept `{file}`, downloaded by an earlier import");
            return Ok(Ok((file[prefix.len()..].to_owned(), note)));
        }
        let bytes = match self.get(url) {
            Ok(bytes) => bytes.to_vec(),
            Err(why) => return Ok(Err(why.to_owned())),
        };
        let name = file_name(url, names);
        let file = format!("{prefix}{name}");
        writer.write(&file, &bytes, report)?;
        self.placed.insert(file.clone(), url.to_owned());
        Ok(Ok((name, format!("{url}: downloaded to `{file}`"))))
    }

    /// Records what this run placed, for the next.
    pub(crate) fn finish(self) -> Result<(), ImportError> {
        let text = serde_json::to_string_pretty(&self.placed).unwrap_or_default();
        let path = self.out.join(DOWNLOADS);
        std::fs::write(&path, text).map_err(|source| ImportError::Write { path, source })
    }

    /// The image's bytes, or why there are none.
    fn get(&mut self, url: &str) -> Result<&[u8], &str> {
        if !self.done.contains_key(url) {
            let result = self.download(url);
            self.done.insert(url.to_owned(), result);
        }
        match self.done.get(url) {
            Some(Ok(bytes)) => Ok(bytes),
            Some(Err(why)) => Err(why),
            None => Err("not downloaded"),
        }
    }

    #[cfg(feature = "fetch-images")]
    fn download(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut response = self.agent.get(url).call().map_err(|error| match error {
            ureq::Error::StatusCode(status) => format!("the server answered {status}"),
            ureq::Error::Timeout(_) => {
                format!("no answer within {} s", self.limits.timeout.as_secs_f32())
            }
            other => other.to_string(),
        })?;
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if !kind.is_empty() && !kind.starts_with("image/") {
            return Err(format!("not an image (`{kind}`)"));
        }
        response
            .body_mut()
            .with_config()
            .limit(self.limits.max_bytes)
            .read_to_vec()
            .map_err(|error| match error {
                ureq::Error::BodyExceedsLimit(_) => {
                    format!("larger than {} bytes", self.limits.max_bytes)
                }
                ureq::Error::Timeout(_) => format!(
                    "not finished within {} s",
                    self.limits.timeout.as_secs_f32()
                ),
                other => other.to_string(),
            })
    }

    #[cfg(not(feature = "fetch-images"))]
    fn download(&self, _url: &str) -> Result<Vec<u8>, String> {
        let _ = self.limits;
        Err("this boke was built without the `fetch-images` feature".into())
    }
}

/// A file name for the image at `url` beside a post: its last path part without the query,
/// made safe, with `.jpg`-like extension kept; `taken` names already used in that folder.
pub(crate) fn file_name(url: &str, taken: &mut Vec<String>) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    let last = percent_encoding::percent_decode_str(last).decode_utf8_lossy();
    let mut base = crate::slugs::file_name(&last);
    if base == "post" || !base.contains('.') {
        base = format!(
            "image-{:08x}.img",
            xxhash_rust::xxh3::xxh3_64(url.as_bytes()) as u32
        );
    }
    let (stem, extension) = base.rsplit_once('.').unwrap_or((&base, "img"));
    let mut name = base.clone();
    let mut number = 2;
    while taken.contains(&name) {
        name = format!("{stem}-{number}.{extension}");
        number += 1;
    }
    taken.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn names_beside_the_post() {
        let mut taken = Vec::new();
        assert_eq!(
            file_name(
                "https://img.example.com/a/cat.png?x-oss-process=style",
                &mut taken
            ),
            "cat.png"
        );
        assert_eq!(
            file_name("https://cdn.example.com/b/cat.png", &mut taken),
            "cat-2.png"
        );
        assert_eq!(
            file_name("https://example.com/%E5%9B%BE.jpg", &mut taken),
            "图.jpg"
        );
        let odd = file_name("https://example.com/image", &mut taken);
        assert!(odd.starts_with("image-") && odd.ends_with(".img"), "{odd}");
    }
}
