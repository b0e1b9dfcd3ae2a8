//! Images as a page wants them: `width` and `height` from the file where the caller can read it
//! (no layout shift while it loads), `loading="lazy"` and `decoding="async"` for every image
//! but the first (the first is likely on the first screen), and an image that stands alone in
//! its paragraph with a title written as a `<figure>` with the title as its caption.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use comrak::html::{ChildRendering, Context, dangerous_url};
use comrak::nodes::{AstNode, NodeLink, NodeValue};

use crate::html::RenderState;

/// Finds the pixel size of an image by its `src` as written in the Markdown; `None` when it
/// cannot tell (a remote image, a file that is not there).
#[derive(Clone, Default)]
pub struct ImageSizes(Option<Arc<SizeOf>>);

/// Pixel width and height of the image a `src` names.
type SizeOf = dyn Fn(&str) -> Option<(u32, u32)> + Send + Sync;

impl ImageSizes {
    pub fn new(size_of: impl Fn(&str) -> Option<(u32, u32)> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(size_of)))
    }

    fn size_of(&self, src: &str) -> Option<(u32, u32)> {
        self.0.as_ref().and_then(|size_of| size_of(src))
    }
}

impl fmt::Debug for ImageSizes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "ImageSizes(reader)"
        } else {
            "ImageSizes(none)"
        })
    }
}

/// The one image of a paragraph that holds nothing else, when it has a title: the paragraph is
/// written as a figure.
pub(crate) fn captioned_alone<'a>(paragraph: &'a AstNode<'a>) -> Option<&'a AstNode<'a>> {
    let image = paragraph.first_child()?;
    let alone = image.next_sibling().is_none()
        && matches!(&image.data().value, NodeValue::Image(link) if !link.title.is_empty());
    let top_level = paragraph
        .parent()
        .is_some_and(|parent| matches!(parent.data().value, NodeValue::Document));
    (alone && top_level).then_some(image)
}

pub(crate) fn format_figure(
    context: &mut Context<RenderState>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if entering {
        context.cr()?;
        context.write_str("<figure class=\"image\">")?;
    } else {
        context.write_str("</figure>\n")?;
    }
    Ok(ChildRendering::HTML)
}

pub(crate) fn format_image<'a>(
    context: &mut Context<RenderState>,
    node: &'a AstNode<'a>,
    link: &NodeLink,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if entering {
        context.write_str("<img src=\"")?;
        if context.options.render.r#unsafe || !dangerous_url(&link.url) {
            context.escape_href(&link.url)?;
        }
        context.write_str("\" alt=\"")?;
        // The alt text is the image's text, without markup.
        return Ok(ChildRendering::Plain);
    }
    let in_figure = node
        .parent()
        .and_then(captioned_alone)
        .is_some_and(|image| std::ptr::eq(image, node));
    context.write_str("\"")?;
    if !link.title.is_empty() && !in_figure {
        context.write_str(" title=\"")?;
        context.escape(&link.title)?;
        context.write_str("\"")?;
    }
    if let Some((width, height)) = context.user.image_sizes.size_of(&link.url) {
        write!(context, " width=\"{width}\" height=\"{height}\"")?;
    }
    if context.user.images_seen > 0 {
        context.write_str(" loading=\"lazy\" decoding=\"async\"")?;
    }
    context.user.images_seen += 1;
    context.write_str(" />")?;
    if in_figure {
        context.write_str("<figcaption>")?;
        context.escape(&link.title)?;
        context.write_str("</figcaption>")?;
    }
    Ok(ChildRendering::HTML)
}
