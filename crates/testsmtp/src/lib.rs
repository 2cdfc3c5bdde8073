//! A real SMTP server on loopback for tests ("e-mail goes to a real SMTP server on loopback in
//! tests"): it listens on `127.0.0.1:PORT`, speaks SMTP over TCP (greeting, EHLO/HELO, MAIL FROM,
//! RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT) through the `mailin` protocol state
//! machine, and keeps every message it accepts, so a test can assert on what a user would get.
//!
//! ```no_run
//! # async fn example() {
//! let smtp = danhgia_testsmtp::TestSmtp::start().await;
//! // point the code under test at smtp.url(), e.g. MailConfig::from_url(&smtp.url(), FROM)
//! let mails = smtp.wait_for(1, std::time::Duration::from_secs(10)).await;
//! assert_eq!(mails[0].to, ["an.nv@example.vn"]);
//! assert_eq!(mails[0].subject().as_deref(), Some("Đặt lại mật khẩu"));
//! # }
//! ```
//!
//! Test support only: it panics on setup failures, offers no TLS and no AUTH (the mailer's
//! `smtp://` scheme), and stops accepting when dropped.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Longest line accepted (RFC 5321 allows 1000 octets with CRLF; be generous).
const MAX_LINE: usize = 64 * 1024;

/// One message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`), in order.
    pub to: Vec<String>,
    /// The message as sent after `DATA` (headers and body, CRLF line ends, dot-unstuffed).
    pub data: Vec<u8>,
}

impl ReceivedMail {
    fn parsed(&self) -> Option<mail_parser::Message<'_>> {
        mail_parser::MessageParser::default().parse(&self.data)
    }

    /// The `Subject:` header, decoded (RFC 2047 encoded words → UTF-8).
    pub fn subject(&self) -> Option<String> {
        self.parsed()?.subject().map(str::to_owned)
    }

    /// The first text part, with its transfer encoding (quoted-printable, base64) and charset
    /// decoded, and line ends as `\n`.
    pub fn text(&self) -> Option<String> {
        let msg = self.parsed()?;
        let body = msg.body_text(0)?;
        Some(body.replace("\r\n", "\n"))
    }

    /// A header's value: decoded text where the header is text, else the raw value trimmed.
    /// Names are case-insensitive.
    pub fn header(&self, name: &str) -> Option<String> {
        let msg = self.parsed()?;
        if let Some(text) = msg.header(name).and_then(|v| v.as_text()) {
            return Some(text.to_owned());
        }
        msg.header_raw(name).map(|raw| raw.trim().to_owned())
    }

    /// The `Message-ID:` without its angle brackets.
    pub fn message_id(&self) -> Option<String> {
        self.parsed()?.message_id().map(str::to_owned)
    }

    /// The `From:` header's address (not the envelope sender).
    pub fn from_header(&self) -> Option<String> {
        let msg = self.parsed()?;
        msg.from()?.first()?.address().map(str::to_owned)
    }

    /// The `From:` header's display name, decoded.
    pub fn from_name(&self) -> Option<String> {
        let msg = self.parsed()?;
        msg.from()?.first()?.name().map(str::to_owned)
    }
}

#[derive(Debug, Default)]
struct Shared {
    mails: Mutex<Vec<ReceivedMail>>,
    /// Messages still to refuse with a temporary error (451) at the end of DATA.
    reject: AtomicUsize,
    connections: AtomicUsize,
}

/// An SMTP server on `127.0.0.1`, running until dropped.
#[derive(Debug)]
pub struct TestSmtp {
    /// Where it listens.
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    count: watch::Receiver<usize>,
    accept: JoinHandle<()>,
}

