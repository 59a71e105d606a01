//! pymdownx.keys shortcuts (`++ctrl+alt+del++`, `++ctrl+alt+"My Key"++`), read as the
//! extension reads them: one grammar for the rules that look for them (GL321, GL326), the build
//! that turns them into `<kbd>` elements, and the sync that turns those back.
//!
//! A shortcut is `++`, keys joined by single `+`, then `++`. A key is a name (letters, digits,
//! `_` and `-`) or quoted text (`"..."` or `'...'`, where a backslash escapes the next
//! character, so `++ctrl+"+"++` holds a `+` as a key). A `++` right after a backslash is text.
//! pymdownx.keys turns a shortcut into keys only when every name is one it knows (its US key
//! map, or an alias of a name there): `++version++` stays as typed. Quoted text is shown as
//! written, whatever it says.
//!
//! The key names, their aliases and the labels MkDocs shows for them are pymdownx.keys's own
//! (its `keymap_db.py`, pymdown-extensions 13.1), copied as data. Names are matched whatever
//! their case, as the build did before: pymdownx.keys matches them in lower case unless its
//! `camel_case` option is on.

use std::ops::Range;

/// One key of a shortcut, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// A key name (`ctrl`, `page-up`).
    Name(&'a str),
    /// Quoted text, without its quotes, its backslash escapes not yet read.
    Quoted(&'a str),
}

impl Key<'_> {
    /// What MkDocs shows for the key: its label in the key map, the quoted text with its
    /// escapes read (`\"` is `"`) and trimmed; `None` for a name the key map does not know.
    pub fn label(&self) -> Option<String> {
        match self {
            Key::Name(n) => name_label(n).map(str::to_string),
            Key::Quoted(q) => {
                let mut out = String::with_capacity(q.len());
                let mut chars = q.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        c => out.push(c),
                    }
                }
                Some(out.trim().to_string())
            }
        }
    }
}

/// A shortcut: where it is and its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcut<'a> {
    pub range: Range<usize>,
    pub keys: Vec<Key<'a>>,
}

impl Shortcut<'_> {
    /// Whether pymdownx.keys turns it into keys: every name is one it knows.
    pub fn is_known(&self) -> bool {
        self.keys.iter().all(|k| match k {
            Key::Name(n) => is_name(n),
            Key::Quoted(_) => true,
        })
    }
}

/// The shortcut that starts at `at` (where `text` has `++`), whether or not its names are
/// known; `None` when none is closed there.
pub fn shortcut_at(text: &str, at: usize) -> Option<Shortcut<'_>> {
    let b = text.as_bytes();
    if !text.get(at..)?.starts_with("++") || (at > 0 && b[at - 1] == b'\\') {
        return None;
    }
    let mut i = at + 2;
    let mut keys = Vec::new();
    loop {
        let (key, end) = key_at(text, i)?;
        keys.push(key);
        i = end;
        if text[i..].starts_with("++") {
            return Some(Shortcut {
                range: at..i + 2,
                keys,
            });
        }
        // A single `+` between two keys.
        if b.get(i) == Some(&b'+') && b.get(i + 1) != Some(&b'+') {
            i += 1;
        } else {
            return None;
        }
    }
}

/// The key written at `i` and where it ends.
fn key_at(text: &str, i: usize) -> Option<(Key<'_>, usize)> {
    let rest = text.get(i..)?;
    let first = rest.chars().next()?;
    if first == '"' || first == '\'' {
        let mut chars = rest.char_indices().skip(1);
        while let Some((k, c)) = chars.next() {
            if c == '\\' {
                // The escaped character, whatever it is, but a line break (`\\.` in the
                // extension's pattern, whose `.` stops at one).
                match chars.next() {
                    Some((_, '\n')) | None => return None,
                    Some(_) => {}
                }
            } else if c == first {
                // At least one character between the quotes.
                return (k > 1).then(|| (Key::Quoted(&rest[1..k]), i + k + 1));
            }
        }
        return None;
    }
    let len: usize = rest
        .chars()
        .take_while(|&c| c.is_alphanumeric() || c == '_' || c == '-')
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| (Key::Name(&rest[..len]), i + len))
}

/// Every shortcut in `text`, in order, whether or not its names are known.
pub fn shortcuts(text: &str) -> Vec<Shortcut<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = text.get(from..).and_then(|r| r.find("++")) {
        let at = from + k;
        match shortcut_at(text, at) {
            Some(s) => {
                from = s.range.end;
                out.push(s);
            }
            None => from = at + 1,
        }
    }
    out
}

/// Whether pymdownx.keys knows `name` (a name of its key map or an alias), in any case.
pub fn is_name(name: &str) -> bool {
    entry(name).is_some()
}

