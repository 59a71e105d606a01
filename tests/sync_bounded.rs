//! A hostile wiki cannot make the client use much memory: answers of 200 MB, shaped to cost
//! the most memory per byte, are refused with a clear error while the process's peak memory
//! stays under 200 MB.
//!
//! Alone in its file: the peak is the whole test process's (`VmHWM`, Linux).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

use guide_lint::wikijs::graphql::{ApiToken, Client, ClientError, ClientOptions};

/// Bytes each hostile answer sends, unless the client hangs up first.
const ANSWER: usize = 200 << 20;

/// Serves one answer per connection: `prefix`, then `unit` repeated up to [`ANSWER`] bytes.
fn hostile_server(
    prefix: &'static str,
    unit: &'static str,
) -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/graphql", listener.local_addr().expect("addr"));
    let handle = std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stream);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
        let chunk: String = unit.repeat((1 << 16) / unit.len().max(1) + 1);
        let mut sent = 0;
        if out.write_all(head.as_bytes()).is_err() || out.write_all(prefix.as_bytes()).is_err() {
            return;
        }
        while sent < ANSWER {
            if out.write_all(chunk.as_bytes()).is_err() {
                return;
            }
            sent += chunk.len();
        }
        let _ = out.flush();
    });
    (url, handle)
}

fn client(url: &str) -> Client {
    Client::new(
        url,
        ApiToken::new("hostile-test-key"),
        ClientOptions {
            retries: 0,
            ..ClientOptions::default()
        },
    )
    .expect("client")
}

/// The process's peak resident memory so far, in bytes.
fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM");
    let kb: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .expect("a number");
    kb * 1024
}

fn expect_too_large(what: &str, e: ClientError) {
    let text = e.to_string();
    assert!(
        matches!(e, ClientError::BadResponse { .. }),
        "{what}: {e:?}"
    );
    assert!(
        text.contains("larger than") || text.contains("more than"),
        "{what}: {text}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn hostile_answers_of_200_mb_keep_memory_under_200_mb() {
    // A page list of the smallest items the list accepts.
    let (url, server) = hostile_server(
        r#"{"data":{"pages":{"list":["#,
        r#"{"id":0,"path":"","locale":"","updatedAt":""},"#,
    );
    expect_too_large("small list items", client(&url).list_pages().unwrap_err());
    server.join().expect("server");

    // Errors by the million, each with a field nobody asked for holding an array.
    let (url, server) = hostile_server(r#"{"errors":["#, r#"{"message":"","x":[0,0]},"#);
    expect_too_large("errors", client(&url).list_pages().unwrap_err());
    server.join().expect("server");

    // A page whose content never ends.
    let (url, server) = hostile_server(
        r#"{"data":{"pages":{"single":{"id":1,"path":"a","locale":"da","updatedAt":"x","content":""#,
        "\\n",
    );
    expect_too_large("page content", client(&url).page(1).unwrap_err());
    server.join().expect("server");

    // Links by the million.
    let (url, server) = hostile_server(
        r#"{"data":{"pages":{"links":[{"id":1,"path":"a","links":["#,
        r#""","da/x","#,
    );
    expect_too_large("links", client(&url).page_links("da").unwrap_err());
    server.join().expect("server");

    let peak = peak_memory();
    eprintln!("peak memory: {} MiB", peak >> 20);
    assert!(
        peak < 200 << 20,
        "peak memory {} MiB is over 200 MiB",
        peak >> 20
    );
}
