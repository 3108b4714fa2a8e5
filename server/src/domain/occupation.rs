//! The occupation catalogue: the 3,007 occupations of ESCO v1.1.1 with their
//! ISCO-08 groups, for recording a participant's occupational wishes and for
//! job matching.
//!
//! An occupation is stored by its ESCO id (the UUID that ends its concept
//! URI); its ESCO code and ISCO-08 unit group place it in the hierarchy.
//! The catalogue is compiled in from `server/data/` and read once:
//!
//! | file | what | from |
//! |---|---|---|
//! | `occupations.tsv` | id, code, ISCO unit group, English labels | ESCO, derived by `tools/esco/derive.py` |
//! | `isco_groups.tsv` | every ISCO-08 group (1–4 digits), English | ESCO, derived by `tools/esco/derive.py` |
//! | `isco_labels.tsv` | groups with 1–3 digits in de, nl, bg, de-x-easy | Lotse's own translations |
//!
//! ESCO's labels are English only. A participant who reads another language
//! sees the English label next to its minor group's label in their language
//! ([`local_label`]). Whatever shows these labels names [`SOURCE`]: ESCO's
//! licence asks for the acknowledgement.
//!
//! Search ([`search`]) compares Unicode-lowercased text, with typographic
//! apostrophes read as `'`. Every word of the query must occur in one label
//! (the preferred or one alternative). Hits are ranked, ties broken by label:
//!
//! 1. the preferred label starts with the query;
//! 2. a word of the preferred label starts with it;
//! 3. a word of an alternative label starts with it;
//! 4. the words occur elsewhere in the preferred label;
//! 5. the words occur elsewhere in an alternative label.
//!
//! A query of digits (and dots) is a code: `2654` or `26` finds the
//! occupations of that ISCO group, `2654.1` the ESCO occupation 2654.1 and
//! those below it (2654.1.7, not 2654.10), in code order.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization as _;

/// The acknowledgement ESCO's reuse licence asks for, for any page or
/// document that shows the catalogue's labels.
pub const SOURCE: &str = "ESCO, European Commission, v1.1.1";

/// The languages of `isco_labels.tsv`, in its column order; English is ESCO's.
const TRANSLATED: [&str; 4] = ["de", "nl", "bg", "de-x-easy"];

/// Longest query searched, in characters. The longest label has 97 (a test
/// keeps every label within this), so nothing findable is lost, and a
/// search's cost stays bounded whatever is sent.
const MAX_QUERY: usize = 200;

const OCCUPATIONS: &str = include_str!("../../data/occupations.tsv");
const ISCO_GROUPS: &str = include_str!("../../data/isco_groups.tsv");
const ISCO_LABELS: &str = include_str!("../../data/isco_labels.tsv");

/// One ESCO occupation, borrowing its text from the compiled-in catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupation {
    /// The ESCO id: the UUID at the end of the concept URI
    /// `http://data.europa.eu/esco/occupation/{id}`.
    pub id: &'static str,
    /// The ESCO code, e.g. `2654.1.7`; it starts with [`Self::isco`].
    pub code: &'static str,
    /// The ISCO-08 unit group, 4 digits.
    pub isco: &'static str,
    /// ESCO's preferred label (English).
    pub label: &'static str,
    /// ESCO's alternative labels (English), for search.
    pub alt_labels: Vec<&'static str>,
}

/// A line of an embedded file that does not have the expected shape. The
/// files are checked by the tests, so this only shows up after a bad edit.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
enum FormatError {
    #[error("{file} line {line}: expected {expected} tab-separated columns")]
    Columns {
        file: &'static str,
        line: usize,
        expected: usize,
    },
    #[error("{file} line {line}: {what}")]
    Invalid {
        file: &'static str,
        line: usize,
        what: &'static str,
    },
}

struct Catalogue {
    /// In the files' order: by ESCO code.
    occupations: Vec<Occupation>,
    /// For each occupation, its labels folded for search, one a line, the
    /// preferred first: one string, so most misses cost one scan.
    folded: Vec<String>,
    by_id: HashMap<&'static str, usize>,
    english: HashMap<&'static str, &'static str>,
    translated: HashMap<&'static str, [&'static str; TRANSLATED.len()]>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        parse(OCCUPATIONS, ISCO_GROUPS, ISCO_LABELS).unwrap_or_else(|error| {
            // Unreachable in a tested build; without a catalogue the server
            // still serves everything else, and searches find nothing.
            tracing::error!(%error, "the occupation catalogue does not parse");
            Catalogue {
                occupations: Vec::new(),
                folded: Vec::new(),
                by_id: HashMap::new(),
                english: HashMap::new(),
                translated: HashMap::new(),
            }
        })
    })
}

