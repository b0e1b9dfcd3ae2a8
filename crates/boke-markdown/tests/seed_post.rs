//! The first user's real post as a fixture: every CJK rule checked on it.

use boke_markdown::{Options, Rendered, render};

const SEED: &str =
    include_str!("../../../examples/blog/content/posts/2026-01-05-2026-ai-trends.md");

fn rendered() -> Rendered {
    let mut options = Options::default();
    options.extract_title = true;
    render(SEED, &options)
}

#[test]
fn bold_next_to_cjk_punctuation_renders() {
    let html = rendered().html;
    assert!(
        html.contains("<strong>Agent能力的提升</strong>：大模型"),
        "{html}"
    );
    assert!(html.contains("<strong>制造业</strong>："));
}

#[test]
fn sections_have_cjk_keeping_ids() {
    let r = rendered();
    let toc: Vec<(u8, &str)> = r.toc.iter().map(|e| (e.level, e.id.as_str())).collect();
    assert_eq!(
        toc,
        [
            (2, "1-大模型的范式转变从chat到做事"),
            (2, "2-模型架构的创新"),
            (2, "3-视频生成技术的爆发"),
            (2, "4-scaling-law的挑战与突破"),
            (2, "5-图像编辑能力的成熟"),
            (2, "6-开源模型的崛起"),
            (2, "7-ai安全与伦理的重要性凸显"),
            (2, "8-行业应用的深化"),
            (2, "结论"),
        ]
    );
    assert_eq!(r.toc[3].text, "4. Scaling Law的挑战与突破");
    assert_eq!(r.html.matches("<h2 id=\"").count(), 9);
    assert!(
        r.html
            .contains("<h2 id=\"结论\">结论<a class=\"heading-anchor\" href=\"#结论\"")
    );
}

#[test]
fn title_is_extracted() {
    let r = rendered();
    assert_eq!(r.title.as_deref(), Some("2026年AI发展趋势"));
    assert!(!r.html.contains("<h1"));
    assert_eq!(
        r.first_paragraph,
        "探讨2026年人工智能领域的最新发展趋势和技术突破。"
    );
}

#[test]
fn no_break_or_space_between_two_han_characters() {
    let html = rendered().html;
    let chars: Vec<char> = html.chars().collect();
    for window in chars.windows(3) {
        let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
        assert!(
            !(han(window[0]) && (window[1] == '\n' || window[1] == ' ') && han(window[2])),
            "break between {} and {}",
            window[0],
            window[2]
        );
    }
}

#[test]
fn soft_breaks_are_removed_when_the_post_is_rewrapped() {
    // The seed keeps each paragraph on one line; wrapping it the way many editors do must not
    // change the HTML.
    let paragraph = "2026年，大模型正在经历从单纯的聊天功能向实用工具的范式转变。";
    let wrapped: String = paragraph
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            if i > 0 && i % 7 == 0 {
                vec!['\n', c]
            } else {
                vec![c]
            }
        })
        .collect();
    assert_eq!(
        render(&wrapped, &Options::default()).html,
        format!("<p>{paragraph}</p>\n")
    );
}

#[test]
fn word_count_matches_an_independent_scan() {
    // Han characters plus runs of ASCII letters and digits, over the whole source (markup
    // characters are not letters, so they do not count).
    let mut expected = 0usize;
    let mut in_word = false;
    for c in SEED.chars() {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            expected += 1;
            in_word = false;
        } else if c.is_ascii_alphanumeric() {
            expected += usize::from(!in_word);
            in_word = true;
        } else {
            in_word = false;
        }
    }
    let r = render(SEED, &Options::default());
    let difference = r.word_count.abs_diff(expected) as f64;
    assert!(
        difference <= expected as f64 * 0.05,
        "counted {} vs scan {expected}",
        r.word_count
    );
    assert!(
        expected > 1500,
        "the scan itself must see the post: {expected}"
    );
    // 1,530 Han characters at 400 a minute plus 64 Latin words at 200 a minute: 4.1, so 5.
    assert_eq!(r.reading_minutes, 5);
}

#[test]
fn line_77_broken_bold_is_reported() {
    let r = rendered();
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    let warning = &r.warnings[0];
    assert_eq!((warning.line, warning.column), (77, 3));
    assert!(
        warning.message.contains("`**` is followed by a space"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("`**healthcare**`"),
        "{}",
        warning.message
    );
    assert!(r.html.contains("<li>** healthcare**：AI辅助诊断"));
}
