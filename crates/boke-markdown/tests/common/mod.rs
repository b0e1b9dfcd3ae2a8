//! Helpers shared by the integration tests: render with default or adjusted options.

#![allow(dead_code)]

use boke_markdown::{Options, Rendered, render};

pub fn md(markdown: &str) -> Rendered {
    render(markdown, &Options::default())
}

pub fn with(options: impl FnOnce(&mut Options), markdown: &str) -> Rendered {
    let mut opts = Options::default();
    options(&mut opts);
    render(markdown, &opts)
}
