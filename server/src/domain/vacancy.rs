//! Vacancies from outside: one entered by hand, or a CSV or JSON file of
//! them. Every value passes the text rule (`domain::text`) and the checks
//! here; an import is all or nothing: [`import`] returns either every
//! vacancy, or every problem with its line, and the caller stores nothing.
//!
//! CSV (RFC 4180; the delimiter is `,` or `;`, whichever the header uses;
//! lists inside a cell are separated by `|`), one header line with these
//! columns in any order (upper or lower case; only `title` and `place` are
//! required):
//!
//! | column | value |
//! |---|---|
//! | `title` | the job's title (≤ 200 characters) |
//! | `employer` | ≤ 200 characters |
//! | `reference` | the employer's or agency's reference (≤ 100) |
//! | `occupation` | ESCO occupation URI or id, ESCO code (`5120.1`) or ISCO-08 unit group (`5120`) |
//! | `place` | town or area (≤ 100) |
//! | `remote` | `yes`/`no` (also `true`/`false`, `1`/`0`, `ja`/`nein`); empty: no |
//! | `hours` | hours per week, 1–60 |
//! | `start` | `YYYY-MM-DD`; empty: at once |
//! | `skills` | `forklift|first aid` (≤ 30, each ≤ 120 characters) |
//! | `languages` | `de:B2|en:A2` (ISO 639-1 and a CEFR level or `native`) |
//! | `licences` | `B|CE` (EU driving licence classes) |
//! | `physical` | `light`, `medium` or `heavy` |
//! | `shifts` | `day|early|late|night|weekend`, the shifts the job is worked in |
//!
//! JSON: an array of objects with the fields of `VacancyInput` (the same
//! names; lists as arrays, `languages` as `{"language", "level"}` objects).

use lotse_shared::api::{
    Cefr, ImportFormat, ImportProblem, LanguageSkill, Licence, Occupation, PhysicalDemand, Shift,
    VacancyInput,
};

use crate::domain::text::{self, Field, NAME};

/// Most vacancies one import takes.
pub const MAX_ROWS: usize = 5_000;
/// Most skills one vacancy lists.
pub const MAX_SKILLS: usize = 30;
/// Most languages one vacancy asks for.
pub const MAX_LANGUAGES: usize = 10;
/// Longest skill name, as for a participant's competences.
pub const SKILL: usize = 120;

const TITLE: Field = Field::one_line("the title", 200);
const EMPLOYER: Field = Field::one_line("the employer", 200);
const REFERENCE: Field = Field::one_line("the reference", NAME);
const PLACE: Field = Field::one_line("the place", NAME);
const SKILL_FIELD: Field = Field::one_line("a skill", SKILL);

/// A checked vacancy, its occupation resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub input: VacancyInput,
    pub occupation: Option<Occupation>,
}

/// A problem with one field of one vacancy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

fn problem(field: &'static str, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field,
        message: message.into(),
    }
}

