//! Configuration for the hosts a site is deployed to, so that they answer a page's Markdown copy
//! when a request prefers `text/markdown`, as `boke serve` does: snippets for nginx, Caddy, a
//! Netlify edge function and a Cloudflare Pages worker, which the build writes beside the site
//! (`deploy/`), and the files those two hosts read from the published folder itself, which go
//! into it only when `[agents] host_files` names the host.
//!
//! Every snippet prefers Markdown as `serve` does (named, with a q-value at least that of HTML)
//! as far as its language lets it: nginx and Caddy through regular expressions that cover
//! Markdown named without HTML, and HTML given a q below 1 beside Markdown without one.

use crate::load::config::{Config, HostFiles};
use crate::render::OutputFile;

/// The folder of the site, beside `content/`, that the snippets are written to.
pub(crate) const DEPLOY_DIR: &str = "deploy";

/// The snippets for `deploy/`, as `(file name, text)`; `output` is the absolute output folder
/// they serve.
pub(crate) fn snippets(config: &Config, output: &std::path::Path) -> Vec<(&'static str, String)> {
    let root = output.display().to_string();
    let host = host_name(&config.base_url);
    vec![
        ("boke-nginx.conf", nginx(&root, &host)),
        ("boke.Caddyfile", caddy(&root, &host)),
        ("boke-netlify-edge-function.js", netlify_edge_function()),
        ("boke-cloudflare-worker.js", cloudflare_worker()),
    ]
}

/// The files of the hosts named in `[agents] host_files`, for the output folder itself.
pub(crate) fn published_files(config: &Config) -> Vec<OutputFile> {
    let mut files = Vec::new();
    if !config.agents.host_files.is_empty() {
        // Both hosts read the same `_headers` format.
        files.push(OutputFile::new("_headers", HEADERS));
    }
    if config.agents.host_files.contains(&HostFiles::Cloudflare) {
        files.push(OutputFile::new("_worker.js", cloudflare_worker()));
    }
    files
}

fn host_name(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|host| !host.is_empty())
        .unwrap_or("localhost")
        .to_owned()
}

const HEADERS: &str = "# Written by boke build: caches keep a page's HTML and Markdown answers apart.\n/*\n  Vary: Accept\n";

fn nginx(root: &str, host: &str) -> String {
    format!(
        r#"# Written by boke build: the site with each post's and page's Markdown copy answered when a
# request prefers text/markdown (Vary: Accept, Content-Location), as `boke serve` does. Include it
# inside http {{ }} (e.g. /etc/nginx/conf.d/boke.conf); set listen, server_name and TLS to yours.
# For permalinks ending in `/`; with `.html` permalinks the copies are `NAME.md`.
map $http_accept $boke_markdown {{
    default "";
    # text/markdown named, text/html not, and Markdown not refused with q=0
    "~*^(?!.*text/html)(?!.*text/markdown\s*;\s*q=0(\.0*)?\s*(,|$)).*text/markdown" "index.md";
    # both named: HTML with a q below 1, Markdown without one
    "~*^(?=.*text/html\s*;\s*q=0)(?=.*text/markdown\s*(,|$))" "index.md";
}}
map $uri $boke_content_location {{
    default "";
    "~\.md$" $uri;
}}
server {{
    listen 80;
    server_name {host};
    root {root};
    include mime.types;
    types {{ text/markdown md; }}
    charset utf-8;
    charset_types text/markdown text/plain text/css application/javascript application/xml application/json;
    error_page 404 /404.html;
    location / {{
        add_header Vary Accept always;
        add_header Content-Location $boke_content_location;
        try_files $uri$boke_markdown $uri $uri/ =404;
    }}
}}
"#
    )
}

