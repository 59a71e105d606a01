//! The labelled evaluation of GL402/GL403 (units left in English in a Danish page).
//!
//! Data: `tests/fixtures/translation-eval/{dev,test}/NAME.en.md` and `NAME.da.md`, English
//! pages and their Danish translations written line by line in parallel: line `i` of the
//! Danish page translates line `i` of the English one (tables row by row, lists item by item).
//! The labels come from that construction, before anything is measured: from each pair the
//! program builds Danish pages of six shapes (`Shape`), and knows for every line of them
//! whether it is English. See `docs/translation.md`, "Evaluation", for the classes and the
//! figures; run with `cargo test --test translation_eval -- --nocapture` to see the tables.
//!
//! The test fails when a figure falls under the floor recorded here (a regression), so the
//! evaluation cannot rot: it is compiled and run by every `cargo test`.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use guide_lint::translation::compare::PairReport;
use guide_lint::translation::{PageUnits, compare, lang_pair};
use guide_lint::{Dialect, Document};

/// The shapes of Danish page built from one parallel pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// The Danish page as written: no finding may appear.
    Translated,
    /// About one block in four left in English (paragraphs, items, rows, headings).
    Partial,
    /// Paragraphs whose first sentences or lines are Danish and the rest English (a
    /// translation stopped in the middle of a paragraph, a Danish summary over English text).
    Mixed,
    /// Whole lists and tables left in English (short units judged in context).
    Short,
    /// The English page copied, with only its headings translated (GL402, `status` ~0 %).
    Copied,
    /// `Partial` compared with an English page edited since (the English left in the Danish
    /// page no longer equals its source).
    Drifted,
}

const SHAPES: [Shape; 6] = [
    Shape::Translated,
    Shape::Partial,
    Shape::Mixed,
    Shape::Short,
    Shape::Copied,
    Shape::Drifted,
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Blank,
    Heading,
    TableRow,
    TableRule,
    ListItem,
    Fence,
    Html,
    Paragraph,
}

fn line_kind(l: &str) -> Line {
    let t = l.trim_start();
    if t.is_empty() {
        Line::Blank
    } else if t.starts_with('#') {
        Line::Heading
    } else if t.starts_with('|') && t.contains("---") {
        Line::TableRule
    } else if t.starts_with('|') {
        Line::TableRow
    } else if t.starts_with("```") {
        Line::Fence
    } else if t.starts_with('<') || t.starts_with("??? ") || t.starts_with("!!! ") {
        Line::Html
    } else if t.starts_with("- ")
        || t.starts_with("* ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
    {
        Line::ListItem
    } else {
        Line::Paragraph
    }
}

/// A deterministic choice per line (FNV-1a of the page name and the line number).
fn pick(name: &str, i: usize, salt: u64, modulo: u64) -> bool {
    let mut h: u64 = 0xcbf29ce484222325 ^ salt;
    for b in name.bytes().chain(i.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h.is_multiple_of(modulo)
}

/// Sentence boundaries of a line: after `.`, `!`, `?` or `:` followed by a space and a capital.
fn split_sentences(l: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = l.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1) == Some(&b' ')
            && l[i + 2..].starts_with(|c: char| c.is_uppercase() || c == '`' || c == '*')
        {
            out.push(&l[start..i + 1]);
            start = i + 2;
        }
    }
    out.push(&l[start..]);
    out
}

/// The edits an English page gets between the translation and now (`Drifted`): words and
/// phrases a writer changes when revising instructions.
const EDITS: &[(&str, &str)] = &[
    ("click", "select"),
    ("Click", "Select"),
    ("open", "go to"),
    ("Open", "Go to"),
    ("settings", "preferences"),
    ("account", "profile"),
    ("server", "instance"),
    ("You can", "You may"),
    ("you can", "you may"),
    ("make sure", "check"),
    ("Make sure", "Check"),
    ("button", "link"),
    ("app", "application"),
    ("choose", "pick"),
    ("page", "screen"),
    ("the ", "your "),
];

