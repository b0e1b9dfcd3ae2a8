//! Build problems as the user sees them: file, line, column, what is wrong and what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How bad a problem is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in the user's files. Serializable so the build cache can report a
/// cached page's warnings again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line, shown under the message.
    pub(crate) source_line: Option<String>,
}

impl Diagnostic {
    pub(crate) fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub(crate) fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Points at a line and column, and keeps that line of `source` to show it.
    pub(crate) fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column.max(1));
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(str::to_owned);
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and terminals link it.
    pub(crate) fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file.display()),
            (Some(line), None) => format!("{}:{line}", self.file.display()),
            _ => self.file.display().to_string(),
        }
    }

    /// Makes the file name relative to `root` for shorter messages.
    pub(crate) fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(relative) = self.file.strip_prefix(root) {
            self.file = relative.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}: {}", self.location(), self.message)?;
        if let (Some(source_line), Some(line)) = (&self.source_line, self.line) {
            let gutter = line.to_string();
            write!(f, "\n {gutter} | {source_line}")?;
            if let Some(column) = self.column {
                let pad: String = source_line
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let width = " ".repeat(gutter.len());
                write!(f, "\n {width} | {pad}^")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All the problems of one build, errors first.
#[derive(Debug, Clone, Default, thiserror::Error)]
#[error("{}", render_all(.0))]
pub struct Diagnostics(pub Vec<Diagnostic>);

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "build failed: {errors} error{}",
        if errors == 1 { "" } else { "s" }
    ));
    out
}

/// The closest of `candidates` to a misspelled `name`, when one is close enough to suggest.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// 1-based line and column of a byte offset in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_location_source_and_caret() {
        let source = "title: ok\ndate: 2026-13-45\n";
        let diagnostic = Diagnostic::error("content/posts/a.md", "bad date")
            .at(source, 2, 7)
            .with_hint("write YYYY-MM-DD");
        let text = diagnostic.to_string();
        assert!(
            text.starts_with("error: content/posts/a.md:2:7: bad date"),
            "{text}"
        );
        assert!(
            text.contains(" 2 | date: 2026-13-45\n   |       ^"),
            "{text}"
        );
        assert!(text.ends_with("hint: write YYYY-MM-DD"));
    }

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "第一行\n中文abc";
        let offset = text.find('a').unwrap_or_default();
        assert_eq!(line_column(text, offset), (2, 3));
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "base_url", "language"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
