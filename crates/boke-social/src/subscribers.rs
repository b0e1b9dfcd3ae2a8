//! `boke social subscribers import|export`: subscriber lists in CSV. Import reads the member
//! exports of Ghost, Mailchimp (the three files of its audience export) and Substack, and
//! this service's own export; an address is imported as confirmed only when the export says
//! it was subscribed, and the unsubscribed and cleaned rows go to the suppression list, so
//! nobody who left the old list is mailed by the new one. Importing again adds nothing twice.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::app::valid_email;
use crate::store::{Arrival, Store, StoreError, SubscriberStatus};

/// Subscriber exports `boke social subscribers import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// Ghost's members export (`email`, `subscribed_to_emails`, …).
    Ghost,
    /// Mailchimp's audience export: `subscribed_members_export_….csv`,
    /// `unsubscribed_…` and `cleaned_…` (`Email Address`, and `UNSUB_TIME` or `CLEAN_TIME`
    /// in the last two).
    Mailchimp,
    /// Substack's subscriber export (`email`, `email_disabled`, …).
    Substack,
    /// This service's own export (`email`, `status`, `suppressed`).
    Boke,
}

/// Errors reading a list.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: not valid CSV: {problem}")]
    Csv {
        path: PathBuf,
        line: u64,
        problem: String,
    },
    #[error("{path}: no `{column}` column, so this is not {expected}; the columns are: {found}")]
    Column {
        path: PathBuf,
        column: &'static str,
        expected: &'static str,
        found: String,
    },
    #[error("cannot write {path}: {problem}")]
    Write { path: PathBuf, problem: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Where one row of an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Subscribed,
    /// Subscribed there without having confirmed it (Mailchimp's `pending`): not imported.
    Unconfirmed,
    Unsubscribed,
    /// Bounced or complained there.
    Cleaned,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListReport {
    pub rows: usize,
    pub added: usize,
    /// Pending here, confirmed by the export.
    pub confirmed: usize,
    /// Confirmed or unsubscribed here already, or twice in the files.
    pub unchanged: usize,
    /// New on the suppression list: (unsubscribed, cleaned).
    pub suppressed: (usize, usize),
    /// Already suppressed, so not imported (or not suppressed again).
    pub already_suppressed: usize,
    /// `file:line: why` for each row left out.
    pub skipped: Vec<String>,
}

impl fmt::Display for ListReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} rows read", self.rows)?;
        writeln!(f, "  {} added as confirmed subscribers", self.added)?;
        writeln!(
            f,
            "  {} confirmed (they were waiting for their confirmation here)",
            self.confirmed
        )?;
        writeln!(
            f,
            "  {} already here (confirmed, unsubscribed, or listed twice)",
            self.unchanged
        )?;
        writeln!(
            f,
            "  {} unsubscribed and {} cleaned addresses added to the suppression list",
            self.suppressed.0, self.suppressed.1
        )?;
        writeln!(
            f,
            "  {} already on the suppression list",
            self.already_suppressed
        )?;
        writeln!(f, "  {} skipped", self.skipped.len())?;
        for why in &self.skipped {
            writeln!(f, "    {why}")?;
        }
        Ok(())
    }
}

/// One CSV file: its header names (trimmed, lower-cased) and the rows with their lines.
struct Table {
    path: PathBuf,
    columns: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table, ListError> {
        let text = std::fs::read_to_string(path).map_err(|source| ListError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |error: csv::Error| ListError::Csv {
            path: path.to_path_buf(),
            line: error.position().map_or(0, csv::Position::line),
            problem: error.to_string(),
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let columns = reader
            .headers()
            .map_err(bad)?
            .iter()
            .map(|name| name.trim().to_lowercase())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(bad)?;
            let line = record.position().map_or(0, csv::Position::line);
            rows.push((line, record));
        }
        Ok(Table {
            path: path.to_path_buf(),
            columns,
            rows,
        })
    }

    fn index(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|name| name == column)
    }

