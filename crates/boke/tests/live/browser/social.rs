//! What the social browser check runs beside Chromium: a `boke social serve` child process on a
//! temp SQLite directory, and a mail sink that takes every letter the service sends over SMTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the service may take to answer `/healthz` after it starts.
const START_LIMIT: Duration = Duration::from_secs(30);

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A running `boke social serve`; killed when dropped.
pub struct Service {
    child: Child,
}

impl Service {
    /// Sets the admin password, starts the service on `port` for a site at `site_origin` (with
    /// `more` flags), and waits until it answers.
    pub fn start(
        data: &Path,
        port: u16,
        site_origin: &str,
        smtp: &str,
        password: &str,
        more: &[&std::ffi::OsStr],
    ) -> Service {
        let data_arg = data.to_str().expect("UTF-8 temp path");
        let set = Command::new(env!("CARGO_BIN_EXE_boke"))
            .args(["social", "set-password", "--data", data_arg])
            .env("BOKE_SOCIAL_ADMIN_PASSWORD", password)
            .output()
            .expect("run boke social set-password");
        assert!(
            set.status.success(),
            "set-password failed: {}",
            String::from_utf8_lossy(&set.stderr)
        );
        let log = std::fs::File::create(data.join("serve.log")).expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_boke"))
            .args(["social", "serve", "--data", data_arg])
            .args(["--bind", &format!("127.0.0.1:{port}")])
            .args(["--site-origin", site_origin, "--smtp", smtp])
            .args(["--moderation", "first-time", "--site-title", "AI 观察"])
            .args(more)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start boke social serve");
        let service = Service { child };
        let started = Instant::now();
        while !healthy(port) {
            assert!(
                started.elapsed() < START_LIMIT,
                "boke social serve did not answer /healthz; its log:\n{}",
                std::fs::read_to_string(data.join("serve.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        service
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn healthy(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

/// An SMTP server on loopback that accepts every letter and keeps its text.
pub struct MailSink {
    port: u16,
    letters: Arc<Mutex<Vec<String>>>,
}

impl MailSink {
    pub fn start() -> MailSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the mail sink");
        let port = listener.local_addr().expect("address").port();
        let letters = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&letters);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let kept = Arc::clone(&kept);
                std::thread::spawn(move || {
                    let _ = converse(stream, &kept);
                });
            }
        });
        MailSink { port, letters }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The letters taken so far, waiting a little for mail the service sends after answering.
    pub fn letters(&self) -> Vec<String> {
        let started = Instant::now();
        loop {
            let letters = self.letters.lock().expect("letters").clone();
            if !letters.is_empty() || started.elapsed() > Duration::from_secs(10) {
                return letters;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// One SMTP session: every command is accepted; DATA is kept up to the lone dot.
fn converse(stream: TcpStream, letters: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    writer.write_all(b"220 sink ESMTP\r\n")?;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("DATA") {
            writer.write_all(b"354 end with a lone dot\r\n")?;
            let mut letter = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line)? == 0 || line.trim_end() == "." {
                    break;
                }
                letter.push_str(&line);
            }
            letters.lock().expect("letters").push(letter);
            writer.write_all(b"250 kept\r\n")?;
        } else if command.starts_with("QUIT") {
            writer.write_all(b"221 bye\r\n")?;
            return Ok(());
        } else {
            writer.write_all(b"250 ok\r\n")?;
        }
    }
}

/// A letter's body as text: undone from base64 when its headers say so.
pub fn letter_body(letter: &str) -> String {
    let (headers, body) = letter.split_once("\r\n\r\n").unwrap_or(("", letter));
    if !headers.contains("Content-Transfer-Encoding: base64") {
        return body.to_owned();
    }
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bytes = Vec::new();
    let (mut bits, mut count) = (0u32, 0);
    for byte in body.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue; // line breaks and the `=` padding
        };
        bits = (bits << 6) | value as u32;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
