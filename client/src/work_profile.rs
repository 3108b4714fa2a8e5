//! The work-profile form (module 2: what the participant likes to do and can
//! do, where and when they can work, their languages and qualifications), one
//! form for both apps: the participant fills it in on their career page, the
//! counsellor with them in the dossier. Numbers and dates stay as typed until
//! "Save", so nothing is rewritten under the cursor; the same ranges the
//! server checks are checked first, so a mistake is named and its field
//! focused instead of a general refusal.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_shared::api::{
    Activity, Cefr, ErrorCode, LanguageSkill, Licence, Qualification, QualificationKind, Shift,
    StoredWorkProfile, WorkProfile,
};

use crate::api::Failure;
use crate::components::live::announce;
use crate::components::{Alert, focus_after_removal};
use crate::i18n::{I18n, use_i18n};
use crate::{api_me, api_staff};

/// Most languages or qualifications the server keeps.
const MAX_ROWS: usize = 20;

/// Value, code (for ids and option values) and text key of each choice.
type Choices<T> = [(T, &'static str, &'static str)];

const ACTIVITIES: [(Activity, &str, &str); 16] = [
    (Activity::HandsOn, "hands_on", "career.activity_hands_on"),
    (Activity::Machines, "machines", "career.activity_machines"),
    (Activity::Driving, "driving", "career.activity_driving"),
    (Activity::Outdoors, "outdoors", "career.activity_outdoors"),
    (Activity::Building, "building", "career.activity_building"),
    (
        Activity::Warehouse,
        "warehouse",
        "career.activity_warehouse",
    ),
    (Activity::Cleaning, "cleaning", "career.activity_cleaning"),
    (Activity::Cooking, "cooking", "career.activity_cooking"),
    (Activity::Caring, "caring", "career.activity_caring"),
    (
        Activity::Customers,
        "customers",
        "career.activity_customers",
    ),
    (Activity::Selling, "selling", "career.activity_selling"),
    (Activity::Office, "office", "career.activity_office"),
    (Activity::Numbers, "numbers", "career.activity_numbers"),
    (Activity::Teaching, "teaching", "career.activity_teaching"),
    (Activity::Creative, "creative", "career.activity_creative"),
    (Activity::Plants, "plants", "career.activity_plants"),
];

const LICENCES: [(Licence, &str, &str); 14] = [
    (Licence::Am, "AM", "career.licence_am"),
    (Licence::A1, "A1", "career.licence_a1"),
    (Licence::A2, "A2", "career.licence_a2"),
    (Licence::A, "A", "career.licence_a"),
    (Licence::B, "B", "career.licence_b"),
    (Licence::Be, "BE", "career.licence_be"),
    (Licence::C1, "C1", "career.licence_c1"),
    (Licence::C1e, "C1E", "career.licence_c1e"),
    (Licence::C, "C", "career.licence_c"),
    (Licence::Ce, "CE", "career.licence_ce"),
    (Licence::D1, "D1", "career.licence_d1"),
    (Licence::D1e, "D1E", "career.licence_d1e"),
    (Licence::D, "D", "career.licence_d"),
    (Licence::De, "DE", "career.licence_de"),
];

const SHIFTS: [(Shift, &str, &str); 5] = [
    (Shift::Day, "day", "career.shift_day"),
    (Shift::Early, "early", "career.shift_early"),
    (Shift::Late, "late", "career.shift_late"),
    (Shift::Night, "night", "career.shift_night"),
    (Shift::Weekend, "weekend", "career.shift_weekend"),
];

const LEVELS: [(Cefr, &str, &str); 7] = [
    (Cefr::A1, "A1", "career.level_a1"),
    (Cefr::A2, "A2", "career.level_a2"),
    (Cefr::B1, "B1", "career.level_b1"),
    (Cefr::B2, "B2", "career.level_b2"),
    (Cefr::C1, "C1", "career.level_c1"),
    (Cefr::C2, "C2", "career.level_c2"),
    (Cefr::Native, "native", "career.level_native"),
];