/// The data lines of a file with their 1-based numbers, split at tabs;
/// `#` lines are comments.
fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(index, line)| (index + 1, line.split('\t').collect()))
}

fn is_digits(text: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

fn parse(
    occupations: &'static str,
    groups: &'static str,
    labels: &'static str,
) -> Result<Catalogue, FormatError> {
    let mut catalogue = Catalogue {
        occupations: Vec::new(),
        folded: Vec::new(),
        by_id: HashMap::new(),
        english: HashMap::new(),
        translated: HashMap::new(),
    };
    for (line, columns) in rows(occupations) {
        let file = "occupations.tsv";
        let invalid = |what| FormatError::Invalid { file, line, what };
        let [id, code, isco, label, alt] = columns[..] else {
            return Err(FormatError::Columns {
                file,
                line,
                expected: 5,
            });
        };
        if id.len() != 36 || !id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            return Err(invalid("the id is not a UUID"));
        }
        if !is_digits(isco, 4..=4) {
            return Err(invalid("the ISCO group is not 4 digits"));
        }
        if !code
            .strip_prefix(isco)
            .is_some_and(|rest| rest.starts_with('.'))
        {
            return Err(invalid("the ESCO code is not below its ISCO group"));
        }
        if label.is_empty() {
            return Err(invalid("no label"));
        }
        let alt_labels: Vec<&str> = alt.split('|').filter(|a| !a.is_empty()).collect();
        let index = catalogue.occupations.len();
        if catalogue.by_id.insert(id, index).is_some() {
            return Err(invalid("the id occurs twice"));
        }
        catalogue.folded.push(
            std::iter::once(label)
                .chain(alt_labels.iter().copied())
                .map(fold)
                .collect::<Vec<_>>()
                .join("\n"),
        );
        catalogue.occupations.push(Occupation {
            id,
            code,
            isco,
            label,
            alt_labels,
        });
    }
    for (line, columns) in rows(groups) {
        let file = "isco_groups.tsv";
        let [code, label] = columns[..] else {
            return Err(FormatError::Columns {
                file,
                line,
                expected: 2,
            });
        };
        if !is_digits(code, 1..=4) || label.is_empty() {
            return Err(FormatError::Invalid {
                file,
                line,
                what: "not an ISCO code and label",
            });
        }
        catalogue.english.insert(code, label);
    }
    for (line, columns) in rows(labels) {
        let file = "isco_labels.tsv";
        let [code, de, nl, bg, de_easy] = columns[..] else {
            return Err(FormatError::Columns {
                file,
                line,
                expected: 5,
            });
        };
        let translations = [de, nl, bg, de_easy];
        if !is_digits(code, 1..=3) || translations.iter().any(|t| t.is_empty()) {
            return Err(FormatError::Invalid {
                file,
                line,
                what: "not a group code with four labels",
            });
        }
        catalogue.translated.insert(code, translations);
    }
    Ok(catalogue)
}

/// Text as search compares it: NFC, lowercase, typographic apostrophes as
/// `'` (ESCO writes "lecturer’s assistant"; people type "lecturer's"), words
/// separated by one space.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        // Nearly every label: no normalisation or Unicode case to look up.
        let lower = text.to_ascii_lowercase();
        return lower.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let lower = text
        .nfc()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if matches!(c, '\u{2018}' | '\u{2019}') {
                '\''
            } else {
                c
            }
        })
        .collect::<String>();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The occupation with this ESCO id.
pub fn find(id: &str) -> Option<&'static Occupation> {
    let catalogue = catalogue();
    catalogue
        .by_id
        .get(id)
        .and_then(|&index| catalogue.occupations.get(index))
}

