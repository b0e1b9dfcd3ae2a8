//! GitHub alerts: `> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`, with a
//! custom title after the marker (`> [!TIP] 小技巧`) and Hugo's foldable forms (`[!NOTE]-`
//! folded, `[!NOTE]+` open) as `<details>`. comrak parses Obsidian callouts, which are the same
//! syntax with any type; a type GitHub does not know stays a block quote showing its marker, as
//! on GitHub.

use std::fmt::{self, Write as _};

use comrak::Arena;
use comrak::html::{ChildRendering, Context};
use comrak::nodes::{AstNode, CalloutFold, NodeCallout, NodeValue};

use crate::html::RenderState;
use crate::position::Source;

/// The five kinds GitHub renders, by their type as comrak normalises it (lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Kind {
    fn of(callout_type: &str) -> Option<Self> {
        Some(match callout_type {
            "note" => Self::Note,
            "tip" => Self::Tip,
            "important" => Self::Important,
            "warning" => Self::Warning,
            "caution" => Self::Caution,
            _ => return None,
        })
    }

    fn class(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Tip => "tip",
            Self::Important => "important",
            Self::Warning => "warning",
            Self::Caution => "caution",
        }
    }

    fn title(self, chinese: bool) -> &'static str {
        match (self, chinese) {
            (Self::Note, true) => "注意",
            (Self::Tip, true) => "提示",
            (Self::Important, true) => "重要",
            (Self::Warning, true) => "警告",
            (Self::Caution, true) => "小心",
            (Self::Note, false) => "Note",
            (Self::Tip, false) => "Tip",
            (Self::Important, false) => "Important",
            (Self::Warning, false) => "Warning",
            (Self::Caution, false) => "Caution",
        }
    }
}

/// Whether default titles are Chinese: a BCP 47 tag whose primary language is `zh`.
pub fn is_chinese(language: &str) -> bool {
    language
        .split(['-', '_'])
        .next()
        .is_some_and(|primary| primary.eq_ignore_ascii_case("zh"))
}

/// Turns each callout of a type GitHub does not know back into a block quote whose first
/// paragraph is its marker line as written (`[!INFO] 标题`).
pub fn demote_unknown<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>, source: &Source<'_>) {
    let unknown: Vec<_> = root
        .descendants()
        .filter(|node| {
            matches!(&node.data().value, NodeValue::Callout(callout)
                if Kind::of(&callout.callout_type).is_none())
        })
        .collect();
    for node in unknown {
        let marker = marker_line(node, source);
        if let Some(title) = node
            .first_child()
            .filter(|child| matches!(child.data().value, NodeValue::CalloutTitle))
        {
            title.detach();
        }
        let paragraph = arena.alloc(NodeValue::Paragraph.into());
        paragraph.append(arena.alloc(NodeValue::Text(marker.into()).into()));
        node.prepend(paragraph);
        node.data_mut().value = NodeValue::BlockQuote;
    }
}

/// The callout's first line from its `[!` on, as the author wrote it.
fn marker_line<'a>(node: &'a AstNode<'a>, source: &Source<'_>) -> String {
    let start = node.data().sourcepos.start;
    source
        .line(start.line)
        .and_then(|line| line.find("[!").map(|at| line[at..].trim_end().to_string()))
        .unwrap_or_default()
}

/// Opens or closes an alert: `<div role="note">` with a title paragraph, or `<details>` with a
/// `<summary>` when foldable (`open` when it was written `+`).
pub fn format_callout<'a>(
    context: &mut Context<RenderState>,
    node: &'a AstNode<'a>,
    callout: &NodeCallout,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    let Some(kind) = Kind::of(&callout.callout_type) else {
        // `demote_unknown` leaves none; a quote is the honest fallback.
        context.cr()?;
        context.write_str(if entering {
            "<blockquote>\n"
        } else {
            "</blockquote>\n"
        })?;
        return Ok(ChildRendering::HTML);
    };
    let foldable = callout.fold != CalloutFold::None;
    if !entering {
        context.cr()?;
        context.write_str(if foldable { "</details>\n" } else { "</div>\n" })?;
        return Ok(ChildRendering::HTML);
    }
    context.cr()?;
    let class = kind.class();
    if foldable {
        let open = if callout.fold == CalloutFold::Expanded {
            " open"
        } else {
            ""
        };
        writeln!(context, "<details class=\"alert alert-{class}\"{open}>")?;
    } else {
        writeln!(context, "<div class=\"alert alert-{class}\" role=\"note\">")?;
    }
    let has_title = node
        .first_child()
        .is_some_and(|child| matches!(child.data().value, NodeValue::CalloutTitle));
    if !has_title {
        let title = kind.title(context.user.chinese_titles);
        write_title_open(context, foldable)?;
        context.write_str(title)?;
        write_title_close(context, foldable)?;
    }
    Ok(ChildRendering::HTML)
}

/// Opens or closes a written title; comrak's paragraph inside it writes no `<p>`.
pub fn format_title<'a>(
    context: &mut Context<RenderState>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    let foldable = node.parent().is_some_and(|parent| {
        matches!(&parent.data().value, NodeValue::Callout(callout)
            if callout.fold != CalloutFold::None)
    });
    if entering {
        write_title_open(context, foldable)?;
    } else {
        write_title_close(context, foldable)?;
    }
    Ok(ChildRendering::HTML)
}

fn write_title_open(context: &mut Context<RenderState>, foldable: bool) -> fmt::Result {
    context.write_str(if foldable {
        "<summary class=\"alert-title\">"
    } else {
        "<p class=\"alert-title\">"
    })
}

fn write_title_close(context: &mut Context<RenderState>, foldable: bool) -> fmt::Result {
    context.write_str(if foldable { "</summary>\n" } else { "</p>\n" })
}