const KINDS: [(QualificationKind, &str, &str); 4] = [
    (QualificationKind::School, "school", "career.kind_school"),
    (
        QualificationKind::Vocational,
        "vocational",
        "career.kind_vocational",
    ),
    (QualificationKind::Degree, "degree", "career.kind_degree"),
    (QualificationKind::Other, "other", "career.kind_other"),
];

/// The value whose code this is (a select's value).
fn by_code<T: Copy>(choices: &Choices<T>, code: &str) -> Option<T> {
    choices
        .iter()
        .find(|(_, c, _)| *c == code)
        .map(|(v, _, _)| *v)
}

#[derive(Debug, Clone, PartialEq)]
struct LanguageRow {
    key: u32,
    code: String,
    level: Cefr,
}

#[derive(Debug, Clone, PartialEq)]
struct QualificationRow {
    key: u32,
    kind: QualificationKind,
    title: String,
    year: String,
}

/// The form's state: choices as lists, numbers and dates as typed, rows with
/// a key each so that a row keeps its fields while others come and go.
#[derive(Clone, Copy)]
struct Form {
    likes: RwSignal<Vec<Activity>>,
    can: RwSignal<Vec<Activity>>,
    places: RwSignal<String>,
    commute: RwSignal<String>,
    relocate: RwSignal<bool>,
    vehicle: RwSignal<bool>,
    licences: RwSignal<Vec<Licence>>,
    hours_min: RwSignal<String>,
    hours_max: RwSignal<String>,
    shifts: RwSignal<Vec<Shift>>,
    start: RwSignal<String>,
    languages: RwSignal<Vec<LanguageRow>>,
    qualifications: RwSignal<Vec<QualificationRow>>,
    next_key: StoredValue<u32>,
}

/// A number as typed: empty is none; outside `min..=max` is a mistake.
fn number<T: std::str::FromStr + PartialOrd>(text: &str, min: T, max: T) -> Result<Option<T>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<T>() {
        Ok(n) if n >= min && n <= max => Ok(Some(n)),
        _ => Err(()),
    }
}

fn shown<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

impl Form {
    fn new() -> Self {
        Self {
            likes: RwSignal::new(Vec::new()),
            can: RwSignal::new(Vec::new()),
            places: RwSignal::new(String::new()),
            commute: RwSignal::new(String::new()),
            relocate: RwSignal::new(false),
            vehicle: RwSignal::new(false),
            licences: RwSignal::new(Vec::new()),
            hours_min: RwSignal::new(String::new()),
            hours_max: RwSignal::new(String::new()),
            shifts: RwSignal::new(Vec::new()),
            start: RwSignal::new(String::new()),
            languages: RwSignal::new(Vec::new()),
            qualifications: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
        }
    }

    fn key(self) -> u32 {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        key
    }

    fn fill(self, p: &WorkProfile) {
        self.likes.set(p.preferred_activities.clone());
        self.can.set(p.able_activities.clone());
        self.places.set(p.places.join(", "));
        self.commute.set(shown(p.max_commute_minutes));
        self.relocate.set(p.relocate);
        self.vehicle.set(p.vehicle);
        self.licences.set(p.licences.clone());
        self.hours_min.set(shown(p.hours_min));
        self.hours_max.set(shown(p.hours_max));
        self.shifts.set(p.shifts.clone());
        self.start.set(p.earliest_start.clone().unwrap_or_default());
        let languages = p
            .languages
            .iter()
            .map(|l| LanguageRow {
                key: self.key(),
                code: l.language.clone(),
                level: l.level,
            })
            .collect();
        self.languages.set(languages);
        let qualifications = p
            .qualifications
            .iter()
            .map(|q| QualificationRow {
                key: self.key(),
                kind: q.kind,
                title: q.title.clone(),
                year: shown(q.year),
            })
            .collect();
        self.qualifications.set(qualifications);
    }

