//! The page script: the project's component runtime (`assets/component-runtime.js`) with the
//! page's configuration filled in, wrapped in `<script>` as Wiki.js injects `scriptJs` (raw HTML
//! at the end of `<body>`, `docs/wikijs.md#page-scripts`).

use std::collections::BTreeMap;

use crate::config::Components;

/// The runtime as shipped, with its default configuration.
pub const RUNTIME: &str = include_str!("../../assets/component-runtime.js");

const OPEN: &str = "/* guide-lint:config */";
const CLOSE: &str = "/* end */";

/// The runtime's configuration for these components: `{"identities": {identity: input id}}`,
/// on one line, safe inside a `<script>` element.
pub fn config_json(components: &Components) -> String {
    let identities: BTreeMap<&str, &str> = components
        .identities
        .iter()
        .filter_map(|id| {
            components
                .server_inputs
                .get(id)
                .map(|input| (id.as_str(), input.as_str()))
        })
        .collect();
    let json = serde_json::json!({ "identities": identities }).to_string();
    // `</script>` or `<!--` inside the JSON would end or confuse the element.
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The runtime with `config` (JSON) between its configuration markers.
pub fn runtime_with(config: &str) -> String {
    match (RUNTIME.find(OPEN), RUNTIME.find(CLOSE)) {
        (Some(open), Some(close)) if open < close => {
            format!("{}{OPEN} {config} {}", &RUNTIME[..open], &RUNTIME[close..])
        }
        _ => RUNTIME.to_string(),
    }
}

/// The page script for a page with these components: `<script>` + runtime + `</script>`.
pub fn page_script(components: &Components) -> String {
    format!(
        "<script>\n{}</script>\n",
        runtime_with(&config_json(components))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_has_one_config_slot_and_cannot_end_its_element() {
        assert_eq!(RUNTIME.matches(OPEN).count(), 1);
        assert!(RUNTIME.find(OPEN) < RUNTIME.find(CLOSE));
        assert!(!RUNTIME.to_ascii_lowercase().contains("</script"));
        assert!(RUNTIME.contains("window.boot.register") || RUNTIME.contains("boot.register"));
    }

    #[test]
    fn config_is_substituted_on_one_line_and_escaped() {
        let mut c = Components::default();
        c.identities.push("x</script>".into());
        c.server_inputs.insert("x</script>".into(), "in<put".into());
        let json = config_json(&c);
        assert!(!json.contains('<') && !json.contains('\n'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["identities"]["x</script>"], "in<put");
        assert_eq!(back["identities"]["old"], "from-server");
        let script = page_script(&c);
        assert!(script.starts_with("<script>\n") && script.ends_with("</script>\n"));
        assert_eq!(script.matches("</script").count(), 1);
        let line = script.lines().find(|l| l.contains(OPEN)).unwrap();
        assert!(line.contains(&format!("{OPEN} {json} {CLOSE}")), "{line}");
    }
}