impl TestSmtp {
    /// Starts a server on a free port of `127.0.0.1`. Panics if it cannot listen.
    pub async fn start() -> TestSmtp {
        TestSmtp::start_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts a server on `addr` (e.g. a port a test first saw closed). Panics if it cannot
    /// listen there.
    pub async fn start_on(addr: SocketAddr) -> TestSmtp {
        match TestSmtp::try_start_on(addr).await {
            Ok(s) => s,
            Err(e) => panic!("test SMTP server cannot listen on {addr}: {e}"),
        }
    }

    /// Starts a server on `addr`, or says why it cannot.
    pub async fn try_start_on(addr: SocketAddr) -> io::Result<TestSmtp> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let (count_tx, count) = watch::channel(0usize);
        let count_tx = Arc::new(count_tx);
        let accept = {
            let shared = Arc::clone(&shared);
            tokio::spawn(async move {
                // No STARTTLS, no AUTH: plain SMTP as a local relay speaks it.
                let builder = SessionBuilder::new("testsmtp.localhost");
                loop {
                    let Ok((stream, peer)) = listener.accept().await else {
                        continue;
                    };
                    shared.connections.fetch_add(1, Ordering::SeqCst);
                    let session = builder.clone();
                    let shared = Arc::clone(&shared);
                    let count_tx = Arc::clone(&count_tx);
                    tokio::spawn(async move {
                        let _ = serve(stream, peer.ip(), session, shared, count_tx).await;
                    });
                }
            })
        };
        Ok(TestSmtp {
            addr,
            shared,
            count,
            accept,
        })
    }

    /// `smtp://127.0.0.1:PORT`, the mailer URL for plain SMTP to this server.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// The messages received so far.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.shared
            .mails
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until at least `n` messages have arrived or `timeout` has passed, and returns all
    /// received so far (fewer than `n` on timeout: assert on the length). Also the way to check
    /// that nothing more arrives: `wait_for(k + 1, short)` must return `k` messages.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let mut count = self.count.clone();
        let _ = tokio::time::timeout(timeout, count.wait_for(|c| *c >= n)).await;
        self.received()
    }

    /// Refuses the next `n` messages with `451 4.3.0` (a temporary failure) in answer to DATA;
    /// refused messages are not kept.
    pub fn reject_next(&self, n: usize) {
        self.shared.reject.store(n, Ordering::SeqCst);
    }

    /// How many TCP connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TestSmtp {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// The per-connection `mailin` handler: collects one message at a time.
struct Collector {
    shared: Arc<Shared>,
    count_tx: Arc<watch::Sender<usize>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        // Refused at DATA (before 354): mailin keeps the session usable after an error there,
        // as a real server does, so the client can RSET or QUIT.
        let refuse = self
            .shared
            .reject
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if refuse {
            return Response::custom(451, "4.3.0 Try again later (test server)".to_owned());
        }
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let data = std::mem::take(&mut self.data);
        let mail = ReceivedMail {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data,
        };
        let n = {
            let mut mails = self
                .shared
                .mails
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            mails.push(mail);
            mails.len()
        };
        self.count_tx.send_replace(n);
        mailin::response::OK
    }
}

async fn serve(
    stream: TcpStream,
    peer: IpAddr,
    builder: SessionBuilder,
    shared: Arc<Shared>,
    count_tx: Arc<watch::Sender<usize>>,
) -> io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let handler = Collector {
        shared,
        count_tx,
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = builder.build(peer, handler);
    reply(&mut write, &session.greeting()).await?;
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        let n = (&mut read)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut line)
            .await?;
        if n == 0 {
            return Ok(());
        }
        let res = session.process(&line);
        match res.action {
            Action::Reply => reply(&mut write, &res).await?,
            Action::NoReply => {}
            // STARTTLS is never offered, so an upgrade request ends the session too.
            Action::Close | Action::UpgradeTls => {
                reply(&mut write, &res).await?;
                return write.shutdown().await;
            }
        }
    }
}

async fn reply(write: &mut tokio::net::tcp::OwnedWriteHalf, res: &Response) -> io::Result<()> {
    let buf = res.buffer()?;
    write.write_all(&buf).await?;
    write.flush().await
}
