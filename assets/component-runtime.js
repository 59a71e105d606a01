/* guide-lint component runtime: fills a guide's server components from the reader's two inputs. */
(function () {
  'use strict';
  // `guide-lint build` may replace the object between the two markers (one line, JSON).
  // Keys: identities {identity: input id}; attributes {role: name or [names]}; storagePrefix.
  var CONFIG = /* guide-lint:config */ {"identities": {"old": "from-server", "new": "to-server"}} /* end */;

  // Plain ES2017, no dependencies. Wiki.js 2.5 injects it as raw HTML at the end of <body>
  // (wrapped in a script element by `guide-lint build`), and re-renders the page content with
  // Vue after load, so DOM work starts from window.boot.register('page-ready', fn).
  //
  // Components (attribute names are the defaults below):
  //   <a data-identity="old" data-path="/settings/export">        href = https://SERVER/settings/export
  //   <span data-identity="new" data-tag="code" data-prefix="@me@" data-suffix="" data-default="x.org">
  //                                                               gets <code>@me@SERVER</code>
  //   <input id="from-server"> / <input id="to-server">           what the reader typed, per identity

  var VERSION = '1';
  var GLOBAL = 'guideLintComponents';
  var STYLE_ID = 'guide-lint-component-style';
  var INVALID_CLASS = 'is-invalid';
  var DEFAULT_TAG = 'code';
  // Elements a placeholder may create: inert phrasing content only (no script, style, iframe...).
  var ALLOWED_TAGS = ['code', 'kbd', 'samp', 'var', 'span', 'strong', 'b', 'em', 'i', 'u', 's',
    'mark', 'small', 'abbr', 'cite', 'q', 'sub', 'sup', 'del', 'ins', 'dfn', 'time', 'data',
    'bdi', 'bdo'];
  var DEFAULT_ATTRIBUTES = {
    identity: 'data-identity',
    path: 'data-path',
    tag: 'data-tag',
    prefix: 'data-prefix',
    suffix: 'data-suffix',
    'default': ['data-default', 'data-default-value']
  };

  var win = typeof window !== 'undefined' ? window : null;
  if (!win || !win.document) return;
  var doc = win.document;

  // A second copy of this script (or a second run) reuses the first one.
  if (win[GLOBAL] && typeof win[GLOBAL].init === 'function') {
    win[GLOBAL].init();
    return;
  }

  var ATTR_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

  function names(value) {
    var list = Array.isArray(value) ? value : [value];
    return list.filter(function (n) { return typeof n === 'string' && ATTR_NAME.test(n); });
  }

  function readConfig(raw) {
    var cfg = raw && typeof raw === 'object' ? raw : {};
    var identities = {};
    var ids = cfg.identities && typeof cfg.identities === 'object' ? cfg.identities : {};
    Object.keys(ids).forEach(function (k) {
      if (typeof ids[k] === 'string' && ids[k]) identities[k] = ids[k];
    });
    var attributes = {};
    var given = cfg.attributes && typeof cfg.attributes === 'object' ? cfg.attributes : {};
    Object.keys(DEFAULT_ATTRIBUTES).forEach(function (role) {
      var n = given[role] !== undefined ? names(given[role]) : [];
      attributes[role] = n.length ? n : names(DEFAULT_ATTRIBUTES[role]);
    });
    var storagePrefix = typeof cfg.storagePrefix === 'string' ? cfg.storagePrefix : 'guide-lint:server:';
    return { identities: identities, attributes: attributes, storagePrefix: storagePrefix };
  }

  var cfg = readConfig(CONFIG);

  function attr(el, role) {
    var list = cfg.attributes[role];
    for (var i = 0; i < list.length; i++) {
      if (el.hasAttribute(list[i])) return el.getAttribute(list[i]);
    }
    return null;
  }

  // ---- server names -------------------------------------------------------------------------

  var LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

  function isHostname(host) {
    if (!host || host.length > 253) return false;
    var labels = host.split('.');
    if (labels.length < 2) return false;
    for (var i = 0; i < labels.length; i++) {
      if (!LABEL.test(labels[i])) return false;
    }
    return !/^[0-9]+$/.test(labels[labels.length - 1]); // not an IPv4 address
  }

  function hostOf(text) {
    var s = text.replace(/^\/+/, '');
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = 'https://' + s;
    if (typeof win.URL === 'function') {
      var u;
      try { u = new win.URL(s); } catch (e) { return null; }
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
      return u.hostname;
    }
    // Without URL (very old browsers): ASCII only.
    var m = /^https?:\/\/(?:[^\/?#@]*@)?([^\/?#:]+)(?::\d*)?(?:[\/?#]|$)/i.exec(s);
    return m ? m[1] : null;
  }

  /** The hostname in a domain or URL the reader typed, lowercase, or null when there is none. */
  function parseServer(text) {
    var s = String(text == null ? '' : text).trim();
    if (!s || /\s/.test(s)) return null;
    var host = hostOf(s);
    if (!host) return null;
    host = host.toLowerCase().replace(/\.$/, '');
    return isHostname(host) ? host : null;
  }

  // ---- storage ------------------------------------------------------------------------------

  function storage() {
    try { return win.localStorage || null; } catch (e) { return null; }
  }

  function load(identity) {
    var st = storage();
    if (!st) return null;
    try { return st.getItem(cfg.storagePrefix + identity); } catch (e) { return null; }
  }

  function save(identity, value) {
    var st = storage();
    if (!st) return;
    try {
      if (value) st.setItem(cfg.storagePrefix + identity, value);
      else st.removeItem(cfg.storagePrefix + identity);
    } catch (e) { /* full or denied: the page still works for this visit */ }
  }

  // ---- DOM ----------------------------------------------------------------------------------

  function injectStyle() {
    if (doc.getElementById(STYLE_ID)) return;
    var style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = 'input.' + INVALID_CLASS +
      '{border:2px solid #d32f2f !important;outline-color:#d32f2f;}';
    (doc.head || doc.documentElement).appendChild(style);
  }

  function inputFor(identity) {
    var id = cfg.identities[identity];
    return id ? doc.getElementById(id) : null;
  }

  function identityOfInput(el) {
    if (!el || !el.id) return null;
    var keys = Object.keys(cfg.identities);
    for (var i = 0; i < keys.length; i++) {
      if (cfg.identities[keys[i]] === el.id) return keys[i];
    }
    return null;
  }

  /** identity -> hostname or null, marking each input valid or invalid. */
  function servers() {
    var out = {};
    Object.keys(cfg.identities).forEach(function (identity) {
      var input = inputFor(identity);
      var raw = input ? input.value : load(identity);
      var host = parseServer(raw);
      out[identity] = host;
      if (input) {
        if (host) {
          input.classList.remove(INVALID_CLASS);
          input.removeAttribute('aria-invalid');
        } else {
          input.classList.add(INVALID_CLASS);
          input.setAttribute('aria-invalid', 'true');
        }
      }
    });
    return out;
  }

  function selectAll(role) {
    var sel = cfg.attributes[role].map(function (n) { return '[' + n + ']'; }).join(',');
    return sel ? Array.prototype.slice.call(doc.querySelectorAll(sel)) : [];
  }

  var originalHref = new WeakMap(); // link -> href the page gave it, to put back when invalid

  function updateLink(a, server) {
    var path = attr(a, 'path');
    if (!originalHref.has(a)) originalHref.set(a, a.getAttribute('href') || '#');
    if (server && path) {
      a.setAttribute('href', 'https://' + server + (path.charAt(0) === '/' ? path : '/' + path));
    } else {
      a.setAttribute('href', originalHref.get(a));
    }
  }

  function tagName(value) {
    var t = String(value == null ? '' : value).trim().toLowerCase();
    return ALLOWED_TAGS.indexOf(t) >= 0 ? t : DEFAULT_TAG;
  }

  function updatePlaceholder(span, server) {
    var fallback = attr(span, 'default');
    var text = (attr(span, 'prefix') || '') + (server || fallback || '') + (attr(span, 'suffix') || '');
    var el = doc.createElement(tagName(attr(span, 'tag')));
    el.textContent = text;
    while (span.firstChild) span.removeChild(span.firstChild);
    span.appendChild(el);
  }

  function update() {
    var byIdentity = servers();
    selectAll('identity').forEach(function (el) {
      var identity = attr(el, 'identity');
      var known = Object.prototype.hasOwnProperty.call(byIdentity, identity);
      var server = known ? byIdentity[identity] : null;
      var name = el.tagName.toLowerCase();
      if (name === 'a') updateLink(el, server);
      else if (name === 'span') updatePlaceholder(el, server);
    });
  }

  function restore() {
    Object.keys(cfg.identities).forEach(function (identity) {
      var input = inputFor(identity);
      if (!input || input.value) return;
      var saved = load(identity);
      if (saved) input.value = saved;
    });
  }

  function onInput(event) {
    var identity = identityOfInput(event.target);
    if (!identity) return;
    save(identity, String(event.target.value || '').trim());
    update();
  }

  var listening = false;

  /** Idempotent: safe to call after every (re-)render of the page content. */
  function init() {
    injectStyle();
    if (!listening) {
      // Delegated, so inputs that Vue re-creates keep working.
      doc.addEventListener('input', onInput, true);
      doc.addEventListener('change', onInput, true);
      listening = true;
    }
    restore();
    update();
  }

  win[GLOBAL] = {
    version: VERSION,
    config: cfg,
    init: init,
    update: update,
    parseServer: parseServer
  };

  if (win.boot && typeof win.boot.register === 'function') {
    win.boot.register('page-ready', init);
  } else if (doc.readyState === 'loading') {
    doc.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