    /// The profile to store, or the text key of the first mistake and the id
    /// of its field.
    fn read(self) -> Result<WorkProfile, (&'static str, String)> {
        let hours = |text: RwSignal<String>, id: &str| {
            number::<u8>(&text.get_untracked(), 1, 60)
                .map_err(|()| ("career.bad_hours", id.to_owned()))
        };
        let hours_min = hours(self.hours_min, "hours-min")?;
        let hours_max = hours(self.hours_max, "hours-max")?;
        if matches!((hours_min, hours_max), (Some(a), Some(b)) if a > b) {
            return Err(("career.bad_hours", "hours-max".to_owned()));
        }
        let max_commute_minutes = number::<u16>(&self.commute.get_untracked(), 0, 240)
            .map_err(|()| ("career.bad_commute", "commute".to_owned()))?;
        let mut languages = Vec::new();
        for row in self.languages.get_untracked() {
            let code = row.code.trim().to_ascii_lowercase();
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(("career.bad_language", format!("lang-code-{}", row.key)));
            }
            languages.push(LanguageSkill {
                language: code,
                level: row.level,
            });
        }
        let mut qualifications = Vec::new();
        for row in self.qualifications.get_untracked() {
            let title = row.title.trim().to_owned();
            if title.is_empty() {
                return Err(("career.bad_title", format!("qual-title-{}", row.key)));
            }
            let year = number::<u16>(&row.year, 1940, 2100)
                .map_err(|()| ("career.bad_year", format!("qual-year-{}", row.key)))?;
            qualifications.push(Qualification {
                kind: row.kind,
                title,
                year,
            });
        }
        let start = self.start.get_untracked().trim().to_owned();
        Ok(WorkProfile {
            preferred_activities: self.likes.get_untracked(),
            able_activities: self.can.get_untracked(),
            places: self
                .places
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect(),
            max_commute_minutes,
            relocate: self.relocate.get_untracked(),
            licences: self.licences.get_untracked(),
            vehicle: self.vehicle.get_untracked(),
            hours_min,
            hours_max,
            shifts: self.shifts.get_untracked(),
            earliest_start: (!start.is_empty()).then_some(start),
            languages,
            qualifications,
        })
    }
}

/// Marks a field as the one with the mistake (and points it to the message).
#[derive(Clone, Copy)]
struct Invalid(RwSignal<Option<String>>);

impl Invalid {
    fn is(self, id: &str) -> bool {
        self.0.with(|f| f.as_deref() == Some(id))
    }

    fn aria_invalid(self, id: String) -> impl Fn() -> Option<&'static str> + Send + Sync {
        move || self.is(&id).then_some("true")
    }

    fn described_by(self, id: String) -> impl Fn() -> Option<&'static str> + Send + Sync {
        move || self.is(&id).then_some("profile-error")
    }
}

/// Whose profile the form saves, and so which API it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whose {
    /// The signed-in participant's own.
    Mine,
    /// The participant with this id, recorded by their counsellor with them.
    Participant(String),
}

impl Whose {
    /// Stores `profile`; a refusal as the text key of what to say.
    async fn save(&self, profile: &WorkProfile) -> Result<StoredWorkProfile, &'static str> {
        let saved = match self {
            Whose::Mine => api_me::save_profile(profile).await,
            Whose::Participant(id) => api_staff::save_work_profile(id, profile).await,
        };
        saved.map_err(|f| match (self, f) {
            (
                _,
                Failure::Api {
                    code: ErrorCode::InvalidValue | ErrorCode::InvalidBody,
                    ..
                },
            ) => "career.profile_invalid",
            // The participant's case, not the form, stands in the way (the
            // notice not accepted yet, the module not released or skipped):
            // the server's words are for developers and English only, so the
            // counsellor reads what to check in their own language.
            (
                Whose::Participant(_),
                Failure::Api {
                    code: ErrorCode::Conflict,
                    ..
                },
            ) => "jobs.profile_conflict",
            (
                Whose::Participant(_),
                Failure::Api {
                    code: ErrorCode::NotFound,
                    ..
                },
            ) => "staff.error_not_found",
            (_, f) => f.message_key(),
        })
    }
}

/// Moves focus to the element with this id, if it is there.
fn focus(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = el.focus();
    }
}

