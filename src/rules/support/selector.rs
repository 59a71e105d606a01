//! Rule selectors (`ALL`, a code prefix such as `GL1`, a code, a name) and how `select`,
//! `extend-select`, `ignore` and `severity` combine into a [`RuleSet`].
//!
//! Resolution follows ruff: settings are applied in layers (the configuration, then each
//! matching per-path override in order, then the command line). Inside a layer the most specific
//! selector wins (`GL102` beats `GL1` beats `ALL`); at equal specificity `ignore` wins over
//! `select`. A layer with `select` replaces the enabled set; a layer without it only adds
//! (`extend-select`) and removes (`ignore`).

use std::fmt;
use std::str::FromStr;

use crate::finding::Severity;
use crate::rules::{Rule, RuleSet};

/// Picks a set of rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// Every rule.
    All,
    /// Every rule whose code starts with this (upper-case) prefix, e.g. `GL1` or `GL10`.
    Prefix(String),
    /// One rule, by code or name.
    Rule(Rule),
}

impl Selector {
    pub fn matches(&self, rule: Rule) -> bool {
        match self {
            Selector::All => true,
            Selector::Prefix(p) => rule.code().starts_with(p.as_str()),
            Selector::Rule(r) => *r == rule,
        }
    }

    /// How specific the selector is: a larger number wins.
    pub fn specificity(&self) -> usize {
        match self {
            Selector::All => 0,
            Selector::Prefix(p) => p.len(),
            Selector::Rule(_) => usize::MAX,
        }
    }

    /// The rules it selects.
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        Rule::ALL.iter().copied().filter(|r| self.matches(*r))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Prefix(p) => f.write_str(p),
            Selector::Rule(r) => f.write_str(r.code()),
        }
    }
}

/// Why a selector was rejected; the message names the closest valid selector when one is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError(pub String);

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SelectorError {}

impl FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("all") {
            return Ok(Selector::All);
        }
        if let Some(rule) = Rule::parse(t) {
            return Ok(Selector::Rule(rule));
        }
        let upper = t.to_ascii_uppercase();
        let is_prefix_shape = upper.len() >= 2
            && upper.starts_with("GL")
            && upper[2..].bytes().all(|b| b.is_ascii_digit());
        if is_prefix_shape && Rule::ALL.iter().any(|r| r.code().starts_with(&upper)) {
            return Ok(Selector::Prefix(upper));
        }
        let mut message = if t.is_empty() {
            "empty rule selector".to_string()
        } else if is_prefix_shape {
            format!("rule selector `{t}` matches no rule")
        } else {
            format!("unknown rule `{t}`")
        };
        if let Some(guess) = closest_rule(t) {
            message.push_str(&format!("; did you mean `{guess}`?"));
        } else if !t.is_empty() {
            message.push_str(
                "; use a code (`GL102`), a code prefix (`GL1`), a rule name or `ALL` \
                 (`guide-lint rules` lists them)",
            );
        }
        Err(SelectorError(message))
    }
}

impl<'de> serde::Deserialize<'de> for Selector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Parsing inside the visitor lets the YAML reader attach the scalar's position to the
        // error.
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Selector;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rule code, code prefix, rule name or `ALL`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Selector, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// One layer of rule settings (the configuration, a per-path override, or the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleLayer {
    /// Replaces the enabled set when present.
    pub select: Option<Vec<Selector>>,
    /// Adds rules.
    pub extend_select: Vec<Selector>,
    /// Removes rules.
    pub ignore: Vec<Selector>,
    /// Severity per selector, in the order written (most specific wins, then the last).
    pub severity: Vec<(Selector, Severity)>,
}

impl RuleLayer {
    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.select.is_none()
            && self.extend_select.is_empty()
            && self.ignore.is_empty()
            && self.severity.is_empty()
    }

    /// Applies the layer on top of `set`.
    pub fn apply(&self, set: &mut RuleSet) {
        for &rule in Rule::ALL {
            let best = |sels: &[Selector]| {
                sels.iter()
                    .filter(|s| s.matches(rule))
                    .map(Selector::specificity)
                    .max()
            };
            let ignored = best(&self.ignore);
            let selected = match &self.select {
                Some(sel) => best(sel).max(best(&self.extend_select)),
                None => best(&self.extend_select),
            };
            let on = match (selected, ignored) {
                (Some(s), Some(i)) => s > i,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => self.select.is_none() && set.is_enabled(rule),
            };
            set.set_enabled(rule, on);
            let severity = self
                .severity
                .iter()
                .enumerate()
                .filter(|(_, (s, _))| s.matches(rule))
                .max_by_key(|(i, (s, _))| (s.specificity(), *i))
                .map(|(_, (_, sev))| *sev);
            if let Some(sev) = severity {
                set.set_severity(rule, sev);
            }
        }
    }
}

