//! Parses a query into terms: whitespace separates terms (all must match), double quotes keep a
//! phrase together. Each term becomes the postings it needs: positional components (Latin
//! words, and for each CJK run a choice of its bigrams covering every character, see
//! [`cheapest_cover`]) that must stand at fixed offsets from each other, and single CJK
//! characters that must merely occur.

use crate::tokenize::{Unit, units};

/// One query term: a word, a CJK run, a mixed chunk like `GPT-4o模型`, or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub units: Vec<Unit>,
    /// Latin words and their slot offsets from the start of the term.
    pub positional: Vec<(String, u32)>,
    /// Every bigram of each CJK run of two or more characters, with its slot offset.
    pub runs: Vec<Vec<(String, u32)>>,
    /// Keys that need only occur in the document (lone CJK characters).
    pub present: Vec<String>,
    /// The whole term when it is a run of three or more CJK characters: looked up among jieba
    /// words for a ranking bonus.
    pub word: Option<String>,
}

/// Splits a query into terms; empty when it holds nothing searchable.
pub fn parse(query: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            terms.extend(term(part));
        } else {
            terms.extend(part.split_whitespace().filter_map(term));
        }
    }
    terms
}

fn term(text: &str) -> Option<Term> {
    let units = units(text);
    if units.is_empty() {
        return None;
    }
    let mut positional = Vec::new();
    let mut runs = Vec::new();
    let mut present = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !units[i].cjk {
            positional.push((units[i].key.clone(), units[i].slot));
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < units.len() && units[i].glued {
            i += 1;
        }
        let run = &units[start..i];
        if run.len() == 1 {
            present.push(run[0].key.clone());
            continue;
        }
        runs.push(
            run.windows(2)
                .map(|w| (format!("{}{}", w[0].key, w[1].key), w[0].slot))
                .collect(),
        );
    }
    let word =
        (units.len() >= 3 && units.iter().all(|u| u.cjk) && units[1..].iter().all(|u| u.glued))
            .then(|| units.iter().map(|u| u.key.as_str()).collect());
    Some(Term {
        units,
        positional,
        runs,
        present,
        word,
    })
}

/// Which bigrams of a run to fetch, given each one's cost in bytes: every character must be in a
/// chosen bigram (so the first and last bigrams always are), and then, placed at their offsets,
/// they match exactly where the run stands whole. Dynamic programming over the bigrams: `best[i]`
/// is the cheapest choice covering characters `0..=i + 1` whose last bigram is `i`; the one
/// before it is `i - 1` or `i - 2`, the latter on ties. Mirrored in `assets/search.js`.
pub fn cheapest_cover(costs: &[u64]) -> Vec<usize> {
    let n = costs.len();
    let mut best: Vec<(u64, Option<usize>)> = Vec::with_capacity(n);
    for i in 0..n {
        let previous = match i {
            0 => None,
            1 => Some(0),
            _ if best[i - 2].0 <= best[i - 1].0 => Some(i - 2),
            _ => Some(i - 1),
        };
        let before = previous.map_or(0, |p| best[p].0);
        best.push((before.saturating_add(costs[i]), previous));
    }
    let mut chosen = Vec::new();
    let mut at = n.checked_sub(1);
    while let Some(i) = at {
        chosen.push(i);
        at = best[i].1;
    }
    chosen.reverse();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(t: &Term) -> Vec<(&str, u32)> {
        t.positional.iter().map(|(k, o)| (k.as_str(), *o)).collect()
    }

    fn runs(t: &Term) -> Vec<Vec<(&str, u32)>> {
        t.runs
            .iter()
            .map(|r| r.iter().map(|(k, o)| (k.as_str(), *o)).collect())
            .collect()
    }

    #[test]
    fn cjk_runs_list_their_bigrams() {
        let t = parse("多模态");
        assert_eq!(t.len(), 1);
        assert_eq!(runs(&t[0]), [[("多模", 0), ("模态", 1)]]);
        assert!(t[0].positional.is_empty());
        assert_eq!(t[0].word.as_deref(), Some("多模态"));
        assert_eq!(
            runs(&parse("视频生成")[0]),
            [[("视频", 0), ("频生", 1), ("生成", 2)]]
        );
    }

    #[test]
    fn covers_are_cheapest_and_cover_every_character() {
        // Two bigrams: both needed.
        assert_eq!(cheapest_cover(&[5, 7]), [0, 1]);
        // Four characters: the middle bigram is never needed.
        assert_eq!(cheapest_cover(&[5, 1, 7]), [0, 2]);
        // Five characters (向量 量数 数据 据库): the rare 量数 beats the common 数据.
        assert_eq!(cheapest_cover(&[10, 1, 50, 10]), [0, 1, 3]);
        assert_eq!(cheapest_cover(&[10, 50, 1, 10]), [0, 2, 3]);
        // Ties keep fewer bigrams.
        assert_eq!(cheapest_cover(&[1, 1, 1, 1, 1]), [0, 2, 4]);
        assert_eq!(cheapest_cover(&[3]), [0]);
        assert!(cheapest_cover(&[]).is_empty());
        // Every character covered, for every cost pattern of a six-character run.
        for mask in 0..32u32 {
            let costs: Vec<u64> = (0..5).map(|i| 1 + 9 * u64::from(mask >> i & 1)).collect();
            let chosen = cheapest_cover(&costs);
            for c in 0..6 {
                assert!(
                    chosen.iter().any(|&b| b == c || b + 1 == c),
                    "{costs:?} {chosen:?}"
                );
            }
        }
    }

    #[test]
    fn whitespace_splits_and_quotes_join() {
        let t = parse("Nano Banana");
        assert_eq!(t.len(), 2);
        let t = parse("\"Nano Banana\" 模");
        assert_eq!(t.len(), 2);
        assert_eq!(pos(&t[0]), [("nano", 0), ("banana", 2)]);
        assert_eq!(t[1].present, ["模"]);
        assert!(t[1].positional.is_empty());
    }

    #[test]
    fn mixed_chunks_keep_their_order() {
        let t = parse("GPT-4o模型");
        assert_eq!(pos(&t[0]), [("gpt", 0), ("4o", 2)]);
        assert_eq!(runs(&t[0]), [[("模型", 3)]]);
        assert!(parse("  ，。!! ").is_empty());
    }
}
