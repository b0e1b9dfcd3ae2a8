//! A tiny SMTP server on loopback that captures every message, optionally hanging before it
//! acknowledges a message (to interrupt a sender mid-way).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

#[derive(Debug, Clone)]
pub struct Captured {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

impl Captured {
    /// A header's value, with folded lines joined.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let mut value: Option<String> = None;
        let mut in_it = false;
        for line in head.split("\r\n") {
            if line.starts_with(' ') || line.starts_with('\t') {
                if in_it {
                    value.as_mut()?.push_str(line.trim_start());
                }
                continue;
            }
            in_it = false;
            if let Some((key, rest)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(rest.trim().to_owned());
                in_it = true;
            }
        }
        value
    }

    /// The decoded text body (base64, quoted-printable or plain).
    pub fn text(&self) -> String {
        let body = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or("");
        match self.header("Content-Transfer-Encoding").as_deref() {
            Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
                String::from_utf8(base64(&body.replace("\r\n", ""))).unwrap()
            }
            Some(encoding) if encoding.eq_ignore_ascii_case("quoted-printable") => {
                quoted_printable(body)
            }
            _ => body.to_owned(),
        }
    }
}

fn base64(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = alphabet.iter().position(|a| *a == byte).unwrap() as u32;
        acc = (acc << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'='
            && at + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&joined[at + 1..at + 3], 16)
        {
            out.push(byte);
            at += 3;
            continue;
        }
        out.push(bytes[at]);
        at += 1;
    }
    String::from_utf8(out).unwrap()
}

#[derive(Default)]
struct State {
    messages: Vec<Captured>,
    /// Hang (never answer) after the message that brings the count to this number.
    hang_at: Option<usize>,
}

#[derive(Clone)]
pub struct SmtpCapture {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl SmtpCapture {
    pub async fn start() -> SmtpCapture {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        SmtpCapture { addr, state }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}:{}", self.addr.ip(), self.addr.port())
    }

    pub fn mailer(&self) -> boke_social::mail::Mailer {
        boke_social::mail::Mailer::new(&self.url(), "测试博客 <blog@example.com>").unwrap()
    }

    pub fn messages(&self) -> Vec<Captured> {
        self.state.lock().unwrap().messages.clone()
    }

    pub fn hang_at(&self, count: Option<usize>) {
        self.state.lock().unwrap().hang_at = count;
    }

    /// Waits (up to 10 s) until at least `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Captured> {
        for _ in 0..1000 {
            if self.messages().len() >= count {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        self.messages()
    }
}

async fn session(stream: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let _ = write.write_all(b"220 capture ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-capture\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_owned();
            to.clear();
            b"250 ok\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().trim_matches(['<', '>']).to_owned());
            b"250 ok\r\n"
        } else if upper == "DATA" {
            let _ = write.write_all(b"354 go on\r\n").await;
            let mut data = Vec::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if line == "." {
                    break;
                }
                data.push(
                    line.strip_prefix('.')
                        .map(str::to_owned)
                        .filter(|_| line.starts_with(".."))
                        .unwrap_or(line),
                );
            }
            let hang = {
                let mut state = state.lock().unwrap();
                state.messages.push(Captured {
                    from: from.clone(),
                    to: to.clone(),
                    data: data.join("\r\n"),
                });
                state.hang_at == Some(state.messages.len())
            };
            if hang {
                std::future::pending::<()>().await;
            }
            b"250 queued\r\n"
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else if upper == "RSET" || upper == "NOOP" {
            b"250 ok\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
