//! Parses a query into terms: whitespace separates terms (all must match), double quotes keep a
//! phrase together. Each term becomes the postings it needs: positional components (bigrams
//! covering each CJK run, Latin words) that must stand at fixed offsets from each other, and
//! single CJK characters that must merely occur.

use crate::tokenize::{Unit, units};

/// One query term: a word, a CJK run, a mixed chunk like `GPT-4o模型`, or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub units: Vec<Unit>,
    /// Positional keys and their slot offsets from the start of the term.
    pub positional: Vec<(String, u32)>,
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
        // Bigrams at every second offset, plus the last one: together they cover every character
        // and fix each one's place, so the run matches exactly where it stands whole.
        let mut offsets: Vec<usize> = (0..run.len() - 1).step_by(2).collect();
        if run.len() % 2 == 1 {
            offsets.push(run.len() - 2);
        }
        for o in offsets {
            positional.push((format!("{}{}", run[o].key, run[o + 1].key), run[o].slot));
        }
    }
    let word =
        (units.len() >= 3 && units.iter().all(|u| u.cjk) && units[1..].iter().all(|u| u.glued))
            .then(|| units.iter().map(|u| u.key.as_str()).collect());
    Some(Term {
        units,
        positional,
        present,
        word,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(t: &Term) -> Vec<(&str, u32)> {
        t.positional.iter().map(|(k, o)| (k.as_str(), *o)).collect()
    }

    #[test]
    fn cjk_runs_become_covering_bigrams() {
        let t = parse("多模态");
        assert_eq!(t.len(), 1);
        assert_eq!(pos(&t[0]), [("多模", 0), ("模态", 1)]);
        assert_eq!(t[0].word.as_deref(), Some("多模态"));
        assert_eq!(pos(&parse("视频生成")[0]), [("视频", 0), ("生成", 2)]);
        assert_eq!(
            pos(&parse("大语言模型")[0]),
            [("大语", 0), ("言模", 2), ("模型", 3)]
        );
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
        assert_eq!(pos(&t[0]), [("gpt", 0), ("4o", 2), ("模型", 3)]);
        assert!(parse("  ，。!! ").is_empty());
    }
}