/// The form over a loaded profile. It starts from `stored` and sets it to
/// what the server kept after each save, so whoever shows `stored` (when and
/// by whom it was last changed, a summary) follows. Its ids are fixed: one
/// form per page, inside a `.career` section (its styles, `style/main.css`).
#[component]
pub fn WorkProfileForm(whose: Whose, stored: RwSignal<Option<StoredWorkProfile>>) -> impl IntoView {
    let i18n = use_i18n();
    let form = Form::new();
    stored.with_untracked(|s| {
        if let Some(s) = s {
            form.fill(&s.profile);
        }
    });
    let whose = StoredValue::new(whose);
    let error = RwSignal::new(None::<&'static str>);
    let invalid = Invalid(RwSignal::new(None));
    let busy = StoredValue::new(false);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_value() {
            return;
        }
        error.set(None);
        invalid.0.set(None);
        let profile = match form.read() {
            Ok(p) => p,
            Err((key, field)) => {
                error.set(Some(key));
                focus(&field);
                invalid.0.set(Some(field));
                return;
            }
        };
        busy.set_value(true);
        let whose = whose.get_value();
        spawn_local(async move {
            match whose.save(&profile).await {
                Ok(p) => {
                    form.fill(&p.profile);
                    stored.set(Some(p));
                    announce(i18n.t("career.saved"));
                }
                Err(key) => error.set(Some(key)),
            }
            busy.set_value(false);
        });
    };

    let add_language = move |_| {
        if form.languages.with(Vec::len) >= MAX_ROWS {
            error.set(Some("career.too_many"));
            return;
        }
        let key = form.key();
        form.languages.update(|l| {
            l.push(LanguageRow {
                key,
                code: String::new(),
                level: Cefr::A1,
            });
        });
        request_animation_frame(move || focus(&format!("lang-code-{key}")));
    };
    let add_qualification = move |_| {
        if form.qualifications.with(Vec::len) >= MAX_ROWS {
            error.set(Some("career.too_many"));
            return;
        }
        let key = form.key();
        form.qualifications.update(|l| {
            l.push(QualificationRow {
                key,
                kind: QualificationKind::School,
                title: String::new(),
                year: String::new(),
            });
        });
        request_animation_frame(move || focus(&format!("qual-kind-{key}")));
    };

    let text_input = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{i18n.tr(label)}</label>
            <input id=id type="text" maxlength="500" prop:value=value
                aria-invalid=invalid.aria_invalid(id.to_owned())
                aria-describedby=invalid.described_by(id.to_owned())
                on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    let number_input =
        move |id: &'static str, label: &'static str, value: RwSignal<String>, max: &'static str| {
            view! {
                <div>
                    <label for=id>{i18n.tr(label)}</label>
                    <input id=id type="number" inputmode="numeric" min="0" max=max prop:value=value
                        aria-invalid=invalid.aria_invalid(id.to_owned())
                        aria-describedby=invalid.described_by(id.to_owned())
                        on:input=move |ev| value.set(event_target_value(&ev))/>
                </div>
            }
        };
    let checkbox = move |id: &'static str, label: &'static str, value: RwSignal<bool>| {
        view! {
            <div class="check">
                <input type="checkbox" id=id prop:checked=value
                    on:change=move |ev| value.set(event_target_checked(&ev))/>
                <label for=id>{i18n.tr(label)}</label>
            </div>
        }
    };

    view! {
        <form class="career-form" on:submit=save novalidate>
            {choices(i18n, "career.likes", "like", &ACTIVITIES, form.likes)}
            {choices(i18n, "career.can", "can", &ACTIVITIES, form.can)}

            <h3>{i18n.tr("career.mobility")}</h3>
            {text_input("places", "career.places", form.places)}
            <div class="field-row">{number_input("commute", "career.commute", form.commute, "240")}</div>
            {checkbox("relocate", "career.relocate", form.relocate)}
            {checkbox("vehicle", "career.vehicle", form.vehicle)}
            {choices(i18n, "career.licences", "licence", &LICENCES, form.licences)}

            <h3>{i18n.tr("career.time")}</h3>
            <div class="field-row">
                {number_input("hours-min", "career.hours_min", form.hours_min, "60")}
                {number_input("hours-max", "career.hours_max", form.hours_max, "60")}
            </div>
            {choices(i18n, "career.shifts", "shift", &SHIFTS, form.shifts)}
            <div class="field-row">
                <div>
                    <label for="earliest-start">{i18n.tr("career.earliest_start")}</label>
                    <input id="earliest-start" type="date" prop:value=form.start
                        on:input=move |ev| form.start.set(event_target_value(&ev))/>
                </div>
            </div>

            <h3>{i18n.tr("career.languages")}</h3>
            <Show when=move || form.languages.with(Vec::is_empty)>
                <p class="empty">{i18n.tr("career.languages_none")}</p>
            </Show>
            <For each=move || form.languages.get() key=|row| row.key
                children=move |row| language_row(i18n, form, invalid, row.key)/>
            <p><button type="button" id="add-language" class="button secondary"
                on:click=add_language>{i18n.tr("career.add_language")}</button></p>

            <h3>{i18n.tr("career.qualifications")}</h3>
            <Show when=move || form.qualifications.with(Vec::is_empty)>
                <p class="empty">{i18n.tr("career.qualifications_none")}</p>
            </Show>
            <For each=move || form.qualifications.get() key=|row| row.key
                children=move |row| qualification_row(i18n, form, invalid, row.key)/>
            <p><button type="button" id="add-qualification" class="button secondary"
                on:click=add_qualification>{i18n.tr("career.add_qualification")}</button></p>

            <div id="profile-error"><Alert message=Signal::derive(move || error.get().map(|k| i18n.t(k)))/></div>
            <p class="actions">
                <button type="submit" class="button">{i18n.tr("career.save")}</button>
            </p>
        </form>
    }
}

