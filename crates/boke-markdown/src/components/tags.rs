//! The component tag syntax, one tag at a time: `{{< name key="value" n=3 flag=true >}}`,
//! `{{< /name >}}`, the self-closing `{{< name … />}}` and the escape `{{</* … */>}}`.

use serde::{Deserialize, Serialize};

/// Where every tag starts.
pub const OPEN: &str = "{{<";
const CLOSE: &str = ">}}";
const SELF_CLOSE: &str = "/>}}";
const ESCAPE_OPEN: &str = "{{</*";
const ESCAPE_CLOSE: &str = "*/>}}";

/// One argument's value: a quoted string is always text; a bare value is a boolean, a number
/// or, failing both, a word.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Text(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

/// A tag read from the text, with the byte range it covers.
#[derive(Debug, Clone, PartialEq)]
pub enum Tag {
    Open {
        name: String,
        args: Vec<(String, Arg)>,
        self_closing: bool,
    },
    Close {
        name: String,
    },
    /// `{{</* x */>}}`: the text `{{< x >}}`, written as it is.
    Escape {
        literal: String,
    },
}

/// What is wrong with a tag, and where (a byte offset into the text).
#[derive(Debug, Clone, PartialEq)]
pub struct TagError {
    pub at: usize,
    pub message: String,
}

