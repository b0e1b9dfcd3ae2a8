//! The example blog (`examples/blog` in the repository), embedded in the binary so that
//! `boke init --example` works from an installed `boke` without the repository.

use std::path::{Path, PathBuf};

use super::{ScaffoldError, create_dir, write_bytes};
use crate::load::config::CONFIG_FILE;

/// Every file of the example blog, by path inside the site.
pub(crate) const FILES: &[(&str, &[u8])] = &[
    (
        "boke.toml",
        include_bytes!("../../../../examples/blog/boke.toml"),
    ),
    (
        "content/about.md",
        include_bytes!("../../../../examples/blog/content/about.md"),
    ),
    (
        "content/links.md",
        include_bytes!("../../../../examples/blog/content/links.md"),
    ),
    (
        "content/posts/2026-01-05-2026-ai-trends.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-01-05-2026-ai-trends.md"),
    ),
    (
        "content/posts/2026-02-10-rust-tokenizer.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-02-10-rust-tokenizer.md"),
    ),
    (
        "content/posts/2026-03-20-open-weights-in-practice.md",
        include_bytes!(
            "../../../../examples/blog/content/posts/2026-03-20-open-weights-in-practice.md"
        ),
    ),
    (
        "content/posts/2026-04-08-agent-workflows.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-04-08-agent-workflows.md"),
    ),
    (
        "content/posts/2026-05-06-chinese-search-index.md",
        include_bytes!(
            "../../../../examples/blog/content/posts/2026-05-06-chinese-search-index.md"
        ),
    ),
    (
        "content/posts/2026-05-20-evaluating-chinese-llms.md",
        include_bytes!(
            "../../../../examples/blog/content/posts/2026-05-20-evaluating-chinese-llms.md"
        ),
    ),
    (
        "content/posts/2026-06-15-token-pricing.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-06-15-token-pricing.md"),
    ),
    (
        "content/posts/2026-07-01-unfinished/figure.svg",
        include_bytes!("../../../../examples/blog/content/posts/2026-07-01-unfinished/figure.svg"),
    ),
    (
        "content/posts/2026-07-01-unfinished/index.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-07-01-unfinished/index.md"),
    ),
    (
        "content/posts/2026-12-01-rich-content.md",
        include_bytes!("../../../../examples/blog/content/posts/2026-12-01-rich-content.md"),
    ),
    (
        "content/posts/2099-01-01-future-post.md",
        include_bytes!("../../../../examples/blog/content/posts/2099-01-01-future-post.md"),
    ),
    (
        "static/images/build-times.png",
        include_bytes!("../../../../examples/blog/static/images/build-times.png"),
    ),
    (
        "content/posts/大模型推理成本.md",
        include_bytes!("../../../../examples/blog/content/posts/大模型推理成本.md"),
    ),
    (
        "data/links.toml",
        include_bytes!("../../../../examples/blog/data/links.toml"),
    ),
    (
        "static/images/friends/qingshi.svg",
        include_bytes!("../../../../examples/blog/static/images/friends/qingshi.svg"),
    ),
    (
        "static/emoji/boke/laugh.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/laugh.svg"),
    ),
    (
        "static/emoji/boke/owo.json",
        include_bytes!("../../../../examples/blog/static/emoji/boke/owo.json"),
    ),
    (
        "static/emoji/boke/smile.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/smile.svg"),
    ),
    (
        "static/emoji/boke/tears.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/tears.svg"),
    ),
    (
        "static/emoji/boke/think.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/think.svg"),
    ),
    (
        "static/emoji/boke/thumbs.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/thumbs.svg"),
    ),
    (
        "static/emoji/boke/wow.svg",
        include_bytes!("../../../../examples/blog/static/emoji/boke/wow.svg"),
    ),
];

/// Writes the example blog into `dir`, refusing to overwrite an existing site, or to mix with
/// other files unless `force`.
pub fn init_example(dir: &Path, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(ScaffoldError::SiteExists(dir.join(CONFIG_FILE)));
    }
    if !force && super::holds_files(dir) {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            create_dir(parent)?;
        }
        write_bytes(&path, text)?;
        written.push(path);
    }
    create_dir(&dir.join("static"))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to `examples/blog` must be added to [`FILES`] too.
    #[test]
    fn embeds_every_file_of_the_example() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog");
        let mut on_disk: Vec<String> = ignore::WalkBuilder::new(&root)
            .standard_filters(false)
            .hidden(true)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| {
                let relative = e
                    .path()
                    .strip_prefix(&root)
                    .ok()?
                    .to_string_lossy()
                    .into_owned();
                (!relative.starts_with("public/")).then_some(relative)
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = FILES.iter().map(|(p, _)| (*p).to_owned()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
