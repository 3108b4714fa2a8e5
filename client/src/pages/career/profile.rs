//! Module 2 on the career page: the participant's own work profile, in the
//! form the counsellor's dossier uses too (`crate::work_profile`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{RecordedBy, StoredWorkProfile};

use super::message;
use crate::api_me;
use crate::components::Alert;
use crate::i18n::use_i18n;
use crate::locale::when;
use crate::work_profile::{Whose, WorkProfileForm};

#[component]
pub(super) fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let stored = RwSignal::new(None::<StoredWorkProfile>);
    let error = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        match api_me::my_profile().await {
            Ok(p) => stored.set(Some(p)),
            Err(f) => error.set(Some(f.message_key())),
        }
    });

    let changed = move || {
        stored.with(|s| {
            let s = s.as_ref()?;
            let at = when(s.updated_at?, i18n.lang.get());
            let key = match s.changed_by? {
                RecordedBy::Participant => "career.changed_self",
                RecordedBy::Staff => "career.changed_staff",
            };
            Some(view! { <p class="meta">{i18n.fill(key, &[("date", at)])}</p> })
        })
    };

    view! {
        <section class="card career" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{i18n.tr("career.profile")}</h2>
            <p>{i18n.tr("career.profile_intro")}</p>
            {changed}
            <Show when=move || stored.with(Option::is_some) fallback=move || {
                if error.with(Option::is_some) {
                    view! { <Alert message=message(i18n, error)/> }.into_any()
                } else {
                    view! { <p class="loading">{i18n.t("common.loading")}</p> }.into_any()
                }
            }>
                <WorkProfileForm whose=Whose::Mine stored/>
            </Show>
        </section>
    }
}
