//! The test server speaks SMTP on the wire: a raw client conversation, byte by byte.

use std::time::Duration;

use danhgia_testsmtp::TestSmtp;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

type R = Result<(), Box<dyn std::error::Error>>;

/// Sends `line` (if any) and reads one reply (all its lines); answers its code.
async fn say(
    conn: &mut BufReader<TcpStream>,
    line: Option<&str>,
) -> Result<u16, Box<dyn std::error::Error>> {
    if let Some(line) = line {
        conn.get_mut().write_all(line.as_bytes()).await?;
    }
    loop {
        let mut reply = String::new();
        if conn.read_line(&mut reply).await? == 0 {
            return Err("connection closed".into());
        }
        // "250-..." continues a multi-line reply, "250 ..." ends it.
        if reply.as_bytes().get(3) != Some(&b'-') {
            return Ok(reply.get(..3).ok_or("short reply")?.parse()?);
        }
    }
}

#[tokio::test]
async fn a_raw_smtp_conversation_is_received_dot_unstuffed() -> R {
    let smtp = TestSmtp::start().await;
    assert!(smtp.url().starts_with("smtp://127.0.0.1:"));
    let mut conn = BufReader::new(TcpStream::connect(smtp.addr).await?);
    assert_eq!(say(&mut conn, None).await?, 220);
    assert_eq!(say(&mut conn, Some("EHLO client.test\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("MAIL FROM:<a@x.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("RCPT TO:<b@y.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("RCPT TO:<c@y.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("DATA\r\n")).await?, 354);
    let message = "Subject: =?utf-8?B?xJDDoW5oIGdpw6E=?=\r\n\
                   Content-Type: text/plain; charset=utf-8\r\n\
                   Content-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Xin ch=C3=A0o\r\n..dòng bắt đầu bằng dấu chấm\r\n.\r\n";
    assert_eq!(say(&mut conn, Some(message)).await?, 250);
    assert_eq!(say(&mut conn, Some("QUIT\r\n")).await?, 221);

    let got = smtp.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].from, "a@x.test");
    assert_eq!(got[0].to, ["b@y.test", "c@y.test"]);
    assert_eq!(got[0].subject().as_deref(), Some("Đánh giá"));
    assert_eq!(
        got[0].text().as_deref(),
        Some("Xin chào\n.dòng bắt đầu bằng dấu chấm\n")
    );
    assert_eq!(smtp.connections(), 1);
    Ok(())
}

#[tokio::test]
async fn a_refused_message_is_not_kept_and_the_session_goes_on() -> R {
    let smtp = TestSmtp::start().await;
    smtp.reject_next(1);
    let mut conn = BufReader::new(TcpStream::connect(smtp.addr).await?);
    assert_eq!(say(&mut conn, None).await?, 220);
    assert_eq!(say(&mut conn, Some("HELO client.test\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("MAIL FROM:<a@x.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("RCPT TO:<b@y.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("DATA\r\n")).await?, 451);
    assert_eq!(say(&mut conn, Some("RSET\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("MAIL FROM:<a@x.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("RCPT TO:<b@y.test>\r\n")).await?, 250);
    assert_eq!(say(&mut conn, Some("DATA\r\n")).await?, 354);
    assert_eq!(
        say(&mut conn, Some("Subject: hai\r\n\r\nthu hai\r\n.\r\n")).await?,
        250
    );
    assert_eq!(say(&mut conn, Some("QUIT\r\n")).await?, 221);
    let got = smtp.wait_for(2, Duration::from_millis(300)).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].subject().as_deref(), Some("hai"));
    Ok(())
}