/// Checks and cleans one vacancy; `resolve` finds an occupation by ESCO URI,
/// id or code, or ISCO unit group. Every problem is reported, not only the first.
pub fn check(
    input: &VacancyInput,
    resolve: &dyn Fn(&str) -> Option<Occupation>,
) -> Result<Checked, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut text = |field: &'static str, rule: Field, value: &str, required: bool| {
        let cleaned = if required {
            rule.required(value)
        } else {
            rule.clean(value)
        };
        cleaned.unwrap_or_else(|e| {
            problems.push(problem(field, e.to_string()));
            String::new()
        })
    };
    let title = text("title", TITLE, &input.title, true);
    let employer = text("employer", EMPLOYER, &input.employer, false);
    let reference = text("reference", REFERENCE, &input.reference, false);
    let place = text("place", PLACE, &input.place, true);
    let mut skills = Vec::new();
    for skill in &input.skills {
        match SKILL_FIELD.required(skill) {
            Ok(s) if !skills.contains(&s) => skills.push(s),
            Ok(_) => {}
            Err(e) => problems.push(problem("skills", e.to_string())),
        }
    }
    if skills.len() > MAX_SKILLS {
        problems.push(problem("skills", format!("at most {MAX_SKILLS} skills")));
    }
    let occupation = match input.occupation.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) => {
            let found = resolve(code);
            if found.is_none() {
                problems.push(problem(
                    "occupation",
                    format!(
                        "{:?} is no ESCO occupation (URI, id or code) or ISCO-08 unit group",
                        code.chars().take(80).collect::<String>()
                    ),
                ));
            }
            found
        }
    };
    if input.hours.is_some_and(|h| !(1..=60).contains(&h)) {
        problems.push(problem("hours", "hours per week are between 1 and 60"));
    }
    let start = match input.start.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => match text::date(d) {
            Ok(_) => Some(d.to_owned()),
            Err(e) => {
                problems.push(problem("start", e.to_string()));
                None
            }
        },
    };
    let mut languages: Vec<LanguageSkill> = Vec::new();
    for l in &input.languages {
        let code = l.language.trim().to_ascii_lowercase();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            problems.push(problem(
                "languages",
                format!(
                    "{:?} is no ISO 639-1 language code (two letters)",
                    l.language.chars().take(20).collect::<String>()
                ),
            ));
        } else if !languages.iter().any(|k| k.language == code) {
            languages.push(LanguageSkill {
                language: code,
                level: l.level,
            });
        }
    }
    if languages.len() > MAX_LANGUAGES {
        problems.push(problem(
            "languages",
            format!("at most {MAX_LANGUAGES} languages"),
        ));
    }
    let mut licences = input.licences.clone();
    licences.sort();
    licences.dedup();
    let mut shifts = input.shifts.clone();
    shifts.sort();
    shifts.dedup();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Checked {
        input: VacancyInput {
            title,
            employer,
            reference,
            occupation: occupation.as_ref().map(|o| o.id.clone()),
            place,
            remote: input.remote,
            hours: input.hours,
            start,
            skills,
            languages,
            licences,
            physical: input.physical,
            shifts,
        },
        occupation,
    })
}

/// Parses and checks a whole file: every vacancy, or every problem.
pub fn import(
    format: ImportFormat,
    content: &str,
    resolve: &dyn Fn(&str) -> Option<Occupation>,
) -> Result<Vec<Checked>, Vec<ImportProblem>> {
    let rows = match format {
        ImportFormat::Csv => csv_rows(content)?,
        ImportFormat::Json => json_rows(content)?,
    };
    if rows.is_empty() {
        return Err(vec![ImportProblem {
            line: 1,
            field: None,
            message: "the file holds no vacancy".into(),
        }]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![ImportProblem {
            line: 1,
            field: None,
            message: format!("at most {MAX_ROWS} vacancies per file"),
        }]);
    }
    let mut checked = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (line, row) in rows {
        match row.and_then(|input| {
            check(&input, resolve).map_err(|p| {
                p.into_iter()
                    .map(|p| (Some(p.field.to_owned()), p.message))
                    .collect()
            })
        }) {
            Ok(c) => checked.push(c),
            Err(found) => {
                problems.extend(found.into_iter().map(|(field, message)| ImportProblem {
                    line,
                    field,
                    message,
                }));
            }
        }
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

/// A row: its line, and the vacancy or the problems of reading it.
type Row = (u32, Result<VacancyInput, Vec<(Option<String>, String)>>);

fn json_rows(content: &str) -> Result<Vec<Row>, Vec<ImportProblem>> {
    let entries: Vec<serde_json::Value> = serde_json::from_str(content).map_err(|e| {
        vec![ImportProblem {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            field: None,
            message: format!("not a JSON array of vacancies: {e}"),
        }]
    })?;
    Ok(entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            (
                line,
                serde_json::from_value::<VacancyInput>(entry)
                    .map_err(|e| vec![(None, format!("not a vacancy: {e}"))]),
            )
        })
        .collect())
}