fn drift(en: &str) -> String {
    let mut out = en.to_string();
    for (a, b) in EDITS {
        if let Some(i) = out.find(a) {
            // Only whole words (or the phrase at a word start).
            let before_ok = i == 0 || !out.as_bytes()[i - 1].is_ascii_alphanumeric();
            if before_ok {
                out.replace_range(i..i + a.len(), b);
            }
        }
    }
    out
}

/// One built Danish page: its text, per line whether the line is English, and its source.
struct Built {
    text: String,
    english: Vec<bool>,
    source: String,
    /// Lines a translator translates: outside code blocks, not blank, different in the two
    /// languages.
    translatable: usize,
}

fn build(name: &str, en: &[&str], da: &[&str], shape: Shape) -> Built {
    let mut text = String::new();
    let mut english = Vec::new();
    let push = |text: &mut String, english: &mut Vec<bool>, l: &str, is_en: bool| {
        text.push_str(l);
        text.push('\n');
        english.push(is_en);
    };
    let kinds: Vec<Line> = en.iter().map(|l| line_kind(l)).collect();
    // Blocks: maximal runs of table rows / list items (for `Short`).
    let block_of = |i: usize| {
        let k = kinds[i];
        let mut a = i;
        while a > 0 && kinds[a - 1] == k
            || (a > 0 && k == Line::TableRow && kinds[a - 1] == Line::TableRule)
        {
            a -= 1;
        }
        a
    };
    let mut in_fence = false;
    let mut translatable = 0;
    for (i, (e, d)) in en.iter().zip(da).enumerate() {
        let k = kinds[i];
        if k == Line::Fence {
            in_fence = !in_fence;
        }
        let neutral = in_fence || matches!(k, Line::Blank | Line::TableRule | Line::Fence);
        if neutral || e == d {
            push(&mut text, &mut english, d, false);
            continue;
        }
        translatable += 1;
        match shape {
            Shape::Translated => push(&mut text, &mut english, d, false),
            Shape::Copied => {
                if k == Line::Heading {
                    push(&mut text, &mut english, d, false)
                } else {
                    push(&mut text, &mut english, e, true)
                }
            }
            Shape::Partial | Shape::Drifted => {
                if pick(name, i, 1, 4) && k != Line::Html {
                    push(&mut text, &mut english, e, true)
                } else {
                    push(&mut text, &mut english, d, false)
                }
            }
            Shape::Short => {
                if matches!(k, Line::TableRow | Line::ListItem) && pick(name, block_of(i), 2, 2) {
                    push(&mut text, &mut english, e, true)
                } else {
                    push(&mut text, &mut english, d, false)
                }
            }
            Shape::Mixed => {
                let (se, sd) = (split_sentences(e), split_sentences(d));
                let item = k == Line::ListItem;
                if k == Line::Paragraph
                    && se.len() == sd.len()
                    && se.len() >= 2
                    && pick(name, i, 4, 3)
                {
                    // English first (a sentence added to the source and pasted in before the
                    // translation), then the Danish rest; on lines of their own or on one.
                    let cut = (se.len() / 2).max(1);
                    let danish = sd[cut..].join(" ");
                    if pick(name, i, 5, 2) {
                        for s in &se[..cut] {
                            push(&mut text, &mut english, s, true);
                        }
                        push(&mut text, &mut english, &danish, false);
                    } else {
                        let line = format!("{} {danish}", se[..cut].join(" "));
                        push(&mut text, &mut english, &line, true);
                    }
                } else if (k == Line::Paragraph || item) && se.len() == sd.len() && se.len() >= 2 {
                    // Danish first sentence(s), then the English rest; on the same line or
                    // on the next lines of the same paragraph.
                    let cut = se.len().div_ceil(2).min(se.len() - 1);
                    let danish = sd[..cut].join(" ");
                    if pick(name, i, 3, 2) && !item {
                        push(&mut text, &mut english, &danish, false);
                        for s in &se[cut..] {
                            push(&mut text, &mut english, s, true);
                        }
                    } else {
                        // On the same line: the line holds English.
                        let line = format!("{danish} {}", se[cut..].join(" "));
                        push(&mut text, &mut english, &line, true);
                    }
                } else {
                    push(&mut text, &mut english, d, false)
                }
            }
        }
    }
    let source = if shape == Shape::Drifted {
        en.iter().map(|l| drift(l) + "\n").collect()
    } else {
        en.iter().map(|l| format!("{l}\n")).collect()
    };
    Built {
        text,
        english,
        source,
        translatable,
    }
}