    fn require(&self, column: &'static str, expected: &'static str) -> Result<usize, ListError> {
        self.index(column).ok_or_else(|| ListError::Column {
            path: self.path.clone(),
            column,
            expected,
            found: self.columns.join(", "),
        })
    }
}

fn cell(record: &csv::StringRecord, at: Option<usize>) -> &str {
    at.and_then(|at| record.get(at)).unwrap_or("").trim()
}

fn truthy(text: &str) -> bool {
    matches!(text.to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}

/// How a row stands, read from its cells.
type Judge = Box<dyn Fn(&csv::StringRecord) -> Standing>;

/// The email column and how each row stands, by format.
fn standings(format: ListFormat, table: &Table) -> Result<(usize, Judge), ListError> {
    Ok(match format {
        ListFormat::Ghost => {
            let expected = "a Ghost members export";
            let email = table.require("email", expected)?;
            let subscribed = table.require("subscribed_to_emails", expected)?;
            (
                email,
                Box::new(move |row| {
                    if truthy(cell(row, Some(subscribed))) {
                        Standing::Subscribed
                    } else {
                        Standing::Unsubscribed
                    }
                }),
            )
        }
        ListFormat::Mailchimp => {
            let email = table.require("email address", "a Mailchimp audience export")?;
            // The three files of one export differ by their columns; a `status` column, where a
            // list tool added one, names the state itself.
            let status = table.index("status");
            let file_standing = if table.index("clean_time").is_some() {
                Standing::Cleaned
            } else if table.index("unsub_time").is_some() {
                Standing::Unsubscribed
            } else {
                Standing::Subscribed
            };
            (
                email,
                Box::new(
                    move |row| match cell(row, status).to_ascii_lowercase().as_str() {
                        "" => file_standing,
                        "subscribed" => Standing::Subscribed,
                        "unsubscribed" => Standing::Unsubscribed,
                        "cleaned" | "archived" => Standing::Cleaned,
                        _ => Standing::Unconfirmed,
                    },
                ),
            )
        }
        ListFormat::Substack => {
            let expected = "a Substack subscriber export";
            let email = table.require("email", expected)?;
            let disabled = table.require("email_disabled", expected)?;
            (
                email,
                Box::new(move |row| {
                    if truthy(cell(row, Some(disabled))) {
                        Standing::Unsubscribed
                    } else {
                        Standing::Subscribed
                    }
                }),
            )
        }
        ListFormat::Boke => {
            let expected = "an export of boke social";
            let email = table.require("email", expected)?;
            let status = table.require("status", expected)?;
            let suppressed = table.require("suppressed", expected)?;
            (
                email,
                Box::new(
                    move |row| match (cell(row, Some(suppressed)), cell(row, Some(status))) {
                        ("bounce" | "complaint" | "cleaned", _) => Standing::Cleaned,
                        ("unsubscribed", _) | (_, "unsubscribed") => Standing::Unsubscribed,
                        ("", "confirmed") => Standing::Subscribed,
                        _ => Standing::Unconfirmed,
                    },
                ),
            )
        }
    })
}

/// Imports the subscriber lists in `paths`, new subscribers in language `lang`.
pub async fn import(
    store: &Store,
    format: ListFormat,
    paths: &[PathBuf],
    lang: &str,
) -> Result<ListReport, ListError> {
    let source = match format {
        ListFormat::Ghost => "ghost",
        ListFormat::Mailchimp => "mailchimp",
        ListFormat::Substack => "substack",
        ListFormat::Boke => "boke",
    };
    let mut report = ListReport::default();
    let mut seen = HashSet::new();
    for path in paths {
        let table = Table::read(path)?;
        let (email_at, standing) = standings(format, &table)?;
        // Only this service's export says which language each subscriber reads.
        let lang_at = (format == ListFormat::Boke)
            .then(|| table.index("lang"))
            .flatten();
        for (line, row) in &table.rows {
            report.rows += 1;
            let place = format!("{}:{line}", path.display());
            let raw = cell(row, Some(email_at));
            let Ok(email) = valid_email(raw) else {
                report.skipped.push(format!(
                    "{place}: `{raw}` is not an address a mailer can deliver to"
                ));
                continue;
            };
            if !seen.insert(email.clone()) {
                report.unchanged += 1;
                continue;
            }
            match standing(row) {
                Standing::Subscribed if store.is_suppressed(&email).await? => {
                    report.already_suppressed += 1;
                }
                Standing::Subscribed => match store
                    .import_confirmed(&email, row_lang(cell(row, lang_at), lang))
                    .await?
                {
                    Arrival::Added => report.added += 1,
                    Arrival::Confirmed => report.confirmed += 1,
                    Arrival::Unchanged => report.unchanged += 1,
                },
                Standing::Unconfirmed => report.skipped.push(format!(
                    "{place}: {email} had not confirmed there; they can subscribe on the site"
                )),
                Standing::Unsubscribed | Standing::Cleaned => {
                    let cleaned = standing(row) == Standing::Cleaned;
                    let reason = if cleaned { "cleaned" } else { "unsubscribed" };
                    if !store.suppress(&email, reason, source).await? {
                        report.already_suppressed += 1;
                    } else if cleaned {
                        report.suppressed.1 += 1;
                    } else {
                        report.suppressed.0 += 1;
                    }
                }
            }
        }
    }
    Ok(report)
}

/// The language a row names (`zh…` or `en…`), else `default`.
fn row_lang<'a>(given: &str, default: &'a str) -> &'a str {
    let given = given.to_ascii_lowercase();
    if given.starts_with("zh") {
        "zh-CN"
    } else if given.starts_with("en") {
        "en"
    } else {
        default
    }
}

