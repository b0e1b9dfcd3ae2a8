//! What the `boke` binary prints after a command: the build and check summaries and search
//! hits. A module of the binary, not of the library, so the library never writes to a terminal.

use std::io::Write;

use boke::{BuildReport, CheckReport};

/// The build's warnings, then one line of counts unless `quiet` (and the stage timings when
/// `verbose` or with `BOKE_TIMINGS`).
pub fn build(report: &BuildReport, quiet: bool, verbose: bool) {
    for warning in &report.warnings {
        eprintln!("{warning}\n");
    }
    if quiet {
        return;
    }
    println!(
        "{} {} post{}, {} page{}, {} file{} into {} in {:.2?}{}",
        if report.up_to_date {
            "up to date:"
        } else {
            "built"
        },
        report.posts,
        plural(report.posts),
        report.pages,
        plural(report.pages),
        report.files,
        plural(report.files),
        report.output.display(),
        report.elapsed,
        match report.warnings.len() {
            0 => String::new(),
            n => format!(" ({n} warning{})", plural(n)),
        }
    );
    if let Some(line) = report.left_out.describe() {
        println!("{line}");
    }
    if verbose || std::env::var_os("BOKE_TIMINGS").is_some_and(|v| v != "0") {
        let written = report.written;
        eprintln!(
            "wrote {} file{} ({:.1} MB); {} already in place",
            written.files,
            plural(written.files),
            written.bytes as f64 / 1e6,
            report.files.saturating_sub(written.files)
        );
        eprintln!("stages:\n{}", report.timings);
    }
}

/// Every problem found, then one line of counts.
pub fn check(report: &CheckReport, external: bool) {
    for problem in &report.problems {
        eprintln!("{problem}\n");
    }
    println!(
        "checked {} pages, {} links ({} external{}): {} error{}, {} warning{}",
        report.pages,
        report.links,
        report.external_links,
        if external {
            ""
        } else {
            ", not requested; use --external"
        },
        report.errors(),
        plural(report.errors()),
        report.warnings(),
        plural(report.warnings()),
    );
}

/// Search hits as JSON or as text for a person.
pub fn search(query: &str, results: &boke_search::SearchResults, json: bool) -> anyhow::Result<()> {
    let text = if json {
        serde_json::to_string_pretty(results)?
    } else {
        let mut text = format!(
            "{} result{} for {query}",
            results.total,
            plural(results.total)
        );
        for hit in &results.hits {
            let snippet = plain_snippet(&hit.snippet);
            text.push_str(&format!("\n\n{}  {}\n  {snippet}", hit.title, hit.url));
        }
        text
    };
    print_stdout(&text)?;
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prints to stdout; a reader that went away (`| head`) is not an error.
fn print_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A snippet for the terminal: `<mark>` shown as 【】, entities decoded.
fn plain_snippet(html: &str) -> String {
    boke_search::snippet_text(html, "【", "】")
}
