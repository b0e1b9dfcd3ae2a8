//! Curly quotes for Chinese: straight `"…"` and `'…'` become “…” and ‘…’ where they quote CJK
//! text or stand next to it. Quotes are paired in order within a block, so `"能说会道"` opens
//! and closes correctly (flanking rules, which Hexo uses, see CJK on both sides of each quote
//! and close twice). Only text nodes change: code, math, URLs and raw HTML keep their quotes,
//! and quotes in Latin-only context stay straight.

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{AstNode, NodeValue};

use boke_cjk::is_wide;

/// Curls the quotes of every block. Cheap on text without quotes: nothing is rebuilt there.
pub fn curl_cjk_quotes<'a>(root: &'a AstNode<'a>) {
    let mut block = Block::default();
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(node) => {
                let starts_block = {
                    let data = node.data();
                    match &data.value {
                        NodeValue::Text(text) => block.push_text(node, text),
                        NodeValue::Code(code) => block.push_opaque(&code.literal),
                        NodeValue::Math(math) => block.push_opaque(&math.literal),
                        NodeValue::SoftBreak | NodeValue::LineBreak => block.push_opaque(" "),
                        _ => {}
                    }
                    data.value.block()
                };
                if starts_block {
                    block.finish();
                }
            }
            NodeEdge::End(node) => {
                if node.data().value.block() {
                    block.finish();
                }
            }
        }
    }
    block.finish();
}

/// The inline text of one block, as characters that remember where they came from.
#[derive(Default)]
struct Block<'a> {
    chars: Vec<Char>,
    texts: Vec<&'a AstNode<'a>>,
    has_quote: bool,
}

#[derive(Clone, Copy)]
struct Char {
    c: char,
    /// Index into `texts` for characters of text nodes; `None` for code and the like.
    text: Option<usize>,
}

impl<'a> Block<'a> {
    fn push_text(&mut self, node: &'a AstNode<'a>, text: &str) {
        let index = self.texts.len();
        self.texts.push(node);
        for c in text.chars() {
            self.has_quote |= c == '"' || c == '\'';
            self.chars.push(Char {
                c,
                text: Some(index),
            });
        }
    }

    fn push_opaque(&mut self, text: &str) {
        self.chars
            .extend(text.chars().map(|c| Char { c, text: None }));
    }

    fn finish(&mut self) {
        if self.has_quote {
            let replaced = curl(&self.chars);
            if replaced.iter().any(Option::is_some) {
                self.rewrite(&replaced);
            }
        }
        self.chars.clear();
        self.texts.clear();
        self.has_quote = false;
    }

    /// Writes each text node again from its characters, with the replacements made.
    fn rewrite(&self, replaced: &[Option<char>]) {
        let mut rebuilt: Vec<Option<String>> = vec![None; self.texts.len()];
        for (index, ch) in self.chars.iter().enumerate() {
            if let Some(text) = ch.text {
                rebuilt[text]
                    .get_or_insert_with(String::new)
                    .push(replaced[index].unwrap_or(ch.c));
            }
        }
        for (node, text) in self.texts.iter().zip(rebuilt) {
            if let (NodeValue::Text(old), Some(new)) = (&mut node.data_mut().value, text)
                && *old != new
            {
                *old = new.into();
            }
        }
    }
}

/// The curly quote for each character that becomes one.
fn curl(chars: &[Char]) -> Vec<Option<char>> {
    let mut replaced = vec![None; chars.len()];
    for (straight, open, close) in [('"', '“', '”'), ('\'', '‘', '’')] {
        let quotes: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i].c == straight && chars[i].text.is_some())
            .filter(|&i| straight == '"' || !is_apostrophe(chars, i))
            .collect();
        let mut pairs = quotes.chunks_exact(2);
        for pair in &mut pairs {
            let (first, last) = (pair[0], pair[1]);
            let quotes_cjk = chars[first + 1..last].iter().any(|ch| is_wide(ch.c));
            if quotes_cjk || next_to_cjk(chars, first) || next_to_cjk(chars, last) {
                replaced[first] = Some(open);
                replaced[last] = Some(close);
            }
        }
        // A quote left without a partner opens when text follows it, else closes.
        if let [lone] = pairs.remainder()
            && next_to_cjk(chars, *lone)
        {
            let opens = chars
                .get(lone + 1)
                .is_some_and(|next| !next.c.is_whitespace());
            replaced[*lone] = Some(if opens { open } else { close });
        }
    }
    replaced
}

/// `'` between two letters or digits (`it's`, `rock'n'roll`) is an apostrophe, not a quote.
fn is_apostrophe(chars: &[Char], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| chars.get(i));
    let after = chars.get(at + 1);
    matches!((before, after), (Some(b), Some(a))
        if b.c.is_alphanumeric() && !is_wide(b.c) && a.c.is_alphanumeric() && !is_wide(a.c))
}

fn next_to_cjk(chars: &[Char], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| chars.get(i));
    let after = chars.get(at + 1);
    before.is_some_and(|ch| is_wide(ch.c)) || after.is_some_and(|ch| is_wide(ch.c))
}