fn rfc3339(at: Option<i64>) -> String {
    at.and_then(|at| jiff::Timestamp::from_second(at).ok())
        .map(|at| at.to_string())
        .unwrap_or_default()
}

/// Writes every subscriber and every suppressed address to `out` as CSV (`email, status,
/// lang, confirmed_at, suppressed`); returns how many rows.
pub async fn export(store: &Store, out: &Path) -> Result<usize, ListError> {
    let failed = |problem: String| ListError::Write {
        path: out.to_path_buf(),
        problem,
    };
    let subscribers = store.subscribers().await?;
    let suppressions = store.suppressions().await?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows = 0;
    writer
        .write_record(["email", "status", "lang", "confirmed_at", "suppressed"])
        .map_err(|error| failed(error.to_string()))?;
    let reason = |email: &str| {
        suppressions
            .iter()
            .find(|row| row.email == email)
            .map_or("", |row| row.reason.as_str())
    };
    for subscriber in &subscribers {
        let status = match subscriber.status {
            SubscriberStatus::Pending => "pending",
            SubscriberStatus::Confirmed => "confirmed",
            SubscriberStatus::Unsubscribed => "unsubscribed",
        };
        writer
            .write_record([
                subscriber.email.as_str(),
                status,
                subscriber.lang.as_str(),
                &rfc3339(subscriber.confirmed_at),
                reason(&subscriber.email),
            ])
            .map_err(|error| failed(error.to_string()))?;
        rows += 1;
    }
    let known: HashSet<&str> = subscribers.iter().map(|row| row.email.as_str()).collect();
    for row in suppressions
        .iter()
        .filter(|row| !known.contains(row.email.as_str()))
    {
        writer
            .write_record([row.email.as_str(), "", "", "", row.reason.as_str()])
            .map_err(|error| failed(error.to_string()))?;
        rows += 1;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| failed(error.to_string()))?;
    std::fs::write(out, bytes).map_err(|error| failed(error.to_string()))?;
    Ok(rows)
}
