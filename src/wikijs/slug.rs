//! TEMPORARY stand-in until the real slug module lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugStyle {
    WikiJs,
    MkDocs,
}
pub struct SlugCounter {
    style: SlugStyle,
    seen: std::collections::HashMap<String, usize>,
}
impl SlugCounter {
    pub fn new(style: SlugStyle) -> Self {
        Self {
            style,
            seen: Default::default(),
        }
    }
    pub fn unique(&mut self, slug: String) -> String {
        let n = self.seen.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            slug
        } else if self.style == SlugStyle::WikiJs {
            format!("{slug}-{}", *n - 1)
        } else {
            format!("{slug}_{}", *n - 1)
        }
    }
}
pub fn wikijs_slug(text: &str) -> String {
    let s = mkdocs_slug(text);
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("h-{s}")
    } else {
        s
    }
}
pub fn mkdocs_slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c)
        } else if (c.is_whitespace() || c == '-') && !out.ends_with('-') {
            out.push('-')
        }
    }
    out.trim_matches('-').to_string()
}
