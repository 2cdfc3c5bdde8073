//! Running the real binary as an operator does: a command, a server on a free port, and plain
//! HTTP/1.1 requests to it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};

pub type R = Result<(), Box<dyn std::error::Error>>;

/// Runs `danhgia ARGS --database DB`; its stdout, or an error with its stderr.
pub fn danhgia(db: &str, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new(env!("CARGO_BIN_EXE_danhgia"))
        .args(args)
        .args(["--database", db])
        .env_remove("DANHGIA_DATABASE_URL")
        .output()?;
    if !out.status.success() {
        return Err(format!(
            "danhgia {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Starts `danhgia serve` on `db` (no monthly backup, rate limits wide open for load) and
/// returns it with its `host:port`.
pub fn serve(db: &str) -> Result<(Child, String), Box<dyn std::error::Error>> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_danhgia"))
        .args(["serve", "--listen", "127.0.0.1:0", "--database", db])
        .args(["--login-per-ip-minute", "1000000", "--backup-keep", "0"])
        .args([
            "--attachments",
            &std::env::temp_dir().join("danhgia-files").to_string_lossy(),
        ])
        .env_remove("DANHGIA_DATABASE_URL")
        .env("DANHGIA_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .ok_or("the server stopped before listening")??;
        if let Some(rest) = line.strip_prefix("danhgia is listening on http://") {
            break rest.split('/').next().unwrap_or_default().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Ok((child, addr))
}

/// One request; the status and the body. `bearer` authenticates as an API client.
pub fn http(
    addr: &str,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    json: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut s = std::net::TcpStream::connect(addr)?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let body = json.unwrap_or("");
    let auth = bearer
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    let status = answer
        .get(9..12)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line: {answer:.80}")))?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// An API token for a demo account (password Demo@2026).
pub fn token(addr: &str, username: &str) -> Result<String, Box<dyn std::error::Error>> {
    let (status, body) = http(
        addr,
        "POST",
        "/api/v1/login",
        None,
        Some(&format!(
            r#"{{"username":"{username}","password":"Demo@2026"}}"#
        )),
    )?;
    if status != 200 {
        return Err(format!("login {username}: {status} {body}").into());
    }
    let v: serde_json::Value = serde_json::from_str(&body)?;
    Ok(v["token"].as_str().ok_or("token")?.to_owned())
}

/// The value of `"id"` in a JSON body.
pub fn id_of(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v["id"].as_str().map(str::to_owned)
}
