//! README's rule table lists every rule, generated from the registry (`BLESS=1` rewrites it,
//! and the test fails that run).

use guide_lint::rules::Dialects;
use guide_lint::{Rule, RuleMeta};

const START: &str = "<!-- rules-table:start -->\n";
const END: &str = "<!-- rules-table:end -->";

fn table() -> String {
    let mut out = String::from(
        "| code | name | default | dialects | what it finds |\n|---|---|---|---|---|\n",
    );
    for &r in Rule::ALL {
        let dialects = match r.dialects() {
            Dialects::All => "all".to_string(),
            Dialects::Only(d) => d.to_string(),
        };
        out.push_str(&format!(
            "| {} | [{}](rules/{}) | {} | {} | {} |\n",
            r.code(),
            r.name(),
            r.doc_file(),
            r.default_severity(),
            dialects,
            r.summary().replace('|', "\\|")
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start = readme.find(START).expect("rules-table:start marker") + START.len();
    let end = readme.find(END).expect("rules-table:end marker");
    let want = table();
    // With BLESS the table is rewritten, and the test still fails when it was out of date: it
    // never passes because of BLESS.
    if std::env::var_os("BLESS").is_some() && readme[start..end] != want {
        let updated = format!("{}{}{}", &readme[..start], want, &readme[end..]);
        std::fs::write(path, updated).expect("write README.md");
        panic!("README's rule table was out of date and is rewritten: review the diff");
    }
    assert_eq!(
        &readme[start..end],
        want,
        "README's rule table is out of date: run `BLESS=1 cargo test --test readme` to rewrite it"
    );
}