/// The rule sets of a run: the configuration's, each per-path override's, and the command
/// line's, resolved once.
#[derive(Debug, Clone)]
pub struct RuleSettings {
    /// Defaults, then the configuration, then the command line.
    base: RuleSet,
    config: RuleLayer,
    overrides: Vec<(globset::GlobSet, RuleLayer)>,
    cli: RuleLayer,
    /// Every rule enabled for at least one path, for passes that run across files.
    union: RuleSet,
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings::new(RuleLayer::default(), Vec::new(), RuleLayer::default())
    }
}

impl RuleSettings {
    /// `config` is the configuration's top level, `overrides` its per-path globs (relative to
    /// the guides root) in order, `cli` the command line.
    pub fn new(
        config: RuleLayer,
        overrides: Vec<(globset::GlobSet, RuleLayer)>,
        cli: RuleLayer,
    ) -> Self {
        let mut base = RuleSet::default();
        config.apply(&mut base);
        cli.apply(&mut base);
        let mut union = base.clone();
        for (_, layer) in &overrides {
            let mut one = RuleSet::default();
            config.apply(&mut one);
            layer.apply(&mut one);
            cli.apply(&mut one);
            for &rule in Rule::ALL {
                if one.is_enabled(rule) {
                    union.set_enabled(rule, true);
                }
            }
        }
        RuleSettings {
            base,
            config,
            overrides,
            cli,
            union,
        }
    }

    /// From a configuration and the command line's layer.
    pub fn from_config(config: &crate::config::Config, cli: RuleLayer) -> Self {
        RuleSettings::new(config.rule_layer(), config.override_layers().to_vec(), cli)
    }

    /// The rules of a file, by its path relative to the guides root (`None` outside it: only
    /// the top level and the command line apply).
    pub fn for_path(&self, rel: Option<&std::path::Path>) -> RuleSet {
        let matching: Vec<&RuleLayer> = match rel {
            Some(rel) => self
                .overrides
                .iter()
                .filter(|(g, _)| g.is_match(rel))
                .map(|(_, l)| l)
                .collect(),
            None => Vec::new(),
        };
        if matching.is_empty() {
            return self.base.clone();
        }
        let mut set = RuleSet::default();
        self.config.apply(&mut set);
        for layer in matching {
            layer.apply(&mut set);
        }
        self.cli.apply(&mut set);
        set
    }

    /// Rules enabled for at least one path (severity: the top level's).
    pub fn union(&self) -> &RuleSet {
        &self.union
    }
}

