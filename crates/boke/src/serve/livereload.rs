//! Live reload for served pages: the script that listens to `/__boke/events`, and the tags
//! added to served HTML (never to `boke build` output) — the script, and the problem overlay.

/// Where the script is served.
pub(crate) const SCRIPT_PATH: &str = "/__boke/livereload.js";
/// The server-sent events stream.
pub(crate) const EVENTS_PATH: &str = "/__boke/events";

/// Reloads on `reload`, swaps stylesheets on `css`, shows the overlay on `problem`. The scroll
/// position survives a reload through sessionStorage.
pub(crate) const SCRIPT: &str = r#"(() => {
  "use strict";
  const key = "boke-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    if (document.readyState === "complete") restore(); else addEventListener("load", restore);
  }
  const overlay = (message) => {
    let box = document.getElementById("boke-overlay");
    if (message === null) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "boke-overlay";
      box.setAttribute("style", "OVERLAY_STYLE");
      box.appendChild(document.createElement("pre"));
      document.body.appendChild(box);
    }
    box.firstChild.textContent = message;
  };
  const events = new EventSource("EVENTS_PATH");
  events.addEventListener("reload", () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("css", () => {
    overlay(null);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("boke", Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove());
      link.after(fresh);
    }
  });
  events.addEventListener("problem", (event) => overlay(event.data));
})();
"#;

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(20,20,20,.92);color:#ffd7d7;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";

/// The script, with its constants filled in.
pub(crate) fn script() -> String {
    SCRIPT
        .replace("OVERLAY_STYLE", OVERLAY_STYLE)
        .replace("EVENTS_PATH", EVENTS_PATH)
}

/// Adds the live reload script, and the overlay when the build is broken, before `</body>`
/// (or at the end of a page without one).
pub(crate) fn inject(html: &[u8], problem: Option<&str>) -> Vec<u8> {
    let mut tags = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    if let Some(problem) = problem {
        tags.push_str(&format!(
            "<div id=\"boke-overlay\" style=\"{OVERLAY_STYLE}\"><pre>{}</pre></div>",
            minijinja::HtmlEscape(problem)
        ));
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tags.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tags.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page for when no build has succeeded yet: only the problem.
pub(crate) fn problem_page(problem: &str) -> Vec<u8> {
    inject(
        b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>boke</title></head><body></body></html>\n",
        Some(problem),
    )
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end_and_escapes_the_problem() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(html, Some("error: a.md:3:1: <bad> & \"x\"")))
            .unwrap_or_default();
        assert!(out.starts_with("<html><body><p>x</p><script src=\"/__boke/livereload.js\""));
        assert!(out.contains("<pre>error: a.md:3:1: &lt;bad&gt; &amp; &quot;x&quot;</pre>"));
        assert!(out.ends_with("</div></body></html>"));
    }

    #[test]
    fn script_has_no_placeholders_left() {
        let script = script();
        assert!(!script.contains("OVERLAY_STYLE") && !script.contains("EVENTS_PATH"));
        assert!(script.contains("new EventSource(\"/__boke/events\")"));
    }
}
