//! One `[[deploy]]` table of `boke.toml`: where a site goes and how. Credentials are never
//! read from here, only from the environment and the usual credential files.

use serde::{Deserialize, Serialize};

/// What kind of place a target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// S3-compatible object storage: AWS S3, Cloudflare R2, MinIO, Aliyun OSS, Tencent COS,
    /// Qiniu Kodo, Huawei OBS.
    S3,
    /// A folder: a mounted VPS disk, or what rsync or a web server then serves.
    Folder,
    /// A branch of a git repository (GitHub Pages, Gitee Pages, Codeberg Pages).
    Git,
}

/// A `[[deploy]]` target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetConfig {
    /// What `boke deploy NAME` calls it.
    pub name: String,
    pub kind: Kind,
    /// The bucket (`s3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// The folder (`folder`, relative to the site) or the remote repository (`git`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A folder inside the bucket, folder or branch the site goes under, e.g. `blog/`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// The bucket's region (`s3`) [default: `AWS_REGION`, else `us-east-1`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The S3-compatible endpoint, e.g. `https://oss-cn-hangzhou.aliyuncs.com` [default: AWS].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Address the bucket as `https://BUCKET.endpoint/` rather than `https://endpoint/BUCKET/`
    /// (Aliyun OSS and Tencent COS need it) [default: false].
    #[serde(default, skip_serializing_if = "is_false")]
    pub virtual_hosted: bool,
    /// Uploads in flight at once (`s3`) [default: 16].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    /// The branch (`git`) [default: `gh-pages`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Keep the branch at one commit, replaced by each deploy (`git`) [default: false, one
    /// commit per deploy on top of the last].
    #[serde(default, skip_serializing_if = "is_false")]
    pub orphan: bool,
    /// `Cache-Control` for paths matching a pattern, before the defaults, e.g.
    /// `{ pattern = "images/**", value = "public, max-age=604800" }`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cache_control: Vec<CacheRule>,
    /// The CDN in front of the target, told to forget the changed URLs after a deploy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purge: Option<Purge>,
    /// The search engines told about the pages a deploy added or changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<Notify>,
    /// Pre-compressed text files: `"gzip"`, `"br"` or a list of both (`folder` only). An `s3`
    /// object is stored compressed with its `Content-Encoding`; a `folder` gets `FILE.gz` and
    /// `FILE.br` beside each file [default: none].
    #[serde(default, skip_serializing_if = "Precompress::is_empty")]
    pub precompress: Precompress,
    /// How alias pages redirect (`s3`): `"page"`, the HTML page alone [default], or
    /// `"metadata"`, the page with `x-amz-website-redirect-location` naming its target, which
    /// S3 website endpoints, Aliyun OSS and Tencent COS static hosting answer with a 301.
    #[serde(default, skip_serializing_if = "Redirects::is_page")]
    pub redirects: Redirects,
}

/// A compression a target keeps files in, by its `Content-Encoding` token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Encoding {
    /// Brotli: smaller, but served only to clients that ask for it.
    #[serde(rename = "br", alias = "brotli")]
    Brotli,
    /// gzip: understood by every HTTP client.
    #[serde(rename = "gzip")]
    Gzip,
}

impl Encoding {
    /// The `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The suffix of a pre-compressed copy beside its file (`index.html.gz`), as nginx's
    /// `gzip_static` and `brotli_static` and Caddy's `precompressed` look for it.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
        }
    }

    /// The encoding of a `Content-Encoding` token.
    pub fn from_token(token: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.token() == token)
    }

    pub const ALL: [Encoding; 2] = [Self::Brotli, Self::Gzip];
}

/// `precompress`: one encoding or a list, kept sorted without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Precompress(Vec<Encoding>);

impl Precompress {
    pub fn new(encodings: impl IntoIterator<Item = Encoding>) -> Self {
        let mut list: Vec<Encoding> = encodings.into_iter().collect();
        list.sort();
        list.dedup();
        Self(list)
    }

    pub fn encodings(&self) -> &[Encoding] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Precompress {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, SeqAccess, Visitor};

        fn encoding<E: Error>(token: &str) -> Result<Encoding, E> {
            match token {
                "brotli" => Ok(Encoding::Brotli),
                _ => Encoding::from_token(token).ok_or_else(|| {
                    E::custom(format!(
                        "unknown encoding `{token}`: precompress takes \"gzip\", \"br\" or a list of them"
                    ))
                }),
            }
        }

        struct OneOrMore;
        impl<'de> Visitor<'de> for OneOrMore {
            type Value = Precompress;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("\"gzip\", \"br\" or a list of them")
            }

