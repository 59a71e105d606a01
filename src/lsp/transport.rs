//! The stdio transport: `Content-Length` framed JSON-RPC messages in, the same out.
//!
//! lsp-server's own stdio reader stops at the first message it cannot parse, which ends the
//! session; this reader reports a malformed message and goes on with the next one, refuses a
//! frame too large to hold instead of allocating it, and says when its input closes.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;

use lsp_server::Message;

/// Frames larger than this are skipped, unread (a 30 MB page, JSON-escaped, fits).
pub const MAX_FRAME: usize = 256 << 20;
/// Header lines longer than this are malformed.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame or payload that could not be read as a message, and why.
    Malformed(String),
    /// The input closed (or failed): no message will follow.
    Closed,
}

/// The reader and writer threads of a stdio session.
pub struct Threads {
    writer: JoinHandle<()>,
}

impl Threads {
    /// Waits until every message sent has been written (the server's senders must be dropped).
    pub fn join(self) {
        let _ = self.writer.join();
    }
}

/// Starts reading stdin and writing stdout on their own threads.
pub fn stdio() -> io::Result<(Receiver<Incoming>, Sender<Message>, Threads)> {
    let (in_tx, in_rx) = channel::<Incoming>();
    let (out_tx, out_rx) = channel::<Message>();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            read_all(&mut input, &in_tx);
        })?;
    let writer = std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for msg in out_rx {
                if write_message(&mut out, &msg).is_err() {
                    // The client is gone: nothing more can be said.
                    break;
                }
            }
        })?;
    Ok((in_rx, out_tx, Threads { writer }))
}

/// Writes one framed message.
pub fn write_message(out: &mut impl Write, msg: &Message) -> io::Result<()> {
    msg.write(out)
}

/// Reads messages until the input closes, sending each (or why it is malformed) to `tx`.
pub fn read_all(input: &mut impl BufRead, tx: &Sender<Incoming>) {
    loop {
        let incoming = match read_frame(input) {
            Frame::Body(body) => match serde_json::from_slice::<Message>(&body) {
                Ok(m) => Incoming::Message(m),
                Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
            },
            Frame::Malformed(why) => Incoming::Malformed(why),
            Frame::Closed => {
                let _ = tx.send(Incoming::Closed);
                return;
            }
        };
        let exit =
            matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if tx.send(incoming).is_err() || exit {
            return;
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    Malformed(String),
    Closed,
}

fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut seen_header = false;
    loop {
        let mut line = Vec::new();
        match input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return Frame::Closed,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Frame::Closed,
        }
        if !line.ends_with(b"\n") {
            if line.len() as u64 >= MAX_HEADER_LINE {
                bad.get_or_insert_with(|| "a header line is too long".into());
                continue;
            }
            // End of input in the middle of a header.
            return Frame::Closed;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !seen_header {
                // Blank lines between messages: tolerated.
                continue;
            }
            break;
        }
        seen_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad = Some(format!("bad Content-Length header: {:?}", value.trim()));
                    }
                }
            }
            Some(_) => {}
            None => {
                bad.get_or_insert_with(|| format!("malformed header line: {text:?}"));
            }
        }
    }
    let Some(length) = length else {
        return Frame::Malformed(bad.unwrap_or_else(|| "a message without Content-Length".into()));
    };
    if length > MAX_FRAME {
        // Skip the body without holding it.
        let skipped = io::copy(&mut input.by_ref().take(length as u64), &mut io::sink());
        return match skipped {
            Ok(n) if n == length as u64 => Frame::Malformed(format!(
                "a message of {length} bytes is larger than the {} MB the server reads",
                MAX_FRAME >> 20
            )),
            _ => Frame::Closed,
        };
    }
    let mut body = vec![0u8; length];
    if input.read_exact(&mut body).is_err() {
        return Frame::Closed;
    }
    match bad {
        Some(why) => Frame::Malformed(why),
        None => Frame::Body(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<String> {
        let (tx, rx) = channel();
        read_all(&mut io::Cursor::new(bytes.to_vec()), &tx);
        rx.try_iter()
            .map(|i| match i {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".into(),
                Incoming::Malformed(why) => format!("malformed: {why}"),
                Incoming::Closed => "closed".into(),
            })
            .collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_malformed_message_is_reported_and_the_next_one_read() {
        let input = format!(
            "{}{}{}",
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":1}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        );
        let got = read(input.as_bytes());
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].starts_with("malformed: not a JSON-RPC message"));
        assert!(got[1].starts_with("malformed"));
        assert_eq!(got[2], "notification initialized");
        assert_eq!(got[3], "closed");
    }

    #[test]
    fn headers_are_case_insensitive_and_lf_only_lines_are_accepted() {
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "content-length: {}\nContent-Type: application/vscode-jsonrpc; charset=utf-8\n\n{body}",
            body.len()
        );
        assert_eq!(read(input.as_bytes()), ["request shutdown", "closed"]);
    }

    #[test]
    fn a_frame_without_length_or_too_large_is_malformed_not_fatal() {
        let next = frame(r#"{"jsonrpc":"2.0","method":"exit"}"#);
        let input = format!("X-Other: 1\r\n\r\n{next}");
        let got = read(input.as_bytes());
        assert_eq!(got[0], "malformed: a message without Content-Length");
        assert_eq!(got[1], "notification exit");
        let huge = format!("Content-Length: {}\r\n\r\n", MAX_FRAME + 1);
        let got = read(huge.as_bytes());
        // The body is not there: the input closed while it was skipped.
        assert_eq!(got, ["closed"]);
    }

    #[test]
    fn input_cut_in_the_middle_of_a_body_closes() {
        assert_eq!(read(b"Content-Length: 100\r\n\r\n{\"jsonrpc\""), ["closed"]);
        assert_eq!(read(b""), ["closed"]);
    }
}