/// The key map's entry for `name`, itself or what it is an alias of: its name and the label
/// MkDocs shows for it (`ctrl`: `control`, `Ctrl`; `pg-up`: `page-up`, `Page Up`).
fn entry(name: &str) -> Option<&'static (&'static str, &'static str)> {
    let lower = name.to_ascii_lowercase();
    let lower = lower.as_str();
    let lower = ALIASES
        .binary_search_by_key(&lower, |&(a, _)| a)
        .map_or(lower, |i| ALIASES[i].1);
    KEYMAP
        .binary_search_by_key(&lower, |&(n, _)| n)
        .ok()
        .map(|i| &KEYMAP[i])
}

/// The label MkDocs shows for a key name.
fn name_label(name: &str) -> Option<&'static str> {
    entry(name).map(|&(_, label)| label)
}

/// The key map's name for a label MkDocs shows (`Page Up`: `page-up`), when one has it.
pub fn name_of_label(label: &str) -> Option<&'static str> {
    KEYMAP.iter().find(|&&(_, l)| l == label).map(|&(n, _)| n)
}

const KEYMAP: &[(&str, &str)] = &[
    ("0", "0"),
    ("1", "1"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5"),
    ("6", "6"),
    ("7", "7"),
    ("8", "8"),
    ("9", "9"),
    ("a", "A"),
    ("alt", "Alt"),
    ("alt-graph", "AltGr"),
    ("arrow-down", "Down"),
    ("arrow-left", "Left"),
    ("arrow-right", "Right"),
    ("arrow-up", "Up"),
    ("b", "B"),
    ("backslash", "\\"),
    ("backspace", "Backspace"),
    ("backtab", "Back Tab"),
    ("bar", "|"),
    ("brace-left", "{"),
    ("brace-right", "}"),
    ("bracket-left", "["),
    ("bracket-right", "]"),
    ("break", "Break"),
    ("browser-back", "Browser Back"),
    ("browser-favorites", "Browser Favorites"),
    ("browser-forward", "Browser Forward"),
    ("browser-home", "Browser Home"),
    ("browser-refresh", "Browser Refresh"),
    ("browser-search", "Browser Search"),
    ("browser-stop", "Browser Stop"),
    ("c", "C"),
    ("caps-lock", "Caps Lock"),
    ("clear", "Clear"),
    ("colon", ":"),
    ("comma", ","),
    ("command", "Cmd"),
    ("context-menu", "Menu"),
    ("control", "Ctrl"),
    ("copy", "Copy"),
    ("d", "D"),
    ("delete", "Del"),
    ("double-quote", "\""),
    ("e", "E"),
    ("eject", "Eject"),
    ("end", "End"),
    ("enter", "Enter"),
    ("equal", "="),
    ("escape", "Esc"),
    ("exclam", "!"),
    ("f", "F"),
    ("f1", "F1"),
    ("f10", "F10"),
    ("f11", "F11"),
    ("f12", "F12"),
    ("f13", "F13"),
    ("f14", "F14"),
    ("f15", "F15"),
    ("f16", "F16"),
    ("f17", "F17"),
    ("f18", "F18"),
    ("f19", "F19"),
    ("f2", "F2"),
    ("f20", "F20"),
    ("f21", "F21"),
    ("f22", "F22"),
    ("f23", "F23"),
    ("f24", "F24"),
    ("f3", "F3"),
    ("f4", "F4"),
    ("f5", "F5"),
    ("f6", "F6"),
    ("f7", "F7"),
    ("f8", "F8"),
    ("f9", "F9"),
    ("fingerprint", "Fingerprint"),
    ("function", "Fn"),
    ("g", "G"),
    ("grave", "`"),
    ("greater", ">"),
    ("h", "H"),
    ("help", "Help"),
    ("home", "Home"),
    ("i", "I"),
    ("insert", "Ins"),
    ("j", "J"),
    ("k", "K"),
    ("l", "L"),
    ("left-alt", "Left Alt"),
    ("left-button", "Left Button"),
    ("left-command", "Left Command"),
    ("left-control", "Left Ctrl"),
    ("left-meta", "Left Meta"),
    ("left-option", "Left Option"),
    ("left-shift", "Left Shift"),
    ("left-super", "Left Super"),
    ("left-windows", "Left Win"),
    ("less", "<"),
    ("m", "M"),
    ("mail", "Mail"),
    ("media", "Media"),
    ("media-next-track", "Next Track"),
    ("media-pause", "Pause"),
    ("media-play", "Play"),
    ("media-play-pause", "Play/Pause"),
    ("media-prev-track", "Previous Track"),
    ("media-stop", "Stop"),
    ("meta", "Meta"),
    ("middle-button", "Middle Button"),
    ("minus", "-"),
    ("n", "N"),
    ("num-asterisk", "Num *"),
    ("num-clear", "Num Clear"),
    ("num-delete", "Num Del"),
    ("num-enter", "Num Enter"),
    ("num-equal", "Num ="),
    ("num-lock", "Num Lock"),
    ("num-minus", "Num -"),
    ("num-plus", "Num +"),
    ("num-separator", "Num ."),
    ("num-slash", "Num /"),
    ("num0", "Num 0"),
    ("num1", "Num 1"),
    ("num2", "Num 2"),
    ("num3", "Num 3"),
    ("num4", "Num 4"),
    ("num5", "Num 5"),
    ("num6", "Num 6"),
    ("num7", "Num 7"),
    ("num8", "Num 8"),
    ("num9", "Num 9"),
    ("o", "O"),
    ("option", "Option"),
    ("p", "P"),
    ("page-down", "Page Down"),
    ("page-up", "Page Up"),
    ("period", "."),
    ("plus", "+"),
    ("power", "Power"),
    ("print", "Print"),
    ("print-screen", "Print Screen"),
    ("q", "Q"),
    ("question", "?"),
    ("r", "R"),
    ("reset", "Reset"),
    ("right-alt", "Right Alt"),
    ("right-button", "Right Button"),
    ("right-command", "Right Command"),
    ("right-control", "Right Ctrl"),
    ("right-meta", "Right Meta"),
    ("right-option", "Right Option"),
    ("right-shift", "Right Shift"),
    ("right-super", "Right Super"),
    ("right-windows", "Right Win"),
    ("s", "S"),
    ("scroll-lock", "Scroll Lock"),
    ("select", "Select"),
    ("semicolon", ";"),
    ("shift", "Shift"),
    ("single-quote", "'"),
    ("slash", "/"),
    ("sleep", "Sleep"),
    ("space", "Space"),
    ("super", "Super"),
    ("t", "T"),
    ("tab", "Tab"),
    ("tilde", "~"),
    ("u", "U"),
    ("underscore", "_"),
    ("v", "V"),
    ("volume-down", "Volume Down"),
    ("volume-mute", "Mute"),
    ("volume-up", "Volume Up"),
    ("w", "W"),
    ("windows", "Win"),
    ("x", "X"),
    ("x-button1", "X Button 1"),
    ("x-button2", "X Button 2"),
    ("y", "Y"),
    ("z", "Z"),
    ("zoom", "Zoom"),
];
const ALIASES: &[(&str, &str)] = &[
    ("add", "num-plus"),
    ("altgr", "alt-graph"),
    ("apps", "context-menu"),
    ("back", "backspace"),
    ("bksp", "backspace"),
    ("bktab", "backtab"),
    ("cancel", "break"),
    ("capital", "caps-lock"),
    ("close-brace", "brace-right"),
    ("close-bracket", "bracket-right"),
    ("clr", "clear"),
    ("cmd", "command"),
    ("cplk", "caps-lock"),
    ("ctrl", "control"),
    ("dblquote", "double-quote"),
    ("decimal", "num-separator"),
    ("del", "delete"),
    ("divide", "num-slash"),
    ("down", "arrow-down"),
    ("esc", "escape"),
    ("exclamation", "exclam"),
    ("favorites", "browser-favorites"),
    ("fn", "function"),
    ("forward", "browser-forward"),
    ("grave-accent", "grave"),
    ("greater-than", "greater"),
    ("gt", "greater"),
    ("hyphen", "minus"),
    ("ins", "insert"),
    ("lalt", "left-alt"),
    ("launch-mail", "mail"),
    ("launch-media", "media"),
    ("lbutton", "left-button"),
    ("lcmd", "left-command"),
    ("lcommand", "left-command"),
    ("lcontrol", "left-control"),
    ("lctrl", "left-control"),
    ("left", "arrow-left"),
    ("left-cmd", "left-command"),
    ("left-ctrl", "left-control"),
    ("left-opt", "left-option"),
    ("left-win", "left-windows"),
    ("less-than", "less"),
    ("lmeta", "left-meta"),
    ("lopt", "left-option"),
    ("loption", "left-option"),
    ("lshift", "left-shift"),
    ("lsuper", "left-super"),
    ("lt", "less"),
    ("lwin", "left-windows"),
    ("lwindows", "left-windows"),
    ("mbutton", "middle-button"),
    ("menu", "context-menu"),
    ("multiply", "num-asterisk"),
    ("mute", "volume-mute"),
    ("next", "page-down"),
    ("next-track", "media-next-track"),
    ("num-del", "num-delete"),
    ("numlk", "num-lock"),
    ("open-brace", "brace-left"),
    ("open-bracket", "bracket-left"),
    ("opt", "option"),
    ("page-dn", "page-down"),
    ("page-up", "page-up"),
    ("pause", "media-pause"),
    ("pg-dn", "page-down"),
    ("pg-up", "page-up"),
    ("pipe", "bar"),
    ("play", "media-play"),
    ("play-pause", "media-play-pause"),
    ("prev-track", "media-prev-track"),
    ("prior", "page-up"),
    ("prtsc", "print-screen"),
    ("question-mark", "question"),
    ("ralt", "right-alt"),
    ("rbutton", "right-button"),
    ("rcmd", "right-command"),
    ("rcommand", "right-command"),
    ("rcontrol", "right-control"),
    ("rctrl", "right-control"),
    ("refresh", "browser-refresh"),
    ("return", "enter"),
    ("right", "arrow-right"),
    ("right-cmd", "right-command"),
    ("right-ctrl", "right-control"),
    ("right-meta", "right-meta"),
    ("right-opt", "right-option"),
    ("right-win", "right-windows"),
    ("rmeta", "right-meta"),
    ("ropt", "right-option"),
    ("roption", "right-option"),
    ("rshift", "right-shift"),
    ("rsuper", "right-super"),
    ("rwin", "right-windows"),
    ("rwindows", "right-windows"),
    ("scroll", "scroll-lock"),
    ("search", "browser-search"),
    ("separator", "num-separator"),
    ("spc", "space"),
    ("stop", "media-stop"),
    ("subtract", "num-minus"),
    ("tabulator", "tab"),
    ("up", "arrow-up"),
    ("vol-down", "volume-down"),
    ("vol-mute", "volume-mute"),
    ("vol-up", "volume-up"),
    ("win", "windows"),
    ("xbutton1", "x-button1"),
    ("xbutton2", "x-button2"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Vec<Option<String>>)> {
        shortcuts(text)
            .into_iter()
            .map(|s| {
                (
                    text[s.range.clone()].to_string(),
                    s.keys.iter().map(Key::label).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn the_key_map_is_sorted_for_its_searches() {
        assert!(KEYMAP.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        // Every alias names a key of the map.
        assert!(
            ALIASES
                .iter()
                .all(|(_, to)| KEYMAP.iter().any(|(n, _)| n == to))
        );
    }

    #[test]
    fn names_and_aliases_have_the_extension_s_labels() {
        let l = |t: &str| names(t).remove(0).1;
        assert_eq!(
            l("++ctrl+alt+del++"),
            [Some("Ctrl".into()), Some("Alt".into()), Some("Del".into())]
        );
        assert_eq!(l("++pg-up++"), [Some("Page Up".into())]);
        assert_eq!(l("++Shift+F5++"), [Some("Shift".into()), Some("F5".into())]);
        assert_eq!(l("++version++"), [None]);
        assert_eq!(name_of_label("Page Up"), Some("page-up"));
        assert_eq!(name_of_label("Num 0"), Some("num0"));
        assert_eq!(name_of_label("Nothing"), None);
    }

    #[test]
    fn quoted_keys_are_text_with_escapes_and_plus_signs() {
        // The examples of pymdownx.keys's own documentation.
        let found =
            names(r#"Press ++ctrl+alt+"My Special Key"++, ++cmd+alt+"&Uuml;"++ or ++ctrl+"+"++."#);
        assert_eq!(
            found,
            [
                (
                    r#"++ctrl+alt+"My Special Key"++"#.to_string(),
                    vec![
                        Some("Ctrl".into()),
                        Some("Alt".into()),
                        Some("My Special Key".into())
                    ]
                ),
                (
                    r#"++cmd+alt+"&Uuml;"++"#.to_string(),
                    vec![
                        Some("Cmd".into()),
                        Some("Alt".into()),
                        Some("&Uuml;".into())
                    ]
                ),
                (
                    r#"++ctrl+"+"++"#.to_string(),
                    vec![Some("Ctrl".into()), Some("+".into())]
                ),
            ]
        );
        assert_eq!(
            names(r#"++"say \"hi\""++"#)[0].1,
            [Some(r#"say "hi""#.into())]
        );
        assert_eq!(
            names("++'a+b'+x++")[0].1,
            [Some("a+b".into()), Some("X".into())]
        );
    }

    #[test]
    fn what_is_not_a_shortcut() {
        for text in [
            "++ctrl+c",      // never closed
            "++ctrl+c+ and", // closed with one `+`
            "++ctrl++c++",   // `++ctrl++` then `c++`: the first is one
            r"\++ctrl++",    // escaped
            "++\"\"++",      // empty quotes
            "++\"open++",    // unclosed quote
            "C++ and C++",   // no key between
            "++ ctrl++",     // a space
        ] {
            let found = shortcuts(text);
            let expected = usize::from(text == "++ctrl++c++");
            assert_eq!(found.len(), expected, "{text}: {found:?}");
        }
        assert!(!shortcuts("++version++")[0].is_known());
        assert!(shortcuts("++ctrl+\"x\"++")[0].is_known());
    }
}
