//! Issue 15's syntax pieces thrown together at random: rendering never panics, whatever the
//! author half-wrote (an unclosed fence option, a lone `$`, a marker without a body).

mod common;

use common::with;

const PIECES: &[&str] = &[
    "> [!NOTE]-",
    "> [!tip]+ 题",
    "> [!x]",
    "```{",
    "```rust {1-",
    "```r,title=\"",
    "$",
    "$$",
    "\\(",
    "\\[",
    "\"",
    "'",
    "~",
    "~~",
    "## {#}",
    "## a {#b}",
    "中",
    "a",
    " ",
    "\n",
    "\n\n",
    "`",
    "*",
    ":smile:",
    "[!NOTE]",
    ">",
    "- ",
    "```math",
    "\\text{中}",
    "{#x}",
    "’",
    "|a|\n|-|\n|\"中\"|",
];

#[test]
fn random_mixes_render() {
    let mut state: u64 = 42;
    for _ in 0..3000 {
        let mut doc = String::new();
        for _ in 0..12 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            doc.push_str(PIECES[(state >> 33) as usize % PIECES.len()]);
        }
        let all_on = with(
            |o| {
                o.emoji = true;
                o.pangu_spacing = true;
            },
            &doc,
        );
        assert!(!all_on.html.contains('\0'), "{doc:?}");
        let others = with(
            |o| {
                o.hard_breaks = true;
                o.subscript = true;
                o.cjk_quotes = false;
                o.language = "en".into();
            },
            &doc,
        );
        assert!(!others.html.contains('\0'), "{doc:?}");
    }
}
