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