            fn visit_str<E: Error>(self, token: &str) -> Result<Precompress, E> {
                encoding(token).map(|e| Precompress::new([e]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Precompress, A::Error> {
                let mut list = Vec::new();
                while let Some(token) = seq.next_element::<String>()? {
                    list.push(encoding(&token)?);
                }
                Ok(Precompress::new(list))
            }
        }

        deserializer.deserialize_any(OneOrMore)
    }
}

/// `redirects`: how an alias page sends its reader on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Redirects {
    /// The HTML page alone (its `<meta http-equiv="refresh">`).
    #[default]
    Page,
    /// The page, with the redirect as the object's metadata as well.
    Metadata,
}

impl Redirects {
    fn is_page(&self) -> bool {
        *self == Self::Page
    }
}

/// `[deploy.notify]`: IndexNow (Bing, Yandex, Seznam, Naver) and Baidu's URL push.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notify {
    /// The site's IndexNow key, public by design: the site must serve it as `/KEY.txt`
    /// (put the file in `static/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexnow_key: Option<String>,
    /// Push to Baidu, with the token from `BAIDU_PUSH_TOKEN` (ziyuan.baidu.com, 普通收录 → API提交).
    #[serde(default, skip_serializing_if = "is_false")]
    pub baidu: bool,
    /// IndexNow's address [default: `https://api.indexnow.org/indexnow`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexnow_endpoint: Option<String>,
    /// Baidu's address [default: `http://data.zz.baidu.com/urls`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baidu_endpoint: Option<String>,
}

/// Which CDN caches the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cdn {
    /// Cloudflare's purge by URL; the token from `CLOUDFLARE_API_TOKEN`.
    Cloudflare,
    /// Amazon CloudFront's invalidation; keys from `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`).
    #[serde(rename = "cloudfront")]
    CloudFront,
    /// Aliyun CDN's `RefreshObjectCaches`; keys from `ALIBABA_CLOUD_ACCESS_KEY_ID` and
    /// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (and `ALIBABA_CLOUD_SECURITY_TOKEN`).
    Aliyun,
    /// Tencent Cloud CDN's `PurgeUrlsCache`; keys from `TENCENTCLOUD_SECRET_ID` and
    /// `TENCENTCLOUD_SECRET_KEY` (and `TENCENTCLOUD_SESSION_TOKEN`).
    Tencent,
}

impl Cdn {
    pub fn name(self) -> &'static str {
        match self {
            Self::Cloudflare => "Cloudflare",
            Self::CloudFront => "CloudFront",
            Self::Aliyun => "Aliyun CDN",
            Self::Tencent => "Tencent Cloud CDN",
        }
    }

    /// Whether the API needs a `zone`: Cloudflare's zone id, CloudFront's distribution id.
    /// Aliyun's and Tencent's find the domain in the URLs themselves.
    pub fn needs_zone(self) -> bool {
        matches!(self, Self::Cloudflare | Self::CloudFront)
    }
}

/// `[deploy.purge]`: the CDN and the zone the site is in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purge {
    pub cdn: Cdn,
    /// Cloudflare: the zone's id (the dashboard's Overview page, "Zone ID"); CloudFront: the
    /// distribution's id (`E2QWRUHAPOMQZL`). Aliyun and Tencent take none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// The API's address [default: the vendor's].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
}

/// A `Cache-Control` value for the paths matching `pattern` (`*` within one folder, `**`
/// across folders).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheRule {
    pub pattern: String,
    pub value: String,
}

fn is_false(value: &bool) -> bool {
    !value
}

