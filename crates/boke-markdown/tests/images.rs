//! Images: sizes from the caller, lazy loading after the first, and a figure with a caption for
//! an image alone in its paragraph with a title.

mod common;

use boke_markdown::{ImageFacts, ImageSizes};
use common::{md, with};
use scraper::{Html, Selector};

fn attrs(html: &str, selector: &str) -> Vec<Vec<(String, String)>> {
    let fragment = Html::parse_fragment(html);
    let selector = Selector::parse(selector).unwrap_or_else(|e| panic!("{e}"));
    fragment
        .select(&selector)
        .map(|img| {
            let mut pairs: Vec<(String, String)> = img
                .value()
                .attrs()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
            pairs.sort();
            pairs
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn the_first_image_loads_at_once_and_the_rest_lazily_with_their_sizes() {
    let text = "![封面 *图*](cover.png)\n\n正文。\n\n![图表](chart.png) 和 ![远程](https://x.example/a.png)\n";
    let html = with(
        |o| {
            o.image_sizes = ImageSizes::new("100vw", |src| {
                let (width, height) = match src {
                    "cover.png" => (1200, 630),
                    "chart.png" => (800, 600),
                    _ => return None,
                };
                Some(ImageFacts {
                    width,
                    height,
                    variants: Vec::new(),
                })
            });
        },
        text,
    )
    .html;
    assert_eq!(
        attrs(&html, "img"),
        [
            pairs(&[
                ("src", "cover.png"),
                ("alt", "封面 图"),
                ("width", "1200"),
                ("height", "630")
            ]),
            pairs(&[
                ("src", "chart.png"),
                ("alt", "图表"),
                ("width", "800"),
                ("height", "600"),
                ("loading", "lazy"),
                ("decoding", "async"),
            ]),
            pairs(&[
                ("src", "https://x.example/a.png"),
                ("alt", "远程"),
                ("loading", "lazy"),
                ("decoding", "async"),
            ]),
        ],
        "{html}"
    );
}

#[test]
fn a_titled_image_alone_in_its_paragraph_is_a_figure_with_its_caption() {
    let html =
        md("![模型结构](arch.png \"图 1：模型结构\")\n\n行内 ![小图](icon.png \"图标\") 一张。\n")
            .html;
    let fragment = Html::parse_fragment(&html);
    let figure = Selector::parse("figure.image > img[src='arch.png'][alt='模型结构']")
        .unwrap_or_else(|e| panic!("{e}"));
    let caption = Selector::parse("figure.image > figcaption").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(fragment.select(&figure).count(), 1, "{html}");
    let captions: Vec<String> = fragment
        .select(&caption)
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(captions, ["图 1：模型结构"], "{html}");
    assert!(!html.contains("<p><figure"), "{html}");
    // Inside a sentence, the title stays a title.
    assert_eq!(
        attrs(&html, "p img"),
        [pairs(&[
            ("src", "icon.png"),
            ("alt", "小图"),
            ("title", "图标"),
            ("loading", "lazy"),
            ("decoding", "async"),
        ])],
        "{html}"
    );
}

#[test]
fn scripts_in_image_urls_are_dropped_when_raw_html_is_off() {
    let html = with(|o| o.raw_html = false, "![x](javascript:alert(1))\n").html;
    assert!(html.contains("<img src=\"\" alt=\"x\""), "{html}");
}

#[test]
fn an_image_with_smaller_copies_offers_them_with_itself_as_its_srcset() {
    let html = with(
        |o| {
            o.image_sizes = ImageSizes::new("(min-width: 46rem) 42.5rem, 100vw", |src| {
                (src == "img/%E5%9B%BE.png").then(|| ImageFacts {
                    width: 1600,
                    height: 900,
                    variants: vec![
                        ("img/%E5%9B%BE.480.ab.webp".to_owned(), 480),
                        ("img/%E5%9B%BE.960.ab.webp".to_owned(), 960),
                    ],
                })
            });
        },
        "![图](img/%E5%9B%BE.png) ![无](other.png)\n",
    )
    .html;
    assert_eq!(
        attrs(&html, "img"),
        [
            pairs(&[
                ("src", "img/%E5%9B%BE.png"),
                ("alt", "图"),
                (
                    "srcset",
                    "img/%E5%9B%BE.480.ab.webp 480w, img/%E5%9B%BE.960.ab.webp 960w, img/%E5%9B%BE.png 1600w"
                ),
                ("sizes", "(min-width: 46rem) 42.5rem, 100vw"),
                ("width", "1600"),
                ("height", "900"),
            ]),
            pairs(&[
                ("src", "other.png"),
                ("alt", "无"),
                ("loading", "lazy"),
                ("decoding", "async"),
            ]),
        ],
        "{html}"
    );
}
