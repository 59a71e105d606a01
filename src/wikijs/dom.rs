//! Ids that Wiki.js's HTML sanitizer removes to prevent DOM clobbering
//! (`docs/wikijs.md#sanitizer`).
//!
//! Wiki.js 2.5 sanitizes every rendered page on the server with DOMPurify 2 running on jsdom 16
//! (`server/modules/rendering/html-security`). With DOMPurify's default `SANITIZE_DOM: true`, an
//! `id` or `name` attribute is dropped when
//!
//! ```js
//! value = attr.value.trim()
//! (value in document || value in formElement)   // formElement = document.createElement('form')
//! ```
//!
//! `in` walks the prototype chain, so the names are every property of jsdom's `Document`,
//! `HTMLFormElement`, `HTMLElement`, `Element`, `Node`, `EventTarget` and `Object.prototype`
//! (`constructor`, `toString`, `__proto__`...). The test is case-sensitive: `title` is removed,
//! `Title` survives. Heading slugs are lowercase, so the names that bite in practice are the
//! all-lowercase ones: `title`, `name`, `links`, `images`, `style`, `target`, `forms`, `body`,
//! `head`, `cookie`, `location`, `anchors`, `embeds`, `plugins`, `scripts`, `action`, `method`,
//! `elements`, `length`, `submit`, `reset`, `attributes`, `children`, `id`, `lang`, `dir`,
//! `hidden`, `slot`, `prefix`, `open`, `close`, `write`, `clear`, `focus`, `blur`, `click`,
//! `remove`, `append`, `before`, `after`, `normalize`, `matches`, `contains`, `evaluate`.
//! `url` is *not* one (the property is `URL`), nor are `domain` and `all`: jsdom 16 does not implement
//! `document.domain` or `document.all`, so on Wiki.js those ids survive although a browser has
//! the properties.

/// Every id/name value DOMPurify (as run by Wiki.js 2.5 on jsdom 16) removes, sorted by byte
/// order. Enumerated from jsdom 16.4.0 with DOMPurify 2.2.7 (the versions Wiki.js 2.5 pins, to
/// the best of our reading): all own and inherited property names of the sanitizer's `document`
/// (the inert document of a `<template>`, as DOMPurify uses) and of a `<form>` element, checked
/// against `DOMPurify.sanitize('<h2 id=..>')`.
#[rustfmt::skip]
pub const DOM_CLOBBER_NAMES: &[&str] = &[
    "ATTRIBUTE_NODE", "CDATA_SECTION_NODE", "COMMENT_NODE", "DOCUMENT_FRAGMENT_NODE",
    "DOCUMENT_NODE", "DOCUMENT_POSITION_CONTAINED_BY", "DOCUMENT_POSITION_CONTAINS",
    "DOCUMENT_POSITION_DISCONNECTED", "DOCUMENT_POSITION_FOLLOWING",
    "DOCUMENT_POSITION_IMPLEMENTATION_SPECIFIC", "DOCUMENT_POSITION_PRECEDING",
    "DOCUMENT_TYPE_NODE", "ELEMENT_NODE", "ENTITY_NODE", "ENTITY_REFERENCE_NODE", "NOTATION_NODE",
    "PROCESSING_INSTRUCTION_NODE", "TEXT_NODE", "URL", "__defineGetter__", "__defineSetter__",
    "__lookupGetter__", "__lookupSetter__", "__proto__", "acceptCharset", "accessKey", "action",
    "activeElement", "addEventListener", "adoptNode", "after", "anchors", "append", "appendChild",
    "applets", "assignedSlot", "attachShadow", "attributes", "baseURI", "before", "blur", "body",
    "captureEvents", "characterSet", "charset", "checkValidity", "childElementCount", "childNodes",
    "children", "classList", "className", "clear", "click", "clientHeight", "clientLeft",
    "clientTop", "clientWidth", "cloneNode", "close", "closest", "compareDocumentPosition",
    "compatMode", "constructor", "contains", "contentType", "cookie", "createAttribute",
    "createAttributeNS", "createCDATASection", "createComment", "createDocumentFragment",
    "createElement", "createElementNS", "createEvent", "createExpression", "createNSResolver",
    "createNodeIterator", "createProcessingInstruction", "createRange", "createTextNode",
    "createTreeWalker", "currentScript", "dataset", "defaultView", "dir", "dispatchEvent",
    "doctype", "documentElement", "documentURI", "draggable", "elements", "embeds", "enctype",
    "evaluate", "firstChild", "firstElementChild", "focus", "forms", "getAttribute",
    "getAttributeNS", "getAttributeNames", "getAttributeNode", "getAttributeNodeNS",
    "getBoundingClientRect", "getClientRects", "getElementById", "getElementsByClassName",
    "getElementsByName", "getElementsByTagName", "getElementsByTagNameNS", "getRootNode",
    "getSelection", "hasAttribute", "hasAttributeNS", "hasAttributes", "hasChildNodes", "hasFocus",
    "hasOwnProperty", "head", "hidden", "id", "images", "implementation", "importNode", "innerHTML",
    "inputEncoding", "insertAdjacentElement", "insertAdjacentHTML", "insertAdjacentText",
    "insertBefore", "isConnected", "isDefaultNamespace", "isEqualNode", "isPrototypeOf",
    "isSameNode", "lang", "lastChild", "lastElementChild", "lastModified", "length", "links",
    "localName", "location", "lookupNamespaceURI", "lookupPrefix", "matches", "method", "name",
    "namespaceURI", "nextElementSibling", "nextSibling", "noValidate", "nodeName", "nodeType",
    "nodeValue", "nonce", "normalize", "offsetHeight", "offsetLeft", "offsetParent", "offsetTop",
    "offsetWidth", "onabort", "onauxclick", "onblur", "oncancel", "oncanplay", "oncanplaythrough",
    "onchange", "onclick", "onclose", "oncontextmenu", "oncuechange", "ondblclick", "ondrag",
    "ondragend", "ondragenter", "ondragexit", "ondragleave", "ondragover", "ondragstart", "ondrop",
    "ondurationchange", "onemptied", "onended", "onerror", "onfocus", "oninput", "oninvalid",
    "onkeydown", "onkeypress", "onkeyup", "onload", "onloadeddata", "onloadedmetadata", "onloadend",
    "onloadstart", "onmousedown", "onmouseenter", "onmouseleave", "onmousemove", "onmouseout",
    "onmouseover", "onmouseup", "onpause", "onplay", "onplaying", "onprogress", "onratechange",
    "onreadystatechange", "onreset", "onresize", "onscroll", "onsecuritypolicyviolation",
    "onseeked", "onseeking", "onselect", "onstalled", "onsubmit", "onsuspend", "ontimeupdate",
    "ontoggle", "onvisibilitychange", "onvolumechange", "onwaiting", "onwheel", "open", "outerHTML",
    "ownerDocument", "parentElement", "parentNode", "plugins", "prefix", "prepend",
    "previousElementSibling", "previousSibling", "propertyIsEnumerable", "querySelector",
    "querySelectorAll", "readyState", "referrer", "releaseEvents", "remove", "removeAttribute",
    "removeAttributeNS", "removeAttributeNode", "removeChild", "removeEventListener",
    "replaceChild", "replaceWith", "reportValidity", "requestSubmit", "reset", "scripts",
    "scrollHeight", "scrollLeft", "scrollTop", "scrollWidth", "setAttribute", "setAttributeNS",
    "setAttributeNode", "setAttributeNodeNS", "shadowRoot", "slot", "style", "styleSheets",
    "submit", "tabIndex", "tagName", "target", "textContent", "title", "toLocaleString", "toString",
    "toggleAttribute", "translate", "valueOf", "visibilityState", "webkitMatchesSelector", "write",
    "writeln",
];