impl TargetConfig {
    /// The target's problem, worded for the user, when a key its kind needs is missing or
    /// one it does not take is given: `(key, message, hint)`.
    pub fn problem(&self) -> Option<(&'static str, String, String)> {
        let name = &self.name;
        let missing = |key: &'static str, example: &str| {
            Some((
                key,
                format!("deploy target `{name}` has no `{key}`"),
                format!("add e.g. {key} = {example}"),
            ))
        };
        match self.kind {
            Kind::S3 if self.bucket.as_deref().is_none_or(str::is_empty) => {
                missing("bucket", "\"blog\"")
            }
            Kind::Folder | Kind::Git if self.url.as_deref().is_none_or(str::is_empty) => missing(
                "url",
                if self.kind == Kind::Folder {
                    "\"/srv/www/blog\""
                } else {
                    "\"git@github.com:me/me.github.io.git\""
                },
            ),
            _ if self.prefix.split('/').any(|part| part == "..") => Some((
                "prefix",
                format!(
                    "deploy target `{name}`: prefix `{}` leaves its folder",
                    self.prefix
                ),
                "give a folder inside the target, e.g. prefix = \"blog/\"".into(),
            )),
            _ if self
                .purge
                .as_ref()
                .is_some_and(|p| p.cdn.needs_zone() && p.zone.is_empty()) =>
            {
                let cloudflare = self
                    .purge
                    .as_ref()
                    .is_some_and(|p| p.cdn == Cdn::Cloudflare);
                Some((
                    "zone",
                    format!("deploy target `{name}`: the purge has no zone"),
                    if cloudflare {
                        "give the CDN's zone id, e.g. zone = \"023e105f4ecef8ad9ca31a8372d0c353\""
                    } else {
                        "give the CloudFront distribution's id, e.g. zone = \"E2QWRUHAPOMQZL\""
                    }
                    .into(),
                ))
            }
            _ if self.concurrency == Some(0) => Some((
                "concurrency",
                format!("deploy target `{name}`: concurrency must be at least 1"),
                "leave it out for 16 uploads at once".into(),
            )),
            Kind::S3 if self.precompress.encodings().len() > 1 => Some((
                "precompress",
                format!(
                    "deploy target `{name}`: an S3 object has one body, so precompress takes one \
                     encoding"
                ),
                "precompress = \"gzip\" (every client reads it) or \"br\" (only behind a CDN \
                 that passes Accept-Encoding on)"
                    .into(),
            )),
            Kind::Git if !self.precompress.is_empty() => Some((
                "precompress",
                format!("deploy target `{name}`: a git target's host compresses what it serves"),
                "remove precompress: GitHub, Gitee and Codeberg Pages compress for themselves"
                    .into(),
            )),
            Kind::Folder | Kind::Git if self.redirects == Redirects::Metadata => Some((
                "redirects",
                format!(
                    "deploy target `{name}`: redirects = \"metadata\" is object metadata, which \
                     only an s3 target has"
                ),
                "remove it: the alias pages redirect by themselves".into(),
            )),
            _ if !cfg!(feature = "brotli")
                && self.precompress.encodings().contains(&Encoding::Brotli) =>
            {
                Some((
                    "precompress",
                    format!("deploy target `{name}`: this boke was built without brotli"),
                    "use precompress = \"gzip\", or build boke-deploy with its `brotli` feature \
                     (the default)"
                        .into(),
                ))
            }
            _ => None,
        }
    }

    /// `prefix` as a key prefix: no leading slash, one trailing slash, or empty.
    pub fn key_prefix(&self) -> String {
        let trimmed = self.prefix.trim_matches('/');
        if trimmed.is_empty() {
            String::new()
        } else {
            format!("{trimmed}/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(json: &str) -> Result<TargetConfig, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn precompress_is_one_encoding_or_a_list() {
        let one = target(r#"{"name": "a", "kind": "s3", "bucket": "b", "precompress": "gzip"}"#);
        assert_eq!(one.unwrap().precompress.encodings(), [Encoding::Gzip]);
        let list = r#"{"name": "a", "kind": "folder", "url": "u", "precompress": ["gzip", "brotli", "br"]}"#;
        let both = target(list).unwrap();
        assert_eq!(
            both.precompress.encodings(),
            [Encoding::Brotli, Encoding::Gzip]
        );
        assert_eq!(both.problem(), None);
        let error = target(r#"{"name": "a", "kind": "s3", "bucket": "b", "precompress": "zstd"}"#)
            .unwrap_err();
        assert!(error.contains("unknown encoding `zstd`"), "{error}");
    }

    #[test]
    fn settings_a_kind_cannot_honour_are_problems() {
        let problem = |json: &str| target(json).unwrap().problem().map(|(key, ..)| key);
        let s3 = r#"{"name": "a", "kind": "s3", "bucket": "b", "precompress": ["gzip", "br"]}"#;
        assert_eq!(problem(s3), Some("precompress"));
        let git = r#"{"name": "a", "kind": "git", "url": "u", "precompress": "gzip"}"#;
        assert_eq!(problem(git), Some("precompress"));
        let folder = r#"{"name": "a", "kind": "folder", "url": "u", "redirects": "metadata"}"#;
        assert_eq!(problem(folder), Some("redirects"));
        let fine = r#"{"name": "a", "kind": "s3", "bucket": "b", "redirects": "metadata"}"#;
        assert_eq!(problem(fine), None);
    }
}