const COLUMNS: [&str; 13] = [
    "title",
    "employer",
    "reference",
    "occupation",
    "place",
    "remote",
    "hours",
    "start",
    "skills",
    "languages",
    "licences",
    "physical",
    "shifts",
];

fn csv_rows(content: &str) -> Result<Vec<Row>, Vec<ImportProblem>> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let records = parse_csv(content).map_err(|(line, message)| {
        vec![ImportProblem {
            line,
            field: None,
            message,
        }]
    })?;
    let mut records = records.into_iter();
    let Some((_, header)) = records.next() else {
        return Ok(Vec::new());
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut problems = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(ImportProblem {
                line: 1,
                field: Some(name.chars().take(40).collect()),
                message: format!("unknown column (known: {})", COLUMNS.join(", ")),
            });
        } else if header[..i].contains(name) {
            problems.push(ImportProblem {
                line: 1,
                field: Some(name.clone()),
                message: "the column appears twice".into(),
            });
        }
    }
    for required in ["title", "place"] {
        if !header.iter().any(|h| h == required) {
            problems.push(ImportProblem {
                line: 1,
                field: Some(required.into()),
                message: "this column is required".into(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(records
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| (line, csv_vacancy(&header, &cells)))
        .collect())
}

fn csv_vacancy(
    header: &[String],
    cells: &[String],
) -> Result<VacancyInput, Vec<(Option<String>, String)>> {
    let mut problems = Vec::new();
    if cells.len() != header.len() {
        return Err(vec![(
            None,
            format!(
                "{} cells where the header has {} columns",
                cells.len(),
                header.len()
            ),
        )]);
    }
    let cell = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .map_or("", |i| cells[i].trim())
    };
    let list = |name: &str| -> Vec<String> {
        cell(name)
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let mut bad = |field: &str, message: String| problems.push((Some(field.to_owned()), message));
    let remote = match cell("remote").to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "nein" => false,
        "yes" | "true" | "1" | "ja" => true,
        other => {
            bad("remote", format!("{:?} is not yes or no", clip(other)));
            false
        }
    };
    let hours = match cell("hours") {
        "" => None,
        h => {
            let parsed = h.parse::<u8>().ok();
            if parsed.is_none() {
                bad("hours", format!("{:?} is not a number of hours", clip(h)));
            }
            parsed
        }
    };
    let mut languages = Vec::new();
    for entry in list("languages") {
        match entry
            .split_once(':')
            .and_then(|(l, level)| Some((l, Cefr::from_code(level)?)))
        {
            Some((language, level)) => languages.push(LanguageSkill {
                language: language.trim().to_owned(),
                level,
            }),
            None => bad(
                "languages",
                format!("{:?} is not language:level (e.g. de:B2)", clip(&entry)),
            ),
        }
    }
    let mut licences = Vec::new();
    for entry in list("licences") {
        match Licence::from_code(&entry) {
            Some(l) => licences.push(l),
            None => bad(
                "licences",
                format!("{:?} is no EU driving licence class", clip(&entry)),
            ),
        }
    }
    let mut shifts = Vec::new();
    for entry in list("shifts") {
        match Shift::from_code(&entry) {
            Some(s) => shifts.push(s),
            None => bad(
                "shifts",
                format!(
                    "{:?} is not day, early, late, night or weekend",
                    clip(&entry)
                ),
            ),
        }
    }
    let physical = match cell("physical").to_lowercase().as_str() {
        "" => None,
        "light" => Some(PhysicalDemand::Light),
        "medium" => Some(PhysicalDemand::Medium),
        "heavy" => Some(PhysicalDemand::Heavy),
        other => {
            bad(
                "physical",
                format!("{:?} is not light, medium or heavy", clip(other)),
            );
            None
        }
    };
    let input = VacancyInput {
        title: cell("title").to_owned(),
        employer: cell("employer").to_owned(),
        reference: cell("reference").to_owned(),
        occupation: Some(cell("occupation").to_owned()).filter(|s| !s.is_empty()),
        place: cell("place").to_owned(),
        remote,
        hours,
        start: Some(cell("start").to_owned()).filter(|s| !s.is_empty()),
        skills: list("skills"),
        languages,
        licences,
        physical,
        shifts,
    };
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems)
    }
}