fn caddy(root: &str, host: &str) -> String {
    let accept = "{http.request.header.Accept}";
    format!(
        r#"# Written by boke build: the site with each post's and page's Markdown copy answered when a
# request prefers text/markdown (Vary: Accept, Content-Location), as `boke serve` does. Use it as
# the Caddyfile or import it; set the address to yours. For permalinks ending in `/`.
{host} {{
	root * {root}
	@markdown {{
		expression `{accept}.matches(r'(?i)text/markdown') && !{accept}.matches(r'(?i)text/markdown\s*;\s*q=0(\.0*)?\s*(,|$)') && (!{accept}.matches(r'(?i)text/html') || ({accept}.matches(r'(?i)text/html\s*;\s*q=0') && {accept}.matches(r'(?i)text/markdown\s*(,|$)')))`
		file {{path}}index.md
	}}
	@mdfile path *.md
	header Vary Accept
	header @markdown Content-Location {{path}}index.md
	header @markdown Content-Type "text/markdown; charset=utf-8"
	header @mdfile Content-Type "text/markdown; charset=utf-8"
	rewrite @markdown {{path}}index.md
	file_server
	handle_errors {{
		rewrite * /404.html
		file_server
	}}
}}
"#
    )
}

/// `prefersMarkdown(accept)` in JavaScript, the rule of `serve::negotiate`, and the headers
/// of a Markdown answer.
const PREFERS_MARKDOWN_JS: &str = r#"function prefersMarkdown(accept) {
  const ranges = accept.split(",").map((item) => {
    const [range, ...parameters] = item.split(";").map((part) => part.trim().toLowerCase());
    const q = parameters.find((p) => p.startsWith("q="));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return [range, Number.isNaN(value) ? -1 : value];
  }).filter(([range, q]) => range && q >= 0);
  const quality = (subtype) => {
    let best = [0, 0];
    for (const [range, q] of ranges) {
      const s = range === `text/${subtype}` ? 3 : range === "text/*" ? 2 : range === "*/*" ? 1 : 0;
      if (s > best[0]) best = [s, q];
    }
    return best[1];
  };
  const named = ranges.some(([range, q]) => range === "text/markdown" && q > 0);
  return named && quality("markdown") >= quality("html");
}

function markdownCopy(copy, pathname) {
  const response = new Response(copy.body, copy);
  response.headers.set("Content-Type", "text/markdown; charset=utf-8");
  response.headers.set("Content-Location", pathname + "index.md");
  response.headers.append("Vary", "Accept");
  return response;
}
"#;

fn netlify_edge_function() -> String {
    format!(
        r#"// Written by boke build: a Netlify edge function that answers a page's Markdown copy when a
// request prefers text/markdown, as `boke serve` does. Copy it to netlify/edge-functions/ in the
// repository; with `[agents] host_files = ["netlify"]` the build also writes public/_headers.
{PREFERS_MARKDOWN_JS}
export default async (request, context) => {{
  const url = new URL(request.url);
  const wanted = (request.method === "GET" || request.method === "HEAD") &&
    url.pathname.endsWith("/") && prefersMarkdown(request.headers.get("accept") || "");
  if (wanted) {{
    const copy = await fetch(new URL(url.pathname + "index.md", url), {{ method: request.method }});
    if (copy.ok) return markdownCopy(copy, url.pathname);
  }}
  const response = await context.next();
  response.headers.append("Vary", "Accept");
  return response;
}};

export const config = {{ path: "/*" }};
"#
    )
}

fn cloudflare_worker() -> String {
    format!(
        r#"// Written by boke build: a Cloudflare Pages worker (_worker.js in the output folder, written
// there with `[agents] host_files = ["cloudflare"]`) that answers a page's Markdown copy when a
// request prefers text/markdown, as `boke serve` does.
{PREFERS_MARKDOWN_JS}
export default {{
  async fetch(request, env) {{
    const url = new URL(request.url);
    const wanted = (request.method === "GET" || request.method === "HEAD") &&
      url.pathname.endsWith("/") && prefersMarkdown(request.headers.get("accept") || "");
    if (wanted) {{
      const copy = await env.ASSETS.fetch(new Request(new URL(url.pathname + "index.md", url), request));
      if (copy.ok) return markdownCopy(copy, url.pathname);
    }}
    const asset = await env.ASSETS.fetch(request);
    const response = new Response(asset.body, asset);
    response.headers.append("Vary", "Accept");
    return response;
  }},
}};
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names() {
        assert_eq!(host_name("https://blog.example.com/"), "blog.example.com");
        assert_eq!(host_name("http://localhost:1111/"), "localhost");
        assert_eq!(host_name(""), "localhost");
    }
}
