//! Images as a page wants them: `width` and `height` from the file where the caller can read it
//! (no layout shift while it loads), `loading="lazy"` and `decoding="async"` for every image
//! but the first (the first is likely on the first screen), and an image that stands alone in
//! its paragraph with a title written as a `<figure>` with the title as its caption. Where the
//! caller has smaller copies of an image, they are offered as its `srcset`.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use comrak::html::{ChildRendering, Context, dangerous_url};
use comrak::nodes::{AstNode, NodeLink, NodeValue};

use crate::html::RenderState;

/// What the caller knows of an image beyond its `src`: its pixel size, and smaller copies of
/// it for browsers to pick from by the width they will draw it at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageFacts {
    pub width: u32,
    pub height: u32,
    /// Copies narrower than the image, narrowest first, as (`src` as the page links it, pixel
    /// width): with the image itself they make its `srcset`.
    pub variants: Vec<(String, u32)>,
}

/// Finds the facts of an image by its `src` as written in the Markdown; `None` when it cannot
/// tell (a remote image, a file that is not there).
#[derive(Clone, Default)]
pub struct ImageSizes(Option<Arc<Lookup>>);

struct Lookup {
    facts_of: Box<FactsOf>,
    /// The `sizes` attribute that goes with a `srcset`: how wide the theme draws an image.
    sizes: String,
}

type FactsOf = dyn Fn(&str) -> Option<ImageFacts> + Send + Sync;

impl ImageSizes {
    /// `sizes` is the `sizes` attribute written wherever an image has variants.
    pub fn new(
        sizes: impl Into<String>,
        facts_of: impl Fn(&str) -> Option<ImageFacts> + Send + Sync + 'static,
    ) -> Self {
        Self(Some(Arc::new(Lookup {
            facts_of: Box::new(facts_of),
            sizes: sizes.into(),
        })))
    }

    fn facts_of(&self, src: &str) -> Option<(ImageFacts, Arc<Lookup>)> {
        let lookup = Arc::clone(self.0.as_ref()?);
        Some(((lookup.facts_of)(src)?, lookup))
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
    if let Some((facts, lookup)) = context.user.image_sizes.facts_of(&link.url) {
        let ImageFacts {
            width,
            height,
            variants,
        } = facts;
        if !variants.is_empty() {
            context.write_str(" srcset=\"")?;
            for (src, variant_width) in &variants {
                context.escape_href(src)?;
                write!(context, " {variant_width}w, ")?;
            }
            context.escape_href(&link.url)?;
            write!(context, " {width}w\" sizes=\"")?;
            context.escape(&lookup.sizes)?;
            context.write_str("\"")?;
        }
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
