//! `guide-lint status`: per page and locale, how much is translated.
