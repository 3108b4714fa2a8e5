//! Participant access codes: how they look and how typed input is normalised.
//!
//! A code is 16 symbols from a 32-letter alphabet (80 bits of entropy), shown in
//! four groups of four. The alphabet leaves out letters that are easily confused
//! when read aloud or from paper (I, L, O, U), so normalising can be forgiving:
//! lower case, spaces and dashes are accepted, and `0`/`1` stand for what a person
//! most likely meant.

/// Crockford's base-32 alphabet.
pub const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Number of symbols in a code.
pub const LENGTH: usize = 16;
/// Bits of entropy in a code (`LENGTH` × 5).
pub const ENTROPY_BITS: usize = LENGTH * 5;

/// Turns 16 random bytes' worth of randomness into a grouped code.
///
/// Only the low five bits of each byte are used, so every symbol is uniform.
pub fn format_code(random: &[u8; LENGTH]) -> String {
    let mut out = String::with_capacity(LENGTH + 3);
    for (i, byte) in random.iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[usize::from(byte & 0x1f)]));
    }
    out
}

/// Normalises what a participant typed into the canonical ungrouped form, or
/// `None` when it cannot be a code at all.
pub fn normalize(input: &str) -> Option<String> {
    let mut out = String::with_capacity(LENGTH);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\u{a0}' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        out.push(c);
    }
    (out.len() == LENGTH).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_four_groups() {
        let code = format_code(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 31]);
        assert_eq!(code, "0123-4567-89AB-CDEZ");
    }

    #[test]
    fn normalises_forgiving_input() {
        assert_eq!(
            normalize(" k7mr 2xqp-9htd w4nf ").as_deref(),
            Some("K7MR2XQP9HTDW4NF")
        );
        assert_eq!(
            normalize("OIL0-0000-0000-0000").as_deref(),
            Some("0110000000000000")
        );
    }

    #[test]
    fn rejects_wrong_length_and_foreign_symbols() {
        assert_eq!(normalize("K7MR-2XQP"), None);
        assert_eq!(normalize("K7MR-2XQP-9HTD-W4NU"), None);
        assert_eq!(normalize("K7MR-2XQP-9HTD-W4N!"), None);
        assert_eq!(normalize("K7MR-2XQP-9HTD-W4NF-A"), None);
    }

    #[test]
    fn every_symbol_is_used_so_entropy_holds() {
        // 5 bits per symbol only holds if all 32 symbols can appear.
        let all: [u8; 32] = std::array::from_fn(|i| u8::try_from(i).unwrap());
        let first = format_code(all[..16].try_into().unwrap());
        let second = format_code(all[16..].try_into().unwrap());
        let mut seen: Vec<char> = format!("{first}{second}")
            .chars()
            .filter(|c| *c != '-')
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 32);
        assert_eq!(ENTROPY_BITS, 80);
    }

    proptest::proptest! {
        /// Whatever is typed, normalising never panics, and what it accepts
        /// is a canonical code that normalises to itself.
        #[test]
        fn normalising_any_input_gives_a_code_or_none(input in ".{0,40}") {
            if let Some(code) = normalize(&input) {
                proptest::prop_assert_eq!(code.len(), LENGTH);
                proptest::prop_assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
                proptest::prop_assert_eq!(normalize(&code), Some(code.clone()));
            }
        }
    }
}