/// At most `limit` occupations matching `query`, best first (the rules are
/// in the module documentation). An empty query finds nothing.
pub fn search(query: &str, limit: usize) -> Vec<&'static Occupation> {
    let catalogue = catalogue();
    let query = fold(query);
    if query.is_empty() || limit == 0 || query.chars().count() > MAX_QUERY {
        return Vec::new();
    }
    if let Some(matches) = code_matcher(&query) {
        return catalogue
            .occupations
            .iter()
            .filter(|occupation| matches(occupation))
            .take(limit)
            .collect();
    }
    let words: Vec<&str> = query.split(' ').collect();
    let mut hits: Vec<(u8, &str, &Occupation)> = catalogue
        .occupations
        .iter()
        .zip(&catalogue.folded)
        .filter_map(|(occupation, labels)| {
            let rank = rank(labels, &query, &words)?;
            Some((rank, labels.lines().next()?, occupation))
        })
        .collect();
    hits.sort_unstable_by(|a, b| (a.0, a.1, a.2.id).cmp(&(b.0, b.1, b.2.id)));
    hits.into_iter().take(limit).map(|(_, _, o)| o).collect()
}

/// For a query that is a code, the test an occupation has to pass.
fn code_matcher(query: &str) -> Option<impl Fn(&Occupation) -> bool + '_> {
    let code = query.strip_suffix('.').unwrap_or(query);
    if !code.starts_with(|c: char| c.is_ascii_digit())
        || !code.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    let dotted = code.contains('.');
    if !dotted && code.len() > 4 {
        return None;
    }
    Some(move |occupation: &Occupation| {
        if dotted {
            // By whole segments: 2654.1 is above 2654.1.7, not above 2654.10.
            occupation.code == code
                || occupation
                    .code
                    .strip_prefix(code)
                    .is_some_and(|rest| rest.starts_with('.'))
        } else {
            occupation.isco.starts_with(code)
        }
    })
}

/// How well `labels` (folded, one a line, preferred first) match the query;
/// `None` for no match.
fn rank(labels: &str, phrase: &str, words: &[&str]) -> Option<u8> {
    let has_words = |label: &str| words.iter().all(|word| label.contains(word));
    // One cheap test on all labels at once, which most occupations fail: no
    // query word holds a line break, so whatever matches one label passes.
    if !has_words(labels) {
        return None;
    }
    let mut lines = labels.lines();
    let preferred = lines.next()?;
    let alternatives = || lines.clone();
    if preferred.starts_with(phrase) {
        return Some(0);
    }
    if starts_a_word(preferred, phrase) {
        return Some(1);
    }
    if alternatives().any(|a| starts_a_word(a, phrase)) {
        return Some(2);
    }
    if has_words(preferred) {
        return Some(3);
    }
    alternatives().any(has_words).then_some(4)
}

/// Whether `phrase` occurs in `label` at the start of a word.
fn starts_a_word(label: &str, phrase: &str) -> bool {
    label.match_indices(phrase).any(|(at, _)| {
        label[..at]
            .chars()
            .next_back()
            .is_none_or(|before| !before.is_alphanumeric())
    })
}

/// The label of an ISCO-08 group in a language: `"en"` for ESCO's (groups of
/// 1 to 4 digits), `"de"`, `"nl"`, `"bg"` or `"de-x-easy"` for Lotse's own
/// translations (1 to 3 digits).
pub fn group_label(code: &str, lang: &str) -> Option<&'static str> {
    let catalogue = catalogue();
    if lang == "en" {
        return catalogue.english.get(code).copied();
    }
    let column = TRANSLATED.iter().position(|&l| l == lang)?;
    catalogue
        .translated
        .get(code)
        .and_then(|labels| labels.get(column).copied())
}

