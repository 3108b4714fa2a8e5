// Shared statements, compiled into each database's store (see `db/mod.rs`):
// the organisation's profile.

use async_trait::async_trait;
use lotse_shared::api::{HealthBasis, LegalBasis, OrganisationProfile};

use super::This;
use crate::db::{Code as _, DbError, Organisation};

#[derive(Debug, sqlx::FromRow)]
struct ProfileRow {
    controller_name: String,
    controller_address: String,
    controller_contact: String,
    dpo_name: String,
    dpo_contact: String,
    agency_name: String,
    authority_name: String,
    authority_contact: String,
    counselling_basis: String,
    health_basis: String,
    legal_basis_reference: String,
    help_contact: String,
    public_url: String,
}

impl TryFrom<ProfileRow> for OrganisationProfile {
    type Error = DbError;

    fn try_from(r: ProfileRow) -> Result<Self, DbError> {
        Ok(Self {
            controller_name: r.controller_name,
            controller_address: r.controller_address,
            controller_contact: r.controller_contact,
            dpo_name: r.dpo_name,
            dpo_contact: r.dpo_contact,
            agency_name: r.agency_name,
            authority_name: r.authority_name,
            authority_contact: r.authority_contact,
            counselling_basis: LegalBasis::decode(
                "organisation.counselling_basis",
                &r.counselling_basis,
            )?,
            health_basis: HealthBasis::decode("organisation.health_basis", &r.health_basis)?,
            legal_basis_reference: r.legal_basis_reference,
            help_contact: r.help_contact,
            public_url: r.public_url,
        })
    }
}

#[async_trait]
impl Organisation for This {
    async fn organisation(&self) -> Result<Option<OrganisationProfile>, DbError> {
        let row: Option<ProfileRow> = sqlx::query_as(
            "SELECT controller_name, controller_address, controller_contact, dpo_name, \
             dpo_contact, agency_name, authority_name, authority_contact, counselling_basis, \
             health_basis, legal_basis_reference, help_contact, public_url \
             FROM organisation WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(OrganisationProfile::try_from).transpose()
    }

    async fn save_organisation(&self, p: &OrganisationProfile, now: i64) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO organisation (id, controller_name, controller_address, \
             controller_contact, dpo_name, dpo_contact, agency_name, authority_name, \
             authority_contact, counselling_basis, health_basis, legal_basis_reference, \
             help_contact, public_url, updated_at) \
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (id) DO UPDATE SET controller_name = excluded.controller_name, \
             controller_address = excluded.controller_address, \
             controller_contact = excluded.controller_contact, dpo_name = excluded.dpo_name, \
             dpo_contact = excluded.dpo_contact, agency_name = excluded.agency_name, \
             authority_name = excluded.authority_name, \
             authority_contact = excluded.authority_contact, \
             counselling_basis = excluded.counselling_basis, \
             health_basis = excluded.health_basis, \
             legal_basis_reference = excluded.legal_basis_reference, \
             help_contact = excluded.help_contact, public_url = excluded.public_url, \
             updated_at = excluded.updated_at",
        )
        .bind(&p.controller_name)
        .bind(&p.controller_address)
        .bind(&p.controller_contact)
        .bind(&p.dpo_name)
        .bind(&p.dpo_contact)
        .bind(&p.agency_name)
        .bind(&p.authority_name)
        .bind(&p.authority_contact)
        .bind(p.counselling_basis.code())
        .bind(p.health_basis.code())
        .bind(&p.legal_basis_reference)
        .bind(&p.help_contact)
        .bind(&p.public_url)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