/// Reads the tag starting at `start` (where `{{<` stands); returns it with the offset just
/// after it.
pub fn read(text: &str, start: usize) -> Result<(Tag, usize), TagError> {
    let error = |at: usize, message: String| TagError { at, message };
    if text[start..].starts_with(ESCAPE_OPEN) {
        let inner_start = start + ESCAPE_OPEN.len();
        let Some(length) = text[inner_start..].find(ESCAPE_CLOSE) else {
            return Err(error(
                start,
                "escaped component tag `{{</*` has no closing `*/>}}`".into(),
            ));
        };
        let inner = &text[inner_start..inner_start + length];
        let literal = format!("{OPEN}{inner}{CLOSE}");
        return Ok((
            Tag::Escape { literal },
            inner_start + length + ESCAPE_CLOSE.len(),
        ));
    }
    let mut lexer = Lexer {
        text,
        at: start + OPEN.len(),
    };
    lexer.skip_space();
    let closing = lexer.eat("/");
    if closing {
        lexer.skip_space();
    }
    let name_at = lexer.at;
    let name = lexer.word(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if name.is_empty() {
        return Err(error(
            name_at,
            "a component tag needs a name: `{{< name >}}`".into(),
        ));
    }
    let name = name.to_owned();
    if closing {
        lexer.skip_space();
        if !lexer.eat(CLOSE) {
            return Err(error(
                lexer.at,
                format!("closing tag `{{{{< /{name}` must end with `>}}}}`"),
            ));
        }
        return Ok((Tag::Close { name }, lexer.at));
    }
    let mut args: Vec<(String, Arg)> = Vec::new();
    loop {
        let had_space = lexer.skip_space();
        if lexer.eat(CLOSE) {
            return Ok((
                Tag::Open {
                    name,
                    args,
                    self_closing: false,
                },
                lexer.at,
            ));
        }
        if lexer.eat(SELF_CLOSE) {
            return Ok((
                Tag::Open {
                    name,
                    args,
                    self_closing: true,
                },
                lexer.at,
            ));
        }
        let key_at = lexer.at;
        if lexer.at >= text.len() {
            return Err(error(
                start,
                format!("component tag `{name}` is not closed with `>}}}}`"),
            ));
        }
        if !had_space {
            return Err(error(
                key_at,
                format!("expected a space, `>}}}}` or `/>}}}}` in the tag of `{name}`"),
            ));
        }
        let key = lexer.word(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if key.is_empty() || !lexer.eat("=") {
            let shown: String = text[key_at..].chars().take(20).collect();
            return Err(error(
                key_at,
                format!(
                    "expected an argument `key=\"value\"` in the tag of `{name}`, found `{shown}`"
                ),
            ));
        }
        let key = key.to_owned();
        if args.iter().any(|(existing, _)| *existing == key) {
            return Err(error(
                key_at,
                format!("argument `{key}` is given twice in the tag of `{name}`"),
            ));
        }
        let value = lexer.value().map_err(|(at, message)| error(at, message))?;
        args.push((key, value));
    }
}

struct Lexer<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Lexer<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    /// Skips whitespace (line breaks included); whether there was any.
    fn skip_space(&mut self) -> bool {
        let rest = self.rest();
        let trimmed = rest.trim_start();
        self.at += rest.len() - trimmed.len();
        rest.len() != trimmed.len()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.at += token.len();
        }
        found
    }

    fn word(&mut self, allowed: impl Fn(char) -> bool) -> &'t str {
        let rest = self.rest();
        let length = rest.find(|c: char| !allowed(c)).unwrap_or(rest.len());
        self.at += length;
        &rest[..length]
    }

    fn value(&mut self) -> Result<Arg, (usize, String)> {
        let start = self.at;
        if self.eat("\"") {
            let mut value = String::new();
            let mut chars = self.rest().char_indices();
            while let Some((offset, c)) = chars.next() {
                match c {
                    '"' => {
                        self.at += offset + 1;
                        return Ok(Arg::Text(value));
                    }
                    '\\' => match chars.next() {
                        Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                        Some((_, other)) => {
                            value.push('\\');
                            value.push(other);
                        }
                        None => break,
                    },
                    _ => value.push(c),
                }
            }
            return Err((start, "quoted argument value has no closing `\"`".into()));
        }
        let rest = self.rest();
        let length = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let mut bare = &rest[..length];
        // `n=3>}}` and `flag=true/>}}`: the tag's end is not part of the value.
        for end in [SELF_CLOSE, CLOSE] {
            if let Some(at) = bare.find(end) {
                bare = &bare[..at];
            }
        }
        if bare.is_empty() {
            return Err((start, "argument has no value: write `key=\"value\"`".into()));
        }
        self.at += bare.len();
        Ok(match bare {
            "true" => Arg::Bool(true),
            "false" => Arg::Bool(false),
            _ => {
                if let Ok(integer) = bare.parse::<i64>() {
                    Arg::Integer(integer)
                } else if let Ok(float) = bare.parse::<f64>()
                    && bare
                        .bytes()
                        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
                {
                    Arg::Float(float)
                } else {
                    Arg::Text(bare.to_owned())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(text: &str) -> (String, Vec<(String, Arg)>, bool) {
        match read(text, 0) {
            Ok((
                Tag::Open {
                    name,
                    args,
                    self_closing,
                },
                end,
            )) => {
                assert_eq!(end, text.len(), "{text}");
                (name, args, self_closing)
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn reads_named_arguments_of_every_kind() {
        let (name, args, self_closing) = open(
            r#"{{< bilibili id="BV1xx" title="他说\"好\"" p=2 t=30.5 danmaku=false mode=dark >}}"#,
        );
        assert_eq!(name, "bilibili");
        assert!(!self_closing);
        assert_eq!(
            args,
            vec![
                ("id".into(), Arg::Text("BV1xx".into())),
                ("title".into(), Arg::Text("他说\"好\"".into())),
                ("p".into(), Arg::Integer(2)),
                ("t".into(), Arg::Float(30.5)),
                ("danmaku".into(), Arg::Bool(false)),
                ("mode".into(), Arg::Text("dark".into())),
            ]
        );
        assert_eq!(
            open("{{<note n=3>}}").1,
            vec![("n".into(), Arg::Integer(3))]
        );
        assert!(open("{{< figure src=\"a.png\" />}}").2);
        assert!(open("{{< x\n  a=\"1\"\n  b=true\n/>}}").2);
    }

    #[test]
    fn closing_tags_and_escapes() {
        assert_eq!(
            read("{{< /note >}}", 0),
            Ok((
                Tag::Close {
                    name: "note".into()
                },
                13
            ))
        );
        let text = "{{</* note type=\"tip\" */>}}";
        assert_eq!(
            read(text, 0),
            Ok((
                Tag::Escape {
                    literal: "{{< note type=\"tip\" >}}".into()
                },
                text.len()
            ))
        );
    }

    #[test]
    fn malformed_tags_say_where_and_what() {
        let message = |text: &str| read(text, 0).map(|_| ()).map_err(|e| (e.at, e.message));
        assert!(matches!(message("{{< >}}"), Err((4, m)) if m.contains("needs a name")));
        assert!(matches!(message("{{< note abc >}}"), Err((9, m)) if m.contains("key=")));
        assert!(
            matches!(message("{{< note a=\"x >}}"), Err((11, m)) if m.contains("closing `\"`"))
        );
        assert!(matches!(message("{{< note a=1 a=2 >}}"), Err((13, m)) if m.contains("twice")));
        assert!(matches!(message("{{< note a=1"), Err((0, m)) if m.contains("not closed")));
        assert!(message("{{< /note").is_err());
        assert!(matches!(message("{{</* note"), Err((0, _))));
    }
}