/// At most 40 characters of a refused value, for the message.
fn clip(value: &str) -> String {
    value.chars().take(40).collect()
}

/// A CSV record: the line it starts on and its cells.
type Record = (u32, Vec<String>);

/// RFC 4180 records with the line each starts on. The delimiter is the one
/// of `,` and `;` that the first line uses more often outside quotes.
fn parse_csv(content: &str) -> Result<Vec<Record>, (u32, String)> {
    let first = content.lines().next().unwrap_or("");
    let count = |d: char| first.chars().filter(|&c| c == d).count();
    let delimiter = if count(';') > count(',') { ';' } else { ',' };
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line: u32 = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut at_field_start = true;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if let Some(&next) = chars.peek()
                        && next != delimiter
                        && next != '\n'
                        && next != '\r'
                    {
                        return Err((line, "text after a closing quote".into()));
                    }
                }
                '\n' => {
                    line = line.saturating_add(1);
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                quoted = true;
                at_field_start = false;
            }
            '"' => return Err((line, "a quote inside an unquoted cell".into())),
            c if c == delimiter => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                record.push(std::mem::take(&mut field));
                records.push((start, std::mem::take(&mut record)));
                line = line.saturating_add(1);
                start = line;
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if quoted {
        return Err((start, "a quoted cell is not closed".into()));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push((start, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;

    use super::*;

    fn resolve(code: &str) -> Option<Occupation> {
        (code == "5120.1" || code == "5120").then(|| Occupation {
            id: "cook-id".into(),
            code: "5120.1".into(),
            isco: "5120".into(),
            label: "cook".into(),
            group_labels: std::collections::BTreeMap::default(),
        })
    }

    const HEADER: &str = "title,employer,occupation,place,remote,hours,start,skills,languages,\
         licences,physical,shifts";

    #[test]
    fn a_good_csv_imports_every_row_with_its_lists() {
        let file = format!(
            "{HEADER}\r\nCook,\"Gasthaus \"\"Zur Linde\"\"\",5120.1,Leipzig,no,30,2027-01-04,\"knife skills|food hygiene\",de:B1|en:A2,B,medium,early|Late\n\
             Driver,,,\"Halle\",yes,,,,,CE|B,,\n"
        );
        let rows = import(ImportFormat::Csv, &file, &resolve).unwrap();
        assert_eq!(rows.len(), 2);
        let cook = &rows[0];
        assert_eq!(cook.input.employer, "Gasthaus \"Zur Linde\"");
        assert_eq!(cook.occupation.as_ref().unwrap().id, "cook-id");
        assert_eq!(cook.input.skills, vec!["knife skills", "food hygiene"]);
        assert_eq!(cook.input.languages[1].level, Cefr::A2);
        assert_eq!(cook.input.physical, Some(PhysicalDemand::Medium));
        assert_eq!(cook.input.shifts, vec![Shift::Early, Shift::Late]);
        assert_eq!(rows[1].input.licences, vec![Licence::B, Licence::Ce]);
        assert!(rows[1].input.remote);
    }

    #[test]
    fn semicolons_and_a_byte_order_mark_as_spreadsheets_write_them() {
        let file = "\u{feff}Title;Place;Hours\nKoch;Leipzig;20\n";
        let rows = import(ImportFormat::Csv, file, &resolve).unwrap();
        assert_eq!(rows[0].input.title, "Koch");
        assert_eq!(rows[0].input.hours, Some(20));
    }

    #[test]
    fn every_kind_of_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let file = format!(
            "{HEADER}\n\
             Good,,,Leipzig,,,,,,,,\n\
             ,,,Leipzig,,,,,,,,\n\
             Bad code,,9999.9,Leipzig,,,,,,,,\n\
             Bad remote,,,Leipzig,maybe,,,,,,,\n\
             Bad hours,,,Leipzig,,90,,,,,,\n\
             Bad hours text,,,Leipzig,,lots,,,,,,\n\
             Bad start,,,Leipzig,,,2027-02-30,,,,,\n\
             Bad language,,,Leipzig,,,,,german:B2,,,\n\
             Bad level,,,Leipzig,,,,,de:Z9,,,\n\
             Bad licence,,,Leipzig,,,,,,X,,\n\
             Bad physical,,,Leipzig,,,,,,,extreme,\n\
             Bad shift,,,Leipzig,,,,,,,,noon\n\
             Control\u{1b}[2J,,,Leipzig,,,,,,,,\n\
             Short row,Leipzig\n"
        );
        let problems = import(ImportFormat::Csv, &file, &resolve).unwrap_err();
        let lines: Vec<(u32, Option<&str>)> = problems
            .iter()
            .map(|p| (p.line, p.field.as_deref()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (3, Some("title")),
                (4, Some("occupation")),
                (5, Some("remote")),
                (6, Some("hours")),
                (7, Some("hours")),
                (8, Some("start")),
                (9, Some("languages")),
                (10, Some("languages")),
                (11, Some("licences")),
                (12, Some("physical")),
                (13, Some("shifts")),
                (14, Some("title")),
                (15, None),
            ]
        );
    }

    #[test]
    fn a_quoted_line_break_keeps_the_next_rows_line_numbers_true() {
        let file = "title,place\n\"Two\nlines\",Leipzig\n,Halle\n";
        let problems = import(ImportFormat::Csv, file, &resolve).unwrap_err();
        // The multi-line title is refused on line 2 (a one-line field), the
        // empty one on line 4.
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![2, 4]
        );
    }

    #[test]
    fn header_problems_stop_the_import_at_line_one() {
        for (file, field) in [
            ("title,salary\nx,1\n", "salary"),
            ("title,title,place\nx,y,z\n", "title"),
            ("title\nx\n", "place"),
        ] {
            let problems = import(ImportFormat::Csv, file, &resolve).unwrap_err();
            assert_eq!(problems[0].line, 1, "{file}");
            assert_eq!(problems[0].field.as_deref(), Some(field), "{file}");
        }
        for file in ["", "title,place\n", "\"open,quote\n"] {
            assert!(
                import(ImportFormat::Csv, file, &resolve).is_err(),
                "{file:?}"
            );
        }
    }

    #[test]
    fn json_entries_are_checked_one_by_one() {
        let file = r#"[
            {"title": "Cook", "place": "Leipzig", "occupation": "5120", "languages": [{"language": "de", "level": "B2"}]},
            {"title": "Spy", "place": "Leipzig", "salary": 1},
            {"title": "", "place": "Leipzig"}
        ]"#;
        let problems = import(ImportFormat::Json, file, &resolve).unwrap_err();
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
        let good = r#"[{"title": "Cook", "place": "Leipzig", "licences": ["B", "B"]}]"#;
        let rows = import(ImportFormat::Json, good, &resolve).unwrap();
        assert_eq!(rows[0].input.licences, vec![Licence::B]);
        assert!(import(ImportFormat::Json, "{}", &resolve).is_err());
    }

    proptest! {
        #[test]
        fn any_file_is_imported_or_refused_never_a_panic(content in "\\PC{0,400}", csv in any::<bool>()) {
            let format = if csv { ImportFormat::Csv } else { ImportFormat::Json };
            match import(format, &content, &resolve) {
                Ok(rows) => prop_assert!(!rows.is_empty()),
                Err(problems) => prop_assert!(!problems.is_empty()),
            }
        }

        #[test]
        fn csv_like_files_are_imported_or_refused(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z0-9 \";|:\\-\n]{0,12}", 0..5), 0..6)
        ) {
            let mut file = String::from("title,place,hours,languages,licences\n");
            for row in rows {
                file.push_str(&row.join(","));
                file.push('\n');
            }
            let _ = import(ImportFormat::Csv, &file, &resolve);
        }
    }
}