#[derive(Debug, Default, Clone)]
struct Tally {
    pages: usize,
    /// Units with prose in the Danish page, and among them those with English lines.
    units: usize,
    english: usize,
    found: usize,
    /// English units the equality check of translation platforms finds (the unit's text
    /// equals a unit of the source page).
    equal_found: usize,
    english4: usize,
    found4: usize,
    findings: usize,
    false_findings: usize,
    /// Pages reported as untranslated as a whole (GL402).
    gl402: usize,
    /// Danish units that share names, numbers or code with their source (near copies).
    near: usize,
    near_flagged: usize,
    /// Copied pages: the words left in English by `status`'s measure, and in all.
    words_left: usize,
    words: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.pages += o.pages;
        self.units += o.units;
        self.english += o.english;
        self.found += o.found;
        self.equal_found += o.equal_found;
        self.english4 += o.english4;
        self.found4 += o.found4;
        self.findings += o.findings;
        self.false_findings += o.false_findings;
        self.gl402 += o.gl402;
        self.near += o.near;
        self.near_flagged += o.near_flagged;
        self.words_left += o.words_left;
        self.words += o.words;
    }
    fn recall(&self) -> f64 {
        ratio(self.found, self.english)
    }
    fn recall4(&self) -> f64 {
        ratio(self.found4, self.english4)
    }
    fn precision(&self) -> f64 {
        ratio(self.findings - self.false_findings, self.findings)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Whether a Danish unit shares a name, number or code span with its aligned English unit
/// (capitalised words after the first, words with digits or inner capitals, code).
fn shares_names(da: &str, en: &str) -> bool {
    let names = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':' | ';' | '"'))
            .enumerate()
            .filter(|(i, w)| {
                w.contains('`')
                    || w.chars().any(|c| c.is_ascii_digit())
                    || (*i > 0 && w.starts_with(char::is_uppercase))
                    || w.chars().skip(1).any(char::is_uppercase)
            })
            .map(|(_, w)| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| w.len() >= 2)
            .collect()
    };
    let e = names(en);
    names(da).iter().any(|n| e.contains(n))
}

