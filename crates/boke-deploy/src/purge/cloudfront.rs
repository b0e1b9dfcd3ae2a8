//! Amazon CloudFront's `CreateInvalidation` (API 2020-05-31): an XML batch of paths POSTed to
//! the distribution, signed with AWS Signature Version 4 for `cloudfront` in `us-east-1`.

use std::fmt::Write as _;

use super::{Call, host_of};
use crate::Error;
use crate::sign::{Request, SigV4};

pub const CLOUDFRONT_API: &str = "https://cloudfront.amazonaws.com";
/// CloudFront works on at most 3,000 file paths of a distribution at once, however many
/// invalidations hold them; a deploy changing more invalidates everything (`/*`, one path).
const CLOUDFRONT_PATHS: usize = 3000;

/// A site path as CloudFront's invalidation wants it: non-ASCII bytes and the characters RFC
/// 1738 calls unsafe percent-encoded, nothing else, since CloudFront matches the path as sent.
pub fn cloudfront_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_graphic() && !b" <>\"#%{}|\\^~[]`".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The invalidation batch's XML body.
pub fn batch(caller_reference: &str, paths: &[String]) -> String {
    let mut items = String::new();
    for path in paths {
        let _ = write!(items, "<Path>{}</Path>", xml_escape(path));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InvalidationBatch \
         xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"><CallerReference>{}\
         </CallerReference><Paths><Quantity>{}</Quantity><Items>{items}</Items></Paths>\
         </InvalidationBatch>",
        xml_escape(caller_reference),
        paths.len()
    )
}

/// The text of the first `<name>` element of `xml`.
fn element<'a>(xml: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    xml.split_once(&open)
        .and_then(|(_, rest)| rest.split_once(&format!("</{name}>")))
        .map_or("", |(text, _)| text)
}

/// Invalidates `paths` under `site_path` (the site address's own path, `/blog` or empty).
pub(super) fn purge(call: &Call, site_path: &str, paths: &[String]) -> Result<usize, Error> {
    let mut paths: Vec<String> = paths
        .iter()
        .map(|path| cloudfront_path(&format!("{site_path}{path}")))
        .collect();
    if paths.len() > CLOUDFRONT_PATHS {
        paths = vec![format!("{}/*", cloudfront_path(site_path))];
    }
    let now = jiff::Timestamp::now();
    // Unique per deploy: CloudFront takes a repeated reference with other paths as an error.
    let reference = format!("boke-{}", now.as_nanosecond());
    let body = batch(&reference, &paths);
    let api = call.api(CLOUDFRONT_API);
    let host = host_of(&api);
    let path = format!("/2020-05-31/distribution/{}/invalidation", call.purge.zone);
    let signer = SigV4 {
        access_key_id: &call.keys.id,
        secret_access_key: &call.keys.secret,
        session_token: call.keys.session_token.as_deref(),
        region: "us-east-1",
        service: "cloudfront",
    };
    let content_type = "text/xml";
    let request = Request {
        method: "POST",
        host: &host,
        path: &path,
        query: "",
        headers: &[("content-type", content_type)],
        body: body.as_bytes(),
    };
    let mut post = call
        .agent
        .post(&format!("{api}{path}"))
        .header("Host", &host)
        .header("Content-Type", content_type);
    for (name, value) in signer.sign(&request, now) {
        post = post.header(&name, &value);
    }
    let (status, text) = call.send(post, &body)?;
    if status != 201 {
        return Err(call.refused(status, element(&text, "Code"), element(&text, "Message")));
    }
    Ok(paths.len())
}
