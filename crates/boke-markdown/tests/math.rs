//! Issue 15: formulas become MathML at build time; their TeX survives exactly; prices are not
//! math; a broken formula is a warning and shows as code; plain text holds the source.

mod common;

use common::md;

const ANNOTATION: &str = "<annotation encoding=\"application/x-tex\">";

/// The TeX source kept in each `<annotation>`, in order.
fn annotations(html: &str) -> Vec<&str> {
    html.split(ANNOTATION)
        .skip(1)
        .filter_map(|rest| rest.split_once("</annotation>").map(|(tex, _)| tex))
        .collect()
}

#[test]
fn inline_dollars_become_mathml() {
    let r = md("质能方程 $E=mc^2$ 很有名。");
    assert!(
        r.html.starts_with(
            "<p>质能方程 <math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.ends_with("</math> 很有名。</p>\n"), "{}", r.html);
    assert!(!r.html.contains('$'), "{}", r.html);
    assert!(r.has_math);
    assert!(r.warnings.is_empty());
}

#[test]
fn every_delimiter_renders_with_its_display() {
    let r = md(
        "行内 \\(a+b\\) 与 $`c_d`$\n\n$$\n\\sum_{i=1}^n i\n$$\n\n\\[x^2\\]\n\n```math\ny = 1\n```\n",
    );
    assert_eq!(r.html.matches("<math>").count(), 2, "{}", r.html);
    assert_eq!(
        r.html.matches("<math display=\"block\">").count(),
        3,
        "{}",
        r.html
    );
    assert_eq!(
        annotations(&r.html),
        ["a+b", "c_d", "\n\\sum_{i=1}^n i\n", "x^2", "y = 1\n"]
    );
    assert!(!r.html.contains("<pre"), "{}", r.html);
}

#[test]
fn tex_is_kept_exactly_inside_math() {
    let r = md("$x*y*z$ 与 $a\\,b$\n\n$$\na \\\\ b\n$$\n");
    assert_eq!(annotations(&r.html), ["x*y*z", "a\\,b", "\na \\\\ b\n"]);
    assert!(!r.html.contains("<em>"), "{}", r.html);
    assert!(r.html.contains("<mspace width="), "{}", r.html);
}

#[test]
fn chinese_inside_text() {
    let r = md("$\\text{速度} = \\frac{\\text{路程}}{t}$");
    assert!(r.html.contains("<mtext>速度</mtext>"), "{}", r.html);
    assert!(r.html.contains("<mtext>路程</mtext>"), "{}", r.html);
    assert!(r.html.contains("<mfrac>"), "{}", r.html);
}

#[test]
fn prices_are_not_math() {
    for prose in [
        "价格在 $5 到 $10 之间。",
        "原价$5，省了$10。",
        "花了 $5-$10 不等",
        "US$ 20 与 $ 30",
        "转义 \\$x\\$ 不是公式",
    ] {
        let r = md(prose);
        assert!(!r.html.contains("<math"), "{prose}: {}", r.html);
        assert!(!r.has_math, "{prose}");
    }
    assert_eq!(
        md("价格在 $5 到 $10 之间。").html,
        "<p>价格在 $5 到 $10 之间。</p>\n"
    );
    // The rule: `$` then non-space opens; non-space then `$` not followed by a digit closes.
    assert!(md("面积 $5x$ 平方米").html.contains("<math>"));
    assert!(!md("从 $5x $ 到").html.contains("<math>"));
}

#[test]
fn dollars_in_code_stay_code() {
    let r = md("`$x$` 与\n\n```sh\necho $HOME $x$\n```\n");
    assert!(!r.html.contains("<math"), "{}", r.html);
    assert!(r.html.contains("<code>$x$</code>"), "{}", r.html);
    assert!(!r.has_math);
}

#[test]
fn broken_formula_is_a_warning_and_shows_as_code() {
    let r =
        md("第一行\n\n坏的 $\\frac{1}{$ 公式\n\n```math\n\\nosuchcommand{x}\n```\n\n好的 $x$\n");
    assert!(
        r.html
            .contains("<p>坏的 <code class=\"math-error\">\\frac{1}{</code> 公式</p>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<pre class=\"math-error\"><code>\\nosuchcommand{x}\n</code></pre>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<mi>x</mi>"), "{}", r.html);
    let places: Vec<(usize, usize)> = r.warnings.iter().map(|w| (w.line, w.column)).collect();
    assert_eq!(places, [(3, 4), (5, 1)], "{:?}", r.warnings);
    assert!(
        r.warnings[0].message.contains("`\\frac{1}{`"),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings[1].message.contains("nosuchcommand"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn broken_formula_source_is_escaped() {
    let r = md("$a <b> \\bad$");
    assert!(
        r.html
            .contains("<code class=\"math-error\">a &lt;b&gt; \\bad</code>"),
        "{}",
        r.html
    );
}

#[test]
fn plain_text_holds_the_source_not_mathml() {
    let r = md("公式 $E=mc^2$ 成立。\n\n```math\n\\alpha + 1\n```\n");
    assert_eq!(r.text, "公式 E=mc^2 成立。\n\\alpha + 1\n");
    assert_eq!(r.first_paragraph, "公式 E=mc^2 成立。");
    assert!(r.code_text.is_empty(), "{:?}", r.code_text);
    assert!(!r.text.contains("<m"));
}

#[test]
fn pages_without_math_say_so() {
    let r = md("普通段落，没有公式。");
    assert!(!r.has_math);
    assert!(boke_markdown::math_css().contains("math"));
}
