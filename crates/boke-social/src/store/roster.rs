//! Subscribers arriving in bulk from another newsletter's export, and the whole list going
//! out again (see [`crate::subscribers`]).

use super::{Store, StoreResult, SubscriberStatus, now};

/// What importing one confirmed address did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// A new confirmed subscriber.
    Added,
    /// It was waiting for its confirmation here; now it is confirmed.
    Confirmed,
    /// Already confirmed here, or unsubscribed here (who left is not signed up again).
    Unchanged,
}

impl Store {
    /// Records `email` as a confirmed subscriber, as the export said it was. Confirmed from
    /// now on: `notify` sends it the posts first seen after the import.
    pub async fn import_confirmed(&self, email: &str, lang: &str) -> StoreResult<Arrival> {
        let before = self.subscriber(email).await?.map(|known| known.status);
        if matches!(
            before,
            Some(SubscriberStatus::Confirmed | SubscriberStatus::Unsubscribed)
        ) {
            return Ok(Arrival::Unchanged);
        }
        let _gate = self.write_gate().await;
        let at = now();
        let done = sqlx::query(
            "INSERT INTO subscribers (email, status, lang, created_at, confirmed_at) \
             VALUES ($1, 'confirmed', $2, $3, $3) \
             ON CONFLICT (email) DO UPDATE SET status = 'confirmed', confirmed_at = excluded.confirmed_at \
             WHERE subscribers.status = 'pending'",
        )
        .bind(email)
        .bind(lang)
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(match (done.rows_affected(), before) {
            (0, _) => Arrival::Unchanged,
            (_, None) => Arrival::Added,
            (_, Some(_)) => Arrival::Confirmed,
        })
    }
}
