//! Runs the Wiki.js stand-in until standard input closes, for trying `guide-lint sync` by
//! hand: `cargo run -p wikijs-standin`, then `GUIDE_LINT_WIKI_TOKEN=standin-admin-key
//! guide-lint sync --graphql <printed URL> --from DIR`.

use std::io::Read;

fn main() {
    let wiki = wikijs_standin::Wiki::start();
    println!("{}", wiki.url());
    println!("API key: {}", wikijs_standin::ADMIN_KEY);
    println!("(close standard input, e.g. Ctrl-D, to stop)");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    wiki.stop();
}