/// A group of checkboxes over `items`, chosen ones in `chosen`.
fn choices<T: Copy + PartialEq + Send + Sync + 'static>(
    i18n: I18n,
    legend: &'static str,
    prefix: &'static str,
    items: &'static Choices<T>,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{i18n.tr(legend)}</legend>
            <div class="check-grid">
                {items.iter().map(|&(value, code, key)| {
                    let id = format!("{prefix}-{code}");
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || chosen.with(|c| c.contains(&value))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|v| *v != value);
                                        if on {
                                            c.push(value);
                                        }
                                    });
                                }/>
                            <label for=id>{i18n.tr(key)}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// Removes the row with `key` from `rows` and moves focus to the row that
/// took its place (its "Remove" button), or to the "Add" button.
fn remove_row<R: Send + Sync + 'static>(
    rows: RwSignal<Vec<R>>,
    key: u32,
    key_of: fn(&R) -> u32,
    buttons: &'static str,
    fallback: &'static str,
) {
    let mut position = 0;
    rows.update(|l| {
        position = l.iter().position(|r| key_of(r) == key).unwrap_or(0);
        l.retain(|r| key_of(r) != key);
    });
    request_animation_frame(move || focus_after_removal(buttons, position, fallback));
}

fn language_row(i18n: I18n, form: Form, invalid: Invalid, key: u32) -> impl IntoView {
    let rows = form.languages;
    let legend = move || {
        let n = rows.with(|l| l.iter().position(|r| r.key == key).map_or(0, |p| p + 1));
        i18n.fill("career.language_n", &[("n", n.to_string())])
    };
    let edit = move |change: &dyn Fn(&mut LanguageRow)| {
        rows.update(|l| {
            if let Some(r) = l.iter_mut().find(|r| r.key == key) {
                change(r);
            }
        });
    };
    let read = move |get: fn(&LanguageRow) -> String| {
        rows.with(|l| l.iter().find(|r| r.key == key).map(get).unwrap_or_default())
    };
    let level_of = move || rows.with(|l| l.iter().find(|r| r.key == key).map(|r| r.level));
    let (code_id, level_id) = (format!("lang-code-{key}"), format!("lang-level-{key}"));
    view! {
        <fieldset class="row-group lang-row">
            <legend>{legend}</legend>
            <div class="field-row">
                <div>
                    <label for=code_id.clone()>{i18n.tr("career.language_code")}</label>
                    <input id=code_id.clone() type="text" class="short" maxlength="2" autocomplete="off"
                        spellcheck="false" prop:value=move || read(|r| r.code.clone())
                        aria-invalid=invalid.aria_invalid(code_id.clone())
                        aria-describedby=invalid.described_by(code_id.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|r| r.code.clone_from(&v));
                        }/>
                </div>
                <div>
                    <label for=level_id.clone()>{i18n.tr("career.level")}</label>
                    <select id=level_id on:change=move |ev| {
                        if let Some(level) = by_code(&LEVELS, &event_target_value(&ev)) {
                            edit(&|r| r.level = level);
                        }
                    }>
                        {LEVELS.iter().map(|&(level, code, text)| view! {
                            <option value=code selected=move || level_of() == Some(level)>{i18n.tr(text)}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <p class="row-actions">
                <button type="button" class="button secondary remove"
                    on:click=move |_| remove_row(rows, key, |r| r.key, ".lang-row .remove", "#add-language")>
                    {i18n.tr("career.remove")}<span class="visually-hidden">": " {legend}</span>
                </button>
            </p>
        </fieldset>
    }
}

fn qualification_row(i18n: I18n, form: Form, invalid: Invalid, key: u32) -> impl IntoView {
    let rows = form.qualifications;
    let legend = move || {
        let n = rows.with(|l| l.iter().position(|r| r.key == key).map_or(0, |p| p + 1));
        i18n.fill("career.qualification_n", &[("n", n.to_string())])
    };
    let edit = move |change: &dyn Fn(&mut QualificationRow)| {
        rows.update(|l| {
            if let Some(r) = l.iter_mut().find(|r| r.key == key) {
                change(r);
            }
        });
    };
    let read = move |get: fn(&QualificationRow) -> String| {
        rows.with(|l| l.iter().find(|r| r.key == key).map(get).unwrap_or_default())
    };
    let kind_of = move || rows.with(|l| l.iter().find(|r| r.key == key).map(|r| r.kind));
    let (kind_id, title_id, year_id) = (
        format!("qual-kind-{key}"),
        format!("qual-title-{key}"),
        format!("qual-year-{key}"),
    );
    view! {
        <fieldset class="row-group qual-row">
            <legend>{legend}</legend>
            <label for=kind_id.clone()>{i18n.tr("career.kind")}</label>
            <select id=kind_id on:change=move |ev| {
                if let Some(kind) = by_code(&KINDS, &event_target_value(&ev)) {
                    edit(&|r| r.kind = kind);
                }
            }>
                {KINDS.iter().map(|&(kind, code, text)| view! {
                    <option value=code selected=move || kind_of() == Some(kind)>{i18n.tr(text)}</option>
                }).collect_view()}
            </select>
            <label for=title_id.clone()>{i18n.tr("career.qualification_title")}</label>
            <input id=title_id.clone() type="text" maxlength="200"
                prop:value=move || read(|r| r.title.clone())
                aria-invalid=invalid.aria_invalid(title_id.clone())
                aria-describedby=invalid.described_by(title_id.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    edit(&|r| r.title.clone_from(&v));
                }/>
            <div class="field-row">
                <div>
                    <label for=year_id.clone()>{i18n.tr("career.year")}</label>
                    <input id=year_id.clone() type="number" inputmode="numeric" min="1940" max="2100"
                        prop:value=move || read(|r| r.year.clone())
                        aria-invalid=invalid.aria_invalid(year_id.clone())
                        aria-describedby=invalid.described_by(year_id.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            edit(&|r| r.year.clone_from(&v));
                        }/>
                </div>
            </div>
            <p class="row-actions">
                <button type="button" class="button secondary remove"
                    on:click=move |_| remove_row(rows, key, |r| r.key, ".qual-row .remove", "#add-qualification")>
                    {i18n.tr("career.remove")}<span class="visually-hidden">": " {legend}</span>
                </button>
            </p>
        </fieldset>
    }
}