/// Whether Wiki.js's sanitizer removes an element's `id` (or `name`) attribute with this value:
/// the value, trimmed of JavaScript whitespace, is exactly (case-sensitively) one of
/// [`DOM_CLOBBER_NAMES`]. A heading whose id is removed cannot be the target of a `#fragment`
/// link.
///
/// Called for every heading of a page, so the many ids that cannot be a name are told apart
/// first: every name is 2 to [`LONGEST_NAME`] ASCII letters and underscores, while a slug
/// usually has a hyphen or a digit within its first few bytes.
pub fn is_dom_clobbering_id(id: &str) -> bool {
    let id = match id.as_bytes() {
        // No whitespace at either end (ASCII at both ends, neither of it whitespace): nothing
        // to trim. JavaScript's whitespace is ASCII whitespace or not ASCII at all.
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => id,
        _ => id.trim_matches(super::is_js_whitespace),
    };
    (2..=LONGEST_NAME).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
        && DOM_CLOBBER_NAMES.binary_search(&id).is_ok()
}

/// The length of the longest of [`DOM_CLOBBER_NAMES`].
const LONGEST_NAME: usize = 41;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(DOM_CLOBBER_NAMES.windows(2).all(|w| w[0] < w[1]));
    }

    /// What [`is_dom_clobbering_id`] tests before the table holds for every name.
    #[test]
    fn names_are_short_ascii_words() {
        for name in DOM_CLOBBER_NAMES {
            assert!((2..=LONGEST_NAME).contains(&name.len()), "{name}");
            assert!(
                name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'),
                "{name}"
            );
        }
        assert!(DOM_CLOBBER_NAMES.iter().any(|n| n.len() == LONGEST_NAME));
    }

    proptest::proptest! {
        /// The quick tests answer as the table does.
        #[test]
        fn quick_tests_agree_with_the_table(
            id in "[ \t\u{a0}]?(title|links|URL|__proto__|[a-zA-Z_ -]{0,12}|h-2-[a-z]{0,5}|é)[ \n\u{2028}]?",
        ) {
            let slow = DOM_CLOBBER_NAMES
                .binary_search(&id.trim_matches(crate::wikijs::is_js_whitespace))
                .is_ok();
            proptest::prop_assert_eq!(is_dom_clobbering_id(&id), slow);
        }
    }

    #[test]
    fn probed_names_are_removed() {
        for id in [
            "title",
            "name",
            "links",
            "images",
            "style",
            "target",
            "forms",
            "cookie",
            "body",
            "head",
            "location",
            "anchors",
            "embeds",
            "plugins",
            "scripts",
            "action",
            "method",
            "elements",
            "length",
            "submit",
            "reset",
            "attributes",
            "children",
            "id",
            "lang",
            "dir",
            "hidden",
            "constructor",
            "toString",
            "__proto__",
            "childNodes",
            "URL",
        ] {
            assert!(is_dom_clobbering_id(id), "{id}");
        }
        assert!(is_dom_clobbering_id(" title "));
        assert!(is_dom_clobbering_id("\u{A0}links\n"));
    }

    #[test]
    fn other_ids_survive() {
        for id in [
            "Title",
            "intro",
            "domain",
            "all",
            "fonts",
            "url",
            "0",
            "",
            "h-2-export-your-data",
            "titles",
            "link",
        ] {
            assert!(!is_dom_clobbering_id(id), "{id}");
        }
    }
}
