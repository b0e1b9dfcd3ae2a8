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
    out!(
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
        out!("{line}");
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
    out!(
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

/// What `boke deploy --verify` found: one line of counts, then the first paths of each kind
/// of difference and what a deploy would do about them.
pub fn verification(found: &boke::DeployVerification) {
    const SHOWN: usize = 10;
    let mut out = std::io::stdout().lock();
    if found.is_equal() {
        let by_size = if found.by_size > 0 {
            format!(" ({} by size alone)", found.by_size)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "verified {}: {} file{} as built{by_size}",
            found.target,
            found.equal,
            plural(found.equal)
        );
    } else {
        let _ = writeln!(out, "differs: {}: {}", found.target, found.summary());
    }
    let changed: Vec<String> = found
        .changed
        .iter()
        .map(|c| format!("{} ({} B there, {} B built)", c.path, c.held, c.expected))
        .collect();
    for (kind, paths) in [
        ("missing", found.missing.clone()),
        ("extra", found.extra.clone()),
        ("changed", changed),
    ] {
        for path in paths.iter().take(SHOWN) {
            let _ = writeln!(out, "{kind} {path}");
        }
        if paths.len() > SHOWN {
            let _ = writeln!(out, "{kind} … and {} more", paths.len() - SHOWN);
        }
    }
    let note = match (found.is_equal(), found.manifest) {
        (true, boke::ManifestState::Current) => return,
        (true, _) => {
            "note: the target's manifest is not this build's: the next deploy uploads files again"
        }
        (false, boke::ManifestState::Current) => {
            "hint: the target changed behind the deploy's back, and its manifest still matches the site, so `boke deploy` sees nothing to do: delete .boke-manifest.json from the target, then `boke deploy` uploads everything again"
        }
        (false, boke::ManifestState::Stale) => {
            "hint: the site changed since the last deploy: `boke deploy` brings the target up to date"
        }
        (false, boke::ManifestState::Missing) => {
            "hint: the target has no manifest: `boke deploy` uploads every file and deletes the extra ones"
        }
    };
    let _ = writeln!(out, "{note}");
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

/// A deploy's plan: with `dry_run` each file it would touch and what it would do; otherwise
/// one line of what it did, unless `quiet`.
pub fn deploy(report: &boke::DeployReport, dry_run: bool, quiet: bool) {
    let plan = &report.plan;
    if !report.had_manifest && !plan.deletes.is_empty() {
        eprintln!(
            "note: {} had no deploy manifest: its files were compared as changed",
            report.target
        );
    }
    if dry_run {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(plan.listing().as_bytes());
        let purge = plan.purge_paths();
        for url in &purge {
            let _ = writeln!(out, "purge {url}");
        }
        let _ = writeln!(
            out,
            "dry run, nothing changed on {}: {}; {} URL{} to purge from a CDN",
            report.target,
            plan.summary(),
            purge.len(),
            plural(purge.len())
        );
        return;
    }
    if quiet {
        return;
    }
    if report.resumed > 0 {
        out!(
            "resumed: {} file{} an interrupted deploy had uploaded",
            report.resumed,
            plural(report.resumed)
        );
    }
    if plan.is_empty() {
        out!("up to date: {} ({} files)", report.target, plan.unchanged);
    } else {
        out!("deployed to {}: {}", report.target, plan.summary());
    }
    if report.purged > 0 {
        out!(
            "purged {} URL{} from the CDN",
            report.purged,
            plural(report.purged)
        );
    }
    if report.notified > 0 {
        out!(
            "told search engines about {} URL{}",
            report.notified,
            plural(report.notified)
        );
    }
}
