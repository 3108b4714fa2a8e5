// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the grouped counts of the programme figures.

use async_trait::async_trait;

use super::{DbKind, This};
use crate::db::{DbError, FigureRows, Statistics};

/// Restricts `p` (participants) to those the figures may count, in one
/// programme when asked: an upheld objection or a restriction of processing
/// takes a participant out of the figures.
fn in_programme<'q>(sql: &mut sqlx::QueryBuilder<'q, DbKind>, programme: Option<&'q str>) {
    sql.push(" AND p.objected_at IS NULL AND p.restricted_since IS NULL");
    if let Some(programme) = programme {
        sql.push(" AND p.programme_id = ").push_bind(programme);
    }
}

#[async_trait]
impl Statistics for This {
    async fn figures(&self, programme: Option<&str>, today: &str) -> Result<FigureRows, DbError> {
        // The newest consent event decides pending and declined; dates
        // decide finished.
        let mut states = sqlx::QueryBuilder::<DbKind>::new(
            "SELECT CASE \
               WHEN c.event IS NULL THEN 'consent_pending' \
               WHEN c.event = 'declined' THEN 'declined' \
               WHEN p.exit_on IS NOT NULL AND p.exit_on <= ",
        );
        states
            .push_bind(today)
            .push(" THEN 'finished' WHEN g.ends_on < ")
            .push_bind(today)
            .push(
                " THEN 'finished' ELSE 'active' END AS state, COUNT(*) AS n \
                 FROM participants p JOIN programmes g ON g.id = p.programme_id \
                 LEFT JOIN consent_events c ON c.id = (SELECT c2.id FROM consent_events c2 \
                   WHERE c2.participant_id = p.id ORDER BY c2.created_at DESC, c2.id DESC LIMIT 1) \
                 WHERE 1 = 1",
            );
        in_programme(&mut states, programme);
        states.push(" GROUP BY 1");
        let states: Vec<(String, i64)> = states.build_query_as().fetch_all(&self.pool).await?;

        let mut done = sqlx::QueryBuilder::<DbKind>::new(
            "SELECT r.instrument, COUNT(*) FROM releases r \
             JOIN participants p ON p.id = r.participant_id WHERE r.state = 'done'",
        );
        in_programme(&mut done, programme);
        done.push(" GROUP BY r.instrument");
        let modules_done: Vec<(String, i64)> = done.build_query_as().fetch_all(&self.pool).await?;

        let mut bands = sqlx::QueryBuilder::<DbKind>::new(
            "SELECT a.instrument, s.scale, s.band, COUNT(*) FROM aggregates a \
             JOIN aggregate_scales s ON s.aggregate_id = a.id \
             JOIN participants p ON p.id = a.participant_id \
             WHERE s.band IS NOT NULL AND NOT EXISTS (SELECT 1 FROM aggregates b \
               WHERE b.participant_id = a.participant_id AND b.instrument = a.instrument \
               AND (b.submitted_at > a.submitted_at \
                    OR (b.submitted_at = a.submitted_at AND b.id > a.id)))",
        );
        in_programme(&mut bands, programme);
        bands.push(" GROUP BY a.instrument, s.scale, s.band");
        let bands: Vec<(String, String, String, i64)> =
            bands.build_query_as().fetch_all(&self.pool).await?;

        Ok(FigureRows {
            participants: states.iter().map(|(_, n)| n).sum(),
            states,
            modules_done,
            bands,
        })
    }
}
