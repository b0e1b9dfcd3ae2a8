//! Table cells with their column's alignment as a class (`align-right`), not the `align`
//! attribute comrak writes, which HTML5 made obsolete and validators flag.

use std::fmt::{self, Write as _};

use comrak::html::{ChildRendering, Context};
use comrak::nodes::{AstNode, NodeValue, TableAlignment};

use crate::html::RenderState;

pub fn format_cell<'a>(
    context: &mut Context<RenderState>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    let row = node.parent();
    let in_header = row.is_some_and(|row| matches!(row.data().value, NodeValue::TableRow(true)));
    let element = if in_header { "th" } else { "td" };
    if !entering {
        write!(context, "</{element}>")?;
        return Ok(ChildRendering::HTML);
    }
    context.cr()?;
    write!(context, "<{element}")?;
    let column = node.preceding_siblings().count() - 1;
    let alignment = row
        .and_then(|row| row.parent())
        .and_then(|table| match &table.data().value {
            NodeValue::Table(table) => table.alignments.get(column).copied(),
            _ => None,
        });
    match alignment {
        Some(TableAlignment::Left) => context.write_str(" class=\"align-left\"")?,
        Some(TableAlignment::Right) => context.write_str(" class=\"align-right\"")?,
        Some(TableAlignment::Center) => context.write_str(" class=\"align-center\"")?,
        Some(TableAlignment::None) | None => {}
    }
    context.write_str(">")?;
    Ok(ChildRendering::HTML)
}