/// What a reader of `lang` sees for an occupation: ESCO's label in English;
/// otherwise the label of its minor (3-digit) group, or the nearest group
/// above that has one, or ESCO's English label when there is none.
pub fn local_label(occupation: &Occupation, lang: &str) -> &'static str {
    if lang != "en" {
        for digits in [3, 2, 1] {
            if let Some(label) = occupation
                .isco
                .get(..digits)
                .and_then(|group| group_label(group, lang))
            {
                return label;
            }
        }
    }
    occupation.label
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    fn labels(found: &[&Occupation]) -> Vec<&'static str> {
        found.iter().map(|o| o.label).collect()
    }

    #[test]
    fn the_embedded_files_parse() {
        assert!(parse(OCCUPATIONS, ISCO_GROUPS, ISCO_LABELS).is_ok());
        assert_eq!(catalogue().occupations.len(), 3007);
    }

    #[test]
    fn a_malformed_line_is_an_error_with_its_number() {
        let error = parse("# c\nabc\tdef\n", "", "").err();
        assert_eq!(
            error,
            Some(FormatError::Columns {
                file: "occupations.tsv",
                line: 2,
                expected: 5
            })
        );
    }

    #[test]
    fn every_isco_group_is_there_and_every_occupation_has_one() {
        let english = &catalogue().english;
        let per_level = |digits: usize| english.keys().filter(|c| c.len() == digits).count();
        assert_eq!(
            [per_level(1), per_level(2), per_level(3), per_level(4)],
            [10, 43, 130, 436]
        );
        for code in english.keys().filter(|c| c.len() > 1) {
            assert!(
                english.contains_key(&code[..code.len() - 1]),
                "{code} has no parent"
            );
        }
        for occupation in &catalogue().occupations {
            assert!(english.contains_key(occupation.isco), "{}", occupation.code);
        }
    }

    #[test]
    fn every_group_of_one_to_three_digits_has_all_four_translations() {
        let catalogue = catalogue();
        let wanted: HashSet<&str> = catalogue
            .english
            .keys()
            .copied()
            .filter(|c| c.len() <= 3)
            .collect();
        let translated: HashSet<&str> = catalogue.translated.keys().copied().collect();
        assert_eq!(wanted, translated);
        for code in wanted {
            for lang in TRANSLATED {
                assert!(group_label(code, lang).is_some_and(|l| !l.trim().is_empty()));
            }
        }
    }

    #[test]
    fn no_label_is_longer_than_the_longest_query() {
        let longest = catalogue()
            .folded
            .iter()
            .flat_map(|labels| labels.lines())
            .map(|label| label.chars().count())
            .max();
        assert!(longest.is_some_and(|n| n <= MAX_QUERY), "{longest:?}");
    }

    #[test]
    fn occupations_are_unique_and_in_code_order() {
        let occupations = &catalogue().occupations;
        let key = |o: &Occupation| -> Vec<u32> {
            o.code
                .split('.')
                .map(|s| s.parse().unwrap_or(u32::MAX))
                .collect()
        };
        assert!(occupations.windows(2).all(|w| key(&w[0]) < key(&w[1])));
        assert_eq!(catalogue().by_id.len(), occupations.len());
    }

    #[test]
    fn find_by_id() {
        let director = find("00030d09-2b3a-4efd-87cc-c4ea39d27c34");
        assert_eq!(
            director.map(|o| (o.code, o.isco, o.label)),
            Some(("2654.1.7", "2654", "technical director"))
        );
        assert!(director.is_some_and(|o| o.alt_labels.contains(&"head of technical department")));
        // The preferred label is not repeated among the alternatives.
        assert!(director.is_some_and(|o| !o.alt_labels.contains(&"technical director")));
        assert_eq!(find("00030D09-2B3A-4EFD-87CC-C4EA39D27C34"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn search_ranks_the_preferred_label_first() {
        let cook = search("cook", 10);
        assert_eq!(cook.first().map(|o| o.code), Some("5120.1"));
        assert_eq!(labels(&search("COOK", 10)), labels(&cook));

        let nurse = labels(&search("nurse", 6));
        assert_eq!(
            nurse,
            [
                // The preferred label starts with the query, by label …
                "nurse assistant",
                "nurse responsible for general care",
                "nursery school head teacher",
                // … then a word of it does.
                "advanced nurse practitioner",
                "specialist nurse",
                "veterinary nurse",
            ]
        );
    }

    #[test]
    fn search_finds_by_alternative_labels_and_all_words() {
        let wire = search("wire drawer", 5);
        assert!(
            wire.iter()
                .any(|o| o.label == "metal drawing machine operator")
        );
        // Words in any order, all in one label.
        let found = search("operator metal drawing", 5);
        assert!(
            found
                .iter()
                .any(|o| o.label == "metal drawing machine operator")
        );
        assert!(search("cook xylophone", 5).is_empty());
        // Hits on a word of the preferred label come before the others.
        let chef = search("chef", 50);
        let on_preferred = |o: &&Occupation| starts_a_word(&fold(o.label), "chef");
        let first_other = chef.iter().position(|o| !on_preferred(o));
        assert!(first_other.is_some_and(|at| chef[at..].iter().all(|o| !on_preferred(o))));
    }

    #[test]
    fn the_ranks() {
        let rank_of = |labels: &str, query: &str| {
            let words: Vec<&str> = query.split(' ').collect();
            rank(labels, query, &words)
        };
        assert_eq!(rank_of("cook\nchef", "cook"), Some(0));
        assert_eq!(rank_of("pastry cook\nchef", "cook"), Some(1));
        assert_eq!(rank_of("chef\nhead cook", "cook"), Some(2));
        assert_eq!(rank_of("precooked meals\nchef", "cook"), Some(3));
        assert_eq!(rank_of("chef\nprecook", "cook"), Some(4));
        assert_eq!(rank_of("cook chef\nx", "chef cook"), Some(3));
        // All words in one label, not spread over several.
        assert_eq!(rank_of("pastry\ncook", "pastry cook"), None);
        assert_eq!(rank_of("baker\nchef", "cook"), None);
    }

    #[test]
    fn search_reads_typographic_apostrophes_as_plain_ones() {
        let curly = search("lecturer’s assistant", 5);
        assert!(!curly.is_empty());
        assert_eq!(labels(&search("lecturer's assistant", 5)), labels(&curly));
    }

    #[test]
    fn search_by_code() {
        let unit = search("2654", 1000);
        assert!(!unit.is_empty() && unit.iter().all(|o| o.isco == "2654"));
        assert!(unit.iter().any(|o| o.code == "2654.1.7"));
        let sub_major = search("26", 1000);
        assert!(sub_major.len() > unit.len() && sub_major.iter().all(|o| o.isco.starts_with("26")));

        let officer = labels(&search("0110.1", 100));
        assert_eq!(officer, ["air force officer"]);
        assert_eq!(labels(&search("0110.1.", 100)), officer);
        assert_eq!(labels(&search("2654.1.7", 100)), ["technical director"]);
        assert!(search("99999", 10).is_empty());
    }

    #[test]
    fn search_limits() {
        assert!(search("", 10).is_empty());
        assert!(search(" \t\n ", 10).is_empty());
        assert!(search("cook", 0).is_empty());
        assert_eq!(search("a", 7).len(), 7);
        assert!(search(&"cook ".repeat(100), 10).is_empty());
    }

    #[test]
    fn group_labels_and_local_labels() {
        assert_eq!(group_label("512", "en"), Some("Cooks"));
        assert_eq!(group_label("5120", "en"), Some("Cooks"));
        assert_eq!(group_label("512", "de"), Some("Köche"));
        assert_eq!(
            group_label("322", "de-x-easy"),
            Some("Berufe in der Pflege")
        );
        assert_eq!(group_label("5120", "de"), None);
        assert_eq!(group_label("512", "fr"), None);
        assert_eq!(group_label("", "en"), None);

        let cook = search("cook", 1);
        let cook = cook.first().copied();
        assert_eq!(cook.map(|o| local_label(o, "en")), Some("cook"));
        assert_eq!(cook.map(|o| local_label(o, "nl")), Some("Koks"));
        assert_eq!(cook.map(|o| local_label(o, "bg")), Some("Готвачи"));
        assert_eq!(cook.map(|o| local_label(o, "fr")), Some("cook"));
    }

    #[test]
    fn local_label_falls_back_to_the_group_above() {
        let made_up = Occupation {
            id: "x",
            code: "5999.1",
            isco: "5999",
            label: "made up",
            alt_labels: Vec::new(),
        };
        assert_eq!(
            local_label(&made_up, "de"),
            "Dienstleistungsberufe und Verkäufer"
        );
        let nowhere = Occupation {
            isco: "x",
            ..made_up
        };
        assert_eq!(local_label(&nowhere, "de"), "made up");
    }

    proptest! {
        #[test]
        fn search_never_panics(query in any::<String>(), limit in 0usize..100) {
            let found = search(&query, limit);
            prop_assert!(found.len() <= limit);
        }

        #[test]
        fn search_never_panics_on_near_misses(
            query in "[0-9. ]{0,12}|[a-zé’' -]{0,20}|[\\p{Cyrillic}\\p{Greek}İ ]{0,10}",
        ) {
            let _ = search(&query, 20);
        }

        #[test]
        fn lookups_never_panic(code in any::<String>(), lang in any::<String>()) {
            let _ = find(&code);
            let _ = group_label(&code, &lang);
            // An occupation borrows 'static text; leaking a test's few
            // strings is the simplest way to make one from any input.
            let made_up = Occupation {
                id: "x",
                code: "x",
                isco: Box::leak(code.into_boxed_str()),
                label: "x",
                alt_labels: Vec::new(),
            };
            let _ = local_label(&made_up, &lang);
        }
    }
}