/// `danish`: the texts of the units of the Danish page as written. A unit on an English line
/// whose text is one of them (a name, a number, a cell the same in both languages) is no
/// English unit.
fn measure(
    built: &Built,
    report: &PairReport,
    tgt: &PageUnits,
    src: &PageUnits,
    danish: &HashSet<String>,
) -> Tally {
    let mut t = Tally {
        pages: 1,
        ..Tally::default()
    };
    let is_en = |l: usize| built.english.get(l - 1).copied().unwrap_or(false);
    if report.page_untranslated {
        t.gl402 = 1;
    }
    // What the page's findings cover, as line ranges (GL402 covers the whole page).
    let covered: Vec<(usize, usize)> = if report.page_untranslated {
        vec![(1, usize::MAX)]
    } else {
        report
            .runs
            .iter()
            .map(|r| (r.first_line, r.last_line))
            .collect()
    };
    for u in tgt
        .units
        .iter()
        .filter(|u| u.has_prose() && !u.kind.is_header())
    {
        t.units += 1;
        let lines: Vec<usize> = (u.line as usize..=u.end_line.max(u.line) as usize).collect();
        let en_lines: Vec<usize> = lines.iter().copied().filter(|&l| is_en(l)).collect();
        if !en_lines.is_empty() && !danish.contains(&*u.text) {
            t.english += 1;
            let found = en_lines
                .iter()
                .any(|&l| covered.iter().any(|&(a, b)| a <= l && l <= b));
            t.found += usize::from(found);
            t.equal_found += usize::from(src.units.iter().any(|s| s.text == u.text));
            // Words of the English part.
            let words = if en_lines.len() == lines.len() {
                u.words as usize
            } else {
                let raw: String = built
                    .text
                    .lines()
                    .enumerate()
                    .filter(|(i, _)| en_lines.contains(&(i + 1)))
                    .map(|(_, l)| l)
                    .collect::<Vec<_>>()
                    .join(" ");
                guide_lint::translation::units::count_words(&raw)
            };
            if words >= 4 {
                t.english4 += 1;
                t.found4 += usize::from(found);
            }
        }
    }
    // Danish units sharing names with their source: flagged ones are false findings too
    // (counted with the runs below); here they are counted as a class.
    for (i, u) in tgt.units.iter().enumerate() {
        let Some(s) = report.alignment.units[i] else {
            continue;
        };
        let lines = u.line as usize..=u.end_line.max(u.line) as usize;
        if u.has_prose()
            && !lines.clone().any(is_en)
            && shares_names(&u.text, &src.units[s].text)
            && u.text != src.units[s].text
        {
            t.near += 1;
            let flagged = covered
                .iter()
                .any(|&(a, b)| a <= u.line as usize && u.line as usize <= b)
                && !report.page_untranslated;
            t.near_flagged += usize::from(flagged);
        }
    }
    if report.page_untranslated {
        t.findings += 1;
        // Right when most of the lines a translator translates are English.
        let english_lines = built.english.iter().filter(|x| **x).count();
        if english_lines * 2 < built.translatable {
            t.false_findings += 1;
        }
    } else {
        for r in &report.runs {
            t.findings += 1;
            // A finding is right when every unit (or part) it reports has English lines.
            let ok = if r.part.is_some() {
                (r.first_line..=r.last_line).all(is_en)
            } else {
                r.units.iter().all(|&k| {
                    let u = &tgt.units[k];
                    (u.line as usize..=u.end_line.max(u.line) as usize).any(is_en)
                })
            };
            t.false_findings += usize::from(!ok);
        }
    }
    // `status`'s measure: words of every unit with prose; on a page untranslated as a whole,
    // everything but the translated units is left.
    use guide_lint::translation::UnitState;
    for (u, s) in tgt.units.iter().zip(&report.states) {
        if !u.has_prose() {
            continue;
        }
        t.words += u.words as usize;
        t.words_left += match s {
            UnitState::Translated => 0,
            UnitState::Neutral | UnitState::Outdated if !report.page_untranslated => 0,
            UnitState::Untranslated if !report.page_untranslated => {
                guide_lint::translation::compare::untranslated_words(u)
            }
            _ => u.words as usize,
        };
    }
    t
}

fn pairs(dir: &Path) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".en.md"))
        .collect();
    names.sort();
    for en in names {
        let da = PathBuf::from(en.to_string_lossy().replace(".en.md", ".da.md"));
        let name = en
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".en.md", "");
        let e = std::fs::read_to_string(&en).unwrap();
        let d = std::fs::read_to_string(&da).unwrap_or_else(|e| panic!("{}: {e}", da.display()));
        let (ne, nd) = (e.lines().count(), d.lines().count());
        assert_eq!(ne, nd, "{name}: the pages must be parallel line by line");
        out.push((name, e, d));
    }
    out
}