/// The rule code or name closest to a mistyped one (`GL1O2` -> `GL102`), if any is close.
pub fn closest_rule(typed: &str) -> Option<&'static str> {
    let candidates = Rule::ALL
        .iter()
        .flat_map(|r| [r.code(), r.name()])
        .collect::<Vec<_>>();
    crate::util::closest(typed, candidates.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sel(s: &str) -> Selector {
        s.parse().unwrap()
    }

    fn sels(list: &[&str]) -> Vec<Selector> {
        list.iter().map(|s| sel(s)).collect()
    }

    fn enabled(set: &RuleSet) -> Vec<&'static str> {
        Rule::ALL
            .iter()
            .filter(|r| set.is_enabled(**r))
            .map(|r| r.code())
            .collect()
    }

    #[test]
    fn parses_codes_names_prefixes_and_all() {
        assert_eq!(sel("GL102"), Selector::Rule(Rule::RelativeComponentPath));
        assert_eq!(sel("gl102"), Selector::Rule(Rule::RelativeComponentPath));
        assert_eq!(
            sel("relative-component-path"),
            Selector::Rule(Rule::RelativeComponentPath)
        );
        assert_eq!(sel("GL1"), Selector::Prefix("GL1".into()));
        assert_eq!(sel("gl10"), Selector::Prefix("GL10".into()));
        assert_eq!(sel("GL"), Selector::Prefix("GL".into()));
        assert_eq!(sel("ALL"), Selector::All);
        assert_eq!(sel(" all "), Selector::All);
    }

    #[test]
    fn rejects_unknown_selectors_with_a_suggestion() {
        let e = "GL1O2".parse::<Selector>().unwrap_err().0;
        assert!(e.contains("unknown rule `GL1O2`"), "{e}");
        assert!(e.contains("did you mean `GL102`"), "{e}");
        let e = "relative-component-pth".parse::<Selector>().unwrap_err().0;
        assert!(e.contains("did you mean `relative-component-path`"), "{e}");
        let e = "GL9".parse::<Selector>().unwrap_err().0;
        assert!(e.contains("matches no rule"), "{e}");
        let e = "".parse::<Selector>().unwrap_err().0;
        assert!(e.contains("empty rule selector"), "{e}");
        let e = "E501".parse::<Selector>().unwrap_err().0;
        assert!(e.contains("`guide-lint rules`"), "{e}");
    }

    #[test]
    fn select_replaces_and_ignore_removes() {
        let mut set = RuleSet::default();
        RuleLayer {
            select: Some(sels(&["GL10"])),
            ignore: sels(&["GL105"]),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        let on = enabled(&set);
        assert!(on.contains(&"GL101") && on.contains(&"GL109"), "{on:?}");
        assert!(!on.contains(&"GL105") && !on.contains(&"GL110"), "{on:?}");
    }

    #[test]
    fn the_more_specific_selector_wins_and_ignore_wins_ties() {
        let mut set = RuleSet::default();
        RuleLayer {
            select: Some(sels(&["ALL", "GL102"])),
            ignore: sels(&["GL1"]),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        let on = enabled(&set);
        assert!(on.contains(&"GL102"), "{on:?}");
        assert!(!on.contains(&"GL101"), "{on:?}");
        let mut set = RuleSet::default();
        RuleLayer {
            select: Some(sels(&["GL102"])),
            ignore: sels(&["relative-component-path"]),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        assert!(!set.is_enabled(Rule::RelativeComponentPath));
    }

    #[test]
    fn layers_without_select_extend_and_ignore() {
        let mut set = RuleSet::default();
        RuleLayer {
            select: Some(sels(&["GL101"])),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        RuleLayer {
            extend_select: sels(&["GL102"]),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        assert_eq!(enabled(&set), ["GL101", "GL102"]);
        RuleLayer {
            ignore: sels(&["GL101"]),
            ..RuleLayer::default()
        }
        .apply(&mut set);
        assert_eq!(enabled(&set), ["GL102"]);
    }

    #[test]
    fn per_path_overrides_apply_between_config_and_cli() {
        let glob = |g: &str| {
            globset::GlobSetBuilder::new()
                .add(globset::Glob::new(g).unwrap())
                .build()
                .unwrap()
        };
        let settings = RuleSettings::new(
            RuleLayer {
                ignore: sels(&["GL105"]),
                ..RuleLayer::default()
            },
            vec![(
                glob("da/**"),
                RuleLayer {
                    extend_select: sels(&["GL105"]),
                    ignore: sels(&["GL101"]),
                    severity: vec![(sel("GL102"), Severity::Warning)],
                    ..RuleLayer::default()
                },
            )],
            RuleLayer {
                ignore: sels(&["GL109"]),
                ..RuleLayer::default()
            },
        );
        let en = settings.for_path(Some(std::path::Path::new("en/a.md")));
        let da = settings.for_path(Some(std::path::Path::new("da/a.md")));
        assert!(!en.is_enabled(Rule::MissingDefault) && da.is_enabled(Rule::MissingDefault));
        assert!(en.is_enabled(Rule::UnknownIdentity) && !da.is_enabled(Rule::UnknownIdentity));
        assert!(!en.is_enabled(Rule::UnknownComponentAttribute));
        assert!(!da.is_enabled(Rule::UnknownComponentAttribute));
        assert_eq!(da.severity(Rule::RelativeComponentPath), Severity::Warning);
        assert_eq!(en.severity(Rule::RelativeComponentPath), Severity::Error);
        let u = settings.union();
        assert!(u.is_enabled(Rule::MissingDefault) && u.is_enabled(Rule::UnknownIdentity));
        assert!(!u.is_enabled(Rule::UnknownComponentAttribute));
    }

    #[test]
    fn severity_most_specific_then_last() {
        let mut set = RuleSet::default();
        RuleLayer {
            severity: vec![
                (sel("GL102"), Severity::Info),
                (sel("GL1"), Severity::Warning),
                (sel("GL1"), Severity::Error),
            ],
            ..RuleLayer::default()
        }
        .apply(&mut set);
        assert_eq!(set.severity(Rule::RelativeComponentPath), Severity::Info);
        assert_eq!(set.severity(Rule::MissingDefault), Severity::Error);
    }
}
