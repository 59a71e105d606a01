//! Rule selectors (`ALL`, a code prefix such as `GL1`, a code, a name) and how `select`,
//! `extend-select`, `ignore` and `severity` combine into a [`RuleSet`].
//!
//! Resolution follows ruff: settings are applied in layers (the configuration, then each
//! matching per-path override in order, then the command line). Inside a layer the most specific
//! selector wins (`GL102` beats `GL1` beats `ALL`); at equal specificity `ignore` wins over
//! `select`. A layer with `select` replaces the enabled set; a layer without it only adds
//! (`extend-select`) and removes (`ignore`).

pub use crate::rule::{RuleLayer, Selector, SelectorError, closest_rule};
use crate::rules::{Rule, RuleSet};

/// Applies one layer of rule settings on top of `set`.
pub fn apply_layer(layer: &RuleLayer, set: &mut RuleSet) {
    for &rule in Rule::ALL {
        let best = |sels: &[Selector]| {
            sels.iter()
                .filter(|s| s.matches(rule))
                .map(Selector::specificity)
                .max()
        };
        let ignored = best(&layer.ignore);
        let selected = match &layer.select {
            Some(sel) => best(sel).max(best(&layer.extend_select)),
            None => best(&layer.extend_select),
        };
        let on = match (selected, ignored) {
            (Some(s), Some(i)) => s > i,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => layer.select.is_none() && set.is_enabled(rule),
        };
        set.set_enabled(rule, on);
        let severity = layer
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
        apply_layer(&config, &mut base);
        apply_layer(&cli, &mut base);
        let mut union = base.clone();
        for (_, layer) in &overrides {
            let mut one = RuleSet::default();
            apply_layer(&config, &mut one);
            apply_layer(layer, &mut one);
            apply_layer(&cli, &mut one);
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
        apply_layer(&self.config, &mut set);
        for layer in matching {
            apply_layer(layer, &mut set);
        }
        apply_layer(&self.cli, &mut set);
        set
    }

    /// Rules enabled for at least one path (severity: the top level's).
    pub fn union(&self) -> &RuleSet {
        &self.union
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

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
        apply_layer(
            &RuleLayer {
                select: Some(sels(&["GL10"])),
                ignore: sels(&["GL105"]),
                ..RuleLayer::default()
            },
            &mut set,
        );
        let on = enabled(&set);
        assert!(on.contains(&"GL101") && on.contains(&"GL109"), "{on:?}");
        assert!(!on.contains(&"GL105") && !on.contains(&"GL110"), "{on:?}");
    }

    #[test]
    fn the_more_specific_selector_wins_and_ignore_wins_ties() {
        let mut set = RuleSet::default();
        apply_layer(
            &RuleLayer {
                select: Some(sels(&["ALL", "GL102"])),
                ignore: sels(&["GL1"]),
                ..RuleLayer::default()
            },
            &mut set,
        );
        let on = enabled(&set);
        assert!(on.contains(&"GL102"), "{on:?}");
        assert!(!on.contains(&"GL101"), "{on:?}");
        let mut set = RuleSet::default();
        apply_layer(
            &RuleLayer {
                select: Some(sels(&["GL102"])),
                ignore: sels(&["relative-component-path"]),
                ..RuleLayer::default()
            },
            &mut set,
        );
        assert!(!set.is_enabled(Rule::RelativeComponentPath));
    }

    #[test]
    fn layers_without_select_extend_and_ignore() {
        let mut set = RuleSet::default();
        apply_layer(
            &RuleLayer {
                select: Some(sels(&["GL101"])),
                ..RuleLayer::default()
            },
            &mut set,
        );
        apply_layer(
            &RuleLayer {
                extend_select: sels(&["GL102"]),
                ..RuleLayer::default()
            },
            &mut set,
        );
        assert_eq!(enabled(&set), ["GL101", "GL102"]);
        apply_layer(
            &RuleLayer {
                ignore: sels(&["GL101"]),
                ..RuleLayer::default()
            },
            &mut set,
        );
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
        apply_layer(
            &RuleLayer {
                severity: vec![
                    (sel("GL102"), Severity::Info),
                    (sel("GL1"), Severity::Warning),
                    (sel("GL1"), Severity::Error),
                ],
                ..RuleLayer::default()
            },
            &mut set,
        );
        assert_eq!(set.severity(Rule::RelativeComponentPath), Severity::Info);
        assert_eq!(set.severity(Rule::MissingDefault), Severity::Error);
    }
}