fn evaluate(split: &str) -> BTreeMap<Shape, Tally> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/translation-eval")
        .join(split);
    let pair = lang_pair("en", "da").expect("en/da identifier");
    let mut out: BTreeMap<Shape, Tally> = BTreeMap::new();
    for (name, e, d) in pairs(&dir) {
        let en: Vec<&str> = e.lines().collect();
        let da: Vec<&str> = d.lines().collect();
        let written = Document::parse(
            PathBuf::from(format!("da/{name}.md")),
            d.clone(),
            Some(Dialect::Wikijs),
        );
        let danish: HashSet<String> = PageUnits::new(&written, None)
            .units
            .into_iter()
            .map(|u| u.text.into_string())
            .collect();
        for shape in SHAPES {
            let built = build(&name, &en, &da, shape);
            let sdoc = Document::parse(
                PathBuf::from(format!("en/{name}.md")),
                built.source.clone(),
                Some(Dialect::Mkdocs),
            );
            let tdoc = Document::parse(
                PathBuf::from(format!("da/{name}.md")),
                built.text.clone(),
                Some(Dialect::Wikijs),
            );
            let src = PageUnits::new(&sdoc, Some(Path::new(&format!("en/{name}.md"))));
            let mut tgt = PageUnits::new(&tdoc, Some(Path::new(&format!("da/{name}.md"))));
            tgt.judge(&pair, &tdoc.text);
            let report = compare(&src, &tgt, None, Some(&pair));
            let t = measure(&built, &report, &tgt, &src, &danish);
            if std::env::var("EVAL_VERBOSE").is_ok_and(|v| v == "1" || v == split) {
                dump(&name, shape, &built, &report, &tgt, &danish);
                if shape == Shape::Copied && !report.page_untranslated {
                    let c =
                        guide_lint::translation::compare::page_counts(&tgt.units, &report.states);
                    eprintln!("NOT GL402 {name}: {c:?}");
                }
            }
            out.entry(shape).or_default().add(&t);
        }
    }
    out
}

/// With `EVAL_VERBOSE=1`: the misses and the false findings of one page.
fn dump(
    name: &str,
    shape: Shape,
    built: &Built,
    report: &PairReport,
    tgt: &PageUnits,
    danish: &HashSet<String>,
) {
    let is_en = |l: usize| built.english.get(l - 1).copied().unwrap_or(false);
    let covered = |l: usize| {
        report.page_untranslated
            || report
                .runs
                .iter()
                .any(|r| r.first_line <= l && l <= r.last_line)
    };
    for u in tgt
        .units
        .iter()
        .filter(|u| u.has_prose() && !u.kind.is_header())
    {
        let lines = u.line as usize..=u.end_line.max(u.line) as usize;
        let en: Vec<usize> = lines.clone().filter(|&l| is_en(l)).collect();
        if !en.is_empty() && !danish.contains(&*u.text) && !en.iter().any(|&l| covered(l)) {
            eprintln!("MISS {name} {shape:?} {}: {}", u.line, u.text);
        }
    }
    if !report.page_untranslated {
        for r in &report.runs {
            let bad = if r.part.is_some() {
                !(r.first_line..=r.last_line).all(is_en)
            } else {
                !r.units.iter().all(|&k| {
                    let u = &tgt.units[k];
                    (u.line as usize..=u.end_line.max(u.line) as usize).any(is_en)
                })
            };
            if bad {
                let texts: Vec<String> = r
                    .units
                    .iter()
                    .map(|&k| {
                        format!(
                            "{} [{:?} {:?}]",
                            tgt.units[k].text, report.reasons[k], report.verdicts[k]
                        )
                    })
                    .collect();
                eprintln!(
                    "FALSE {name} {shape:?} {}-{}: {:?} {texts:?}",
                    r.first_line, r.last_line, r.part
                );
            }
        }
    } else if shape != Shape::Copied {
        eprintln!("GL402 {name} {shape:?}");
    }
}

