//! Subscriber lists in CSV: the member exports of Ghost, Mailchimp and Substack are imported
//! as confirmed only where they say subscribed, their unsubscribed and cleaned rows go to the
//! suppression list, a second import adds nothing, and the export reads back; both backends.

mod support;

use std::collections::BTreeSet;
use std::path::PathBuf;

use boke_social::store::{Store, SubscriberStatus};
use boke_social::subscribers::{self, ListFormat, ListReport};
use support::TestDb;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/subscribers")
        .join(name)
}

async fn status_of(store: &Store, email: &str) -> Option<SubscriberStatus> {
    store
        .subscriber(email)
        .await
        .unwrap()
        .map(|subscriber| subscriber.status)
}

async fn suppressed(store: &Store) -> BTreeSet<(String, String)> {
    store
        .suppressions()
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.email, row.reason))
        .collect()
}

async fn confirmed(store: &Store) -> BTreeSet<String> {
    store
        .subscribers()
        .await
        .unwrap()
        .into_iter()
        .filter(|row| row.status == SubscriberStatus::Confirmed)
        .map(|row| row.email)
        .collect()
}

async fn lists_import_once_and_round_trip(db: TestDb) {
    let store = &db.store;
    store
        .add_subscriber("pending@example.com", "en")
        .await
        .unwrap();
    store
        .add_subscriber("left@example.com", "en")
        .await
        .unwrap();
    assert!(store.unsubscribe("left@example.com").await.unwrap());
    store
        .suppress("bounced@example.com", "bounce", "ses")
        .await
        .unwrap();

    let ghost = [fixture("ghost-members.csv")];
    let report = subscribers::import(store, ListFormat::Ghost, &ghost, "zh-CN")
        .await
        .unwrap();
    assert_eq!(report.rows, 8, "{report}");
    assert_eq!(report.added, 2, "new.one and paid: {report}");
    assert_eq!(report.confirmed, 1, "pending: {report}");
    assert_eq!(report.unchanged, 2, "left, and new.one twice: {report}");
    assert_eq!(report.suppressed, (1, 0), "{report}");
    assert_eq!(report.already_suppressed, 1, "{report}");
    assert_eq!(report.skipped.len(), 1, "{report}");
    assert!(
        report.skipped[0].ends_with(
            "ghost-members.csv:7: `not-an-address` is not an address a mailer can deliver to"
        ),
        "{report}"
    );
    assert_eq!(
        status_of(store, "pending@example.com").await,
        Some(SubscriberStatus::Confirmed)
    );
    assert_eq!(
        status_of(store, "left@example.com").await,
        Some(SubscriberStatus::Unsubscribed),
        "who left here is not signed up again"
    );
    assert_eq!(
        status_of(store, "new.one@example.com").await,
        Some(SubscriberStatus::Confirmed)
    );
    assert_eq!(status_of(store, "no-mail@example.com").await, None);
    assert_eq!(status_of(store, "bounced@example.com").await, None);

    let again = subscribers::import(store, ListFormat::Ghost, &ghost, "zh-CN")
        .await
        .unwrap();
    assert_eq!(
        again,
        ListReport {
            rows: 8,
            unchanged: 5,
            already_suppressed: 2,
            skipped: report.skipped.clone(),
            ..ListReport::default()
        },
        "{again}"
    );

    let mailchimp = [
        fixture("subscribed_members_export_5f1c2d.csv"),
        fixture("unsubscribed_members_export_5f1c2d.csv"),
        fixture("cleaned_members_export_5f1c2d.csv"),
    ];
    let report = subscribers::import(store, ListFormat::Mailchimp, &mailchimp, "en")
        .await
        .unwrap();
    assert_eq!((report.rows, report.added), (4, 2), "{report}");
    assert_eq!(report.suppressed, (1, 1), "{report}");
    assert!(report.skipped.is_empty(), "{report}");
    let lang = store
        .subscriber("mc-reader@example.com")
        .await
        .unwrap()
        .unwrap()
        .lang;
    assert_eq!(lang, "en");

    let substack = [fixture("substack-emails.csv")];
    let report = subscribers::import(store, ListFormat::Substack, &substack, "zh-CN")
        .await
        .unwrap();
    assert_eq!(
        (report.rows, report.added, report.suppressed),
        (3, 2, (1, 0)),
        "{report}"
    );

    let expected_confirmed: BTreeSet<String> = [
        "mc-reader@example.com",
        "new.one@example.com",
        "paid@example.com",
        "patron@substack-fan.example",
        "pending@example.com",
        "reader@substack-fan.example",
        "second@example.org",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(confirmed(store).await, expected_confirmed);
    let expected_suppressed: BTreeSet<(String, String)> = [
        ("bounced@example.com", "bounce"),
        ("dead-mc@example.com", "cleaned"),
        ("gone-mc@example.com", "unsubscribed"),
        ("no-mail@example.com", "unsubscribed"),
        ("quiet@substack-fan.example", "unsubscribed"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .into();
    assert_eq!(suppressed(store).await, expected_suppressed);

    // The export holds every address once, and imports into an empty database as it was.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("subscribers.csv");
    let rows = subscribers::export(store, &file).await.unwrap();
    assert_eq!(
        rows,
        7 + 1 + 5,
        "the confirmed, the one who left, the suppressed"
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("email,status,lang,confirmed_at,suppressed\n"),
        "{text}"
    );
    assert!(
        text.contains("\nleft@example.com,unsubscribed,en,,\n"),
        "{text}"
    );
    assert!(
        text.contains("\ndead-mc@example.com,,,,cleaned\n"),
        "{text}"
    );
    let fresh = db.fresh_place(1).await.open().await.unwrap();
    let back = subscribers::import(&fresh, ListFormat::Boke, &[file], "zh-CN")
        .await
        .unwrap();
    assert!(back.skipped.is_empty(), "{back}");
    assert_eq!(confirmed(&fresh).await, expected_confirmed);
    let lang = |email: &'static str| {
        let fresh = fresh.clone();
        async move { fresh.subscriber(email).await.unwrap().unwrap().lang }
    };
    assert_eq!(
        lang("mc-reader@example.com").await,
        "en",
        "the export's language"
    );
    assert_eq!(lang("paid@example.com").await, "zh-CN");
    let mut expected_back = expected_suppressed.clone();
    expected_back.insert(("left@example.com".to_owned(), "unsubscribed".to_owned()));
    let back_suppressed: BTreeSet<String> = suppressed(&fresh)
        .await
        .into_iter()
        .map(|(email, _)| email)
        .collect();
    let expected_emails: BTreeSet<String> =
        expected_back.into_iter().map(|(email, _)| email).collect();
    assert_eq!(back_suppressed, expected_emails);
    fresh.close().await;
}
both_backends!(
    lists_import_once_and_round_trip,
    crate::lists_import_once_and_round_trip
);

/// A file of another format says which column it lacks and what it has.
#[tokio::test]
async fn the_wrong_format_names_the_missing_column() {
    let db = support::sqlite().await;
    let error = subscribers::import(
        &db.store,
        ListFormat::Mailchimp,
        &[fixture("ghost-members.csv")],
        "en",
    )
    .await
    .unwrap_err()
    .to_string();
    assert!(error.contains("no `email address` column"), "{error}");
    assert!(error.contains("subscribed_to_emails"), "{error}");
    assert!(
        subscribers::import(&db.store, ListFormat::Ghost, &[fixture("none.csv")], "en")
            .await
            .unwrap_err()
            .to_string()
            .contains("none.csv")
    );
}