fn table(split: &str, r: &BTreeMap<Shape, Tally>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\n{split}:");
    let _ = writeln!(
        s,
        "| class | pages | Danish units | English units | recall | recall 4+ words | findings | precision | GL402 | equality check recall |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|---|---|---|");
    let mut all = Tally::default();
    for (shape, t) in r {
        all.add(t);
        let _ = writeln!(
            s,
            "| {shape:?} | {} | {} | {} | {}/{} ({:.3}) | {}/{} ({:.3}) | {} | {:.3} ({} false) | {} | {:.3} |",
            t.pages,
            t.units,
            t.english,
            t.found,
            t.english,
            t.recall(),
            t.found4,
            t.english4,
            t.recall4(),
            t.findings,
            t.precision(),
            t.false_findings,
            t.gl402,
            ratio(t.equal_found, t.english),
        );
    }
    let _ = writeln!(
        s,
        "| all | {} | {} | {} | {}/{} ({:.3}) | {}/{} ({:.3}) | {} | {:.3} ({} false) | {} | {:.3} |",
        all.pages,
        all.units,
        all.english,
        all.found,
        all.english,
        all.recall(),
        all.found4,
        all.english4,
        all.recall4(),
        all.findings,
        all.precision(),
        all.false_findings,
        all.gl402,
        ratio(all.equal_found, all.english),
    );
    let tr = &r[&Shape::Translated];
    let copied = &r[&Shape::Copied];
    let _ = writeln!(
        s,
        "near copies (Danish units sharing names, numbers or code with their source, in translated pages): {} flagged of {}",
        tr.near_flagged, tr.near
    );
    let _ = writeln!(
        s,
        "copied pages: {} of {} reported as untranslated (GL402); status shows them {:.1} % done",
        copied.gl402,
        copied.pages,
        100.0 * (1.0 - ratio(copied.words_left, copied.words))
    );
    s
}

#[test]
fn evaluation() {
    let mut text = String::new();
    let mut results = Vec::new();
    for split in ["dev", "test"] {
        let r = evaluate(split);
        text.push_str(&table(split, &r));
        results.push((split, r));
    }
    println!("{text}");
    for (split, r) in &results {
        let tr = &r[&Shape::Translated];
        assert_eq!(
            tr.findings, 0,
            "{split}: findings on fully translated pages\n{text}"
        );
        assert_eq!(
            r[&Shape::Copied].gl402,
            r[&Shape::Copied].pages,
            "{split}: copied pages not reported\n{text}"
        );
        let mut all = Tally::default();
        for t in r.values() {
            all.add(t);
        }
        // Floors: the figures measured when this evaluation was recorded, rounded down.
        assert!(all.recall() >= FLOOR_RECALL, "{split}: recall\n{text}");
        assert!(all.recall4() >= FLOOR_RECALL4, "{split}: recall 4+\n{text}");
        assert!(
            all.precision() >= FLOOR_PRECISION,
            "{split}: precision\n{text}"
        );
    }
    // The set itself: at least 1,500 Danish units as written, and 100 examples of each class,
    // so that it cannot shrink unnoticed.
    let mut both: BTreeMap<Shape, Tally> = BTreeMap::new();
    for (_, r) in &results {
        for (shape, t) in r {
            both.entry(*shape).or_default().add(t);
        }
    }
    let written = both[&Shape::Translated].units;
    assert!(written >= 1500, "{written} Danish units\n{text}");
    for shape in [Shape::Mixed, Shape::Short, Shape::Copied, Shape::Drifted] {
        let n = both[&shape].english;
        assert!(n >= 100, "{shape:?}: {n} English units\n{text}");
    }
    let near = both[&Shape::Translated].near;
    assert!(near >= 100, "{near} near copies\n{text}");
}

// Floors: what the rules reached when the set was last measured (dev recall 0.980, test
// 0.982; 4+ words 1.000 and 0.996; precision 1.000 and 0.997), rounded down a little.
const FLOOR_RECALL: f64 = 0.975;
const FLOOR_RECALL4: f64 = 0.99;
const FLOOR_PRECISION: f64 = 0.99;
