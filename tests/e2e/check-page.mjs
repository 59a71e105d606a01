// check-page.mjs: proves that a Wiki.js-ready guide page works on Wiki.js 2.5's pipeline.
//
//   node check-page.mjs PAGE.md SCRIPT.html EXPECTATIONS.json
//
// PAGE.md is rendered like Wiki.js does (render.mjs: markdown-it + plugins + DOMPurify). The
// sanitized HTML goes into `<div class="contents">` of a jsdom page; SCRIPT.html (the page
// script as Wiki.js injects it: raw HTML with its own <script> tags; a .js file is wrapped) is
// appended at the end of <body> and executed. A stand-in for Wiki.js's `window.boot` records
// `register('page-ready', fn)`; after load the harness re-creates the content (as Vue does) and
// fires page-ready. Then it checks, in three phases:
//   defaults: inputs empty -> both inputs marked invalid, spans show prefix+default+suffix;
//   typed:    mastodon.social into the old input, fosstodon.org into the new one (value + `input`
//             event) -> every a[data-identity] href is https://SERVER + data-path, every
//             span[data-identity] holds one <tag> whose text is prefix+SERVER+suffix;
//   reload:   a fresh page with the first page's localStorage -> values restored, same results.
// And, on the markup: no component attribute that the sanitizer strips (bare identity, tag,
// prefix, suffix, default-value; bare path/default survive but nothing reads them), every data-*
// attribute markdown-it emitted survived the sanitizer, component counts and callout count
// (blockquotes with is-info/is-success/is-warning/is-danger) equal EXPECTATIONS.json, no callout
// class on anything but a blockquote, no content swallowed by a `<div/>`, no unconverted `!!!`
// admonition, and with "noCodeBlocks": true no <pre> holding indented prose.
//
// EXPECTATIONS.json: {"callouts": N, "components": {"links": N, "spans": N},
//                     "noCodeBlocks": true?, "identities": {"old": "from-server", ...}?}
// Prints a JSON report on stdout; on failure also a readable list on stderr.
// Exit codes: 0 all checks pass, 1 a check failed, 2 usage or I/O error.

import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JSDOM, VirtualConsole } from 'jsdom';
import { renderMarkdownRaw, sanitizeWikiJs } from './render.mjs';

export const TYPED = { old: 'mastodon.social', new: 'fosstodon.org' };
const DEFAULT_IDENTITIES = { old: 'from-server', new: 'to-server' };
const CALLOUT_CLASSES = ['is-info', 'is-success', 'is-warning', 'is-danger'];
// Attributes of the MkDocs-era components: DOMPurify strips the first five; `path` (an SVG
// attribute name) and `default` survive, but the runtime reads only the data-* forms.
const BARE_ATTRIBUTES = ['identity', 'tag', 'prefix', 'suffix', 'default-value', 'path', 'default'];
const STRIPPED_BY_SANITIZER = new Set(['identity', 'tag', 'prefix', 'suffix', 'default-value']);
const DATA_ATTRIBUTES = ['data-identity', 'data-path', 'data-tag', 'data-prefix', 'data-suffix',
  'data-default', 'data-default-value'];
const ALLOWED_TAGS = ['code', 'kbd', 'samp', 'var', 'span', 'strong', 'b', 'em', 'i', 'u', 's',
  'mark', 'small', 'abbr', 'cite', 'q', 'sub', 'sup', 'del', 'ins', 'dfn', 'time', 'data', 'bdi',
  'bdo'];

const BOOT_SHIM = `<script>
window.boot = {
  registered: {},
  fired: [],
  register: function (evt, fn) { (this.registered[evt] = this.registered[evt] || []).push(fn); },
  notify: function (evt) {
    this.fired.push(evt);
    (this.registered[evt] || []).forEach(function (fn) { fn(); });
  }
};
</script>`;

const snippet = (el) => {
  const html = el.outerHTML.replace(/\s+/g, ' ');
  return html.length > 160 ? html.slice(0, 157) + '...' : html;
};

/** The script as Wiki.js's scriptJs expects it: raw HTML carrying its own <script> tags. */
export function scriptHtmlFrom(path, text) {
  if (/\.m?js$/i.test(path)) {
    if (/<\/script/i.test(text)) {
      throw new Error(`${path}: contains "</script", which would end the injected <script> early`);
    }
    return `<script>\n${text}\n</script>`;
  }
  return text;
}

function pageHtml(contentHtml, scriptHtml) {
  return '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>page</title>' +
    BOOT_SHIM + '</head><body><div id="root"><main><div class="contents">' + contentHtml +
    '</div></main></div>\n' + scriptHtml + '\n</body></html>';
}

async function openPage(contentHtml, scriptHtml, storageSeed) {
  const errors = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (e) => errors.push(String(e && (e.stack || e.message) || e)));
  virtualConsole.on('error', (...a) => errors.push('console.error: ' + a.join(' ')));
  const dom = new JSDOM(pageHtml(contentHtml, scriptHtml), {
    url: 'https://wiki.example.org/da/move-server',
    runScripts: 'dangerously',
    virtualConsole,
    beforeParse(window) {
      for (const [k, v] of Object.entries(storageSeed || {})) window.localStorage.setItem(k, v);
    },
  });
  const { window } = dom;
  if (window.document.readyState !== 'complete') {
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  }
  // Wiki.js's Vue app re-renders the content after load: work done before page-ready is lost.
  window.document.querySelector('.contents').innerHTML = contentHtml;
  const registered = (window.boot.registered['page-ready'] || []).length;
  window.boot.notify('page-ready');
  await new Promise((resolve) => window.setTimeout(resolve, 0));
  return { dom, window, document: window.document, errors, registered };
}

function typeInto(window, input, value) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new window.Event('input', { bubbles: true }));
}

function storageOf(window) {
  const out = {};
  for (let i = 0; i < window.localStorage.length; i++) {
    const k = window.localStorage.key(i);
    out[k] = window.localStorage.getItem(k);
  }
  return out;
}

/** Runs every check; returns the report (report.ok tells whether the page passes). */
export async function checkPage({ pageText, scriptHtml, expectations, pagePath = 'PAGE' }) {
  const failures = [];
  const fail = (check, message, details) =>
    failures.push(details && details.length ? { check, message, details } : { check, message });
  const identities = expectations.identities || DEFAULT_IDENTITIES;
  const identityNames = Object.keys(identities);

  const rawHtml = renderMarkdownRaw(pageText);
  const html = sanitizeWikiJs(rawHtml);

  // ---- markup, before and after the sanitizer ----
  const rawDoc = new JSDOM(`<body>${rawHtml}</body>`).window.document;
  const bare = {};
  for (const el of rawDoc.body.querySelectorAll('*')) {
    const isComponent = el.hasAttribute('identity') || el.hasAttribute('data-identity');
    for (const name of BARE_ATTRIBUTES) {
      if (!el.hasAttribute(name)) continue;
      if (name !== 'identity' && !isComponent) continue; // `path` on an SVG <path> is fine
      (bare[name] = bare[name] || []).push(snippet(el));
    }
  }
  const cleanDoc = new JSDOM(`<body>${html}</body>`).window.document;
  for (const name of BARE_ATTRIBUTES.filter((n) => bare[n])) {
    const els = bare[name];
    const left = cleanDoc.querySelectorAll(`[${name}]`).length;
    const what = STRIPPED_BY_SANITIZER.has(name)
      ? 'the sanitizer strips it' : 'it survives the sanitizer but the runtime reads only data-*';
    fail('bare-component-attribute',
      `${els.length} component element(s) carry a bare "${name}" attribute (${what}: ` +
      `${left} left after sanitizing); use data-${name === 'default-value' ? 'default' : name}`,
      els.slice(0, 5));
  }
  const dataAttrs = (doc) => [...doc.querySelectorAll(DATA_ATTRIBUTES.map((a) => `[${a}]`).join(','))]
    .map((el) => el.localName + ' ' + DATA_ATTRIBUTES.filter((a) => el.hasAttribute(a))
      .map((a) => `${a}=${JSON.stringify(el.getAttribute(a))}`).join(' '));
  const before = dataAttrs(rawDoc);
  const after = dataAttrs(cleanDoc);
  const lost = before.filter((x, i) => after[i] !== x);
  if (lost.length) {
    fail('sanitizer-dropped-data', `${lost.length} component(s) lost data-* attributes in the sanitizer`,
      lost.slice(0, 5));
  }

  // ---- the page in a browser ----
  const page = await openPage(html, scriptHtml);
  const { window, document } = page;
  const contents = document.querySelector('.contents');
  if (page.registered === 0) {
    fail('boot-register', "the page script did not call window.boot.register('page-ready', ...)");
  }

  const links = [...contents.querySelectorAll('a[data-identity]')];
  const spans = [...contents.querySelectorAll('span[data-identity]')];
  const counts = {
    links: links.length,
    spans: spans.length,
    callouts: 0,
    plainQuotes: 0,
    inputs: {},
  };
  const want = expectations.components || {};
  if (want.links !== undefined && want.links !== links.length) {
    fail('component-count', `expected ${want.links} a[data-identity] link(s), found ${links.length}`);
  }
  if (want.spans !== undefined && want.spans !== spans.length) {
    fail('component-count', `expected ${want.spans} span[data-identity] placeholder(s), found ${spans.length}`);
  }

  // callouts
  const quotes = [...contents.querySelectorAll('blockquote')];
  const styled = quotes.filter((q) => CALLOUT_CLASSES.some((c) => q.classList.contains(c)));
  counts.callouts = styled.length;
  counts.plainQuotes = quotes.length - styled.length;
  if (expectations.callouts !== undefined && expectations.callouts !== styled.length) {
    fail('callout-count', `expected ${expectations.callouts} callout(s) (blockquote.${CALLOUT_CLASSES.join('|.')}), ` +
      `found ${styled.length} (${counts.plainQuotes} plain blockquote(s))`,
      quotes.filter((q) => !styled.includes(q)).map(snippet).slice(0, 5));
  }
  const misplaced = [...contents.querySelectorAll(CALLOUT_CLASSES.map((c) => '.' + c).join(','))]
    .filter((el) => el.localName !== 'blockquote' && !(el.localName === 'input'));
  if (misplaced.length) {
    fail('misplaced-callout-class', `${misplaced.length} callout class(es) landed on something other than a blockquote`,
      misplaced.map(snippet).slice(0, 5));
  }

  // content swallowed by a non-void element written as <x/>
  const swallowing = [...contents.querySelectorAll('div, span, p, section')].filter(
    (el) => el.querySelector('h1, h2, h3, h4, h5, h6') && !el.closest('blockquote'));
  if (swallowing.length) {
    fail('swallowed-content', `${swallowing.length} element(s) swallow the headings after them ` +
      '(a non-void element closed with "/>", e.g. <div .../>)', swallowing.map((el) => snippet(el.cloneNode(false))));
  }

  // MkDocs leftovers
  const bangs = [...contents.querySelectorAll('p')].filter((p) => /^\s*!!!/.test(p.textContent));
  if (bangs.length) {
    fail('mkdocs-admonition', `${bangs.length} unconverted "!!!" admonition(s)`, bangs.map(snippet).slice(0, 5));
  }
  if (expectations.noCodeBlocks) {
    const prose = [...contents.querySelectorAll('pre')].filter((pre) => {
      const code = pre.querySelector('code');
      const fenced = code && /\blanguage-/.test(code.className);
      const words = pre.textContent.match(/\p{L}{2,}/gu) || [];
      return !fenced && words.length >= 4;
    });
    if (prose.length) {
      fail('indented-prose', `${prose.length} <pre> block(s) hold prose (indented text became a code block)`,
        prose.map(snippet).slice(0, 5));
    }
  }

  // inputs
  const inputs = {};
  for (const name of identityNames) {
    const el = document.getElementById(identities[name]);
    inputs[name] = el;
    counts.inputs[name] = Boolean(el && el.localName === 'input');
    if (!el || el.localName !== 'input') {
      fail('server-input', `no <input id="${identities[name]}"> for identity "${name}" on the page`);
    }
  }

  // ---- phase 1: defaults ----
  const expectedTag = (span) => {
    const t = (span.getAttribute('data-tag') || '').trim().toLowerCase();
    return ALLOWED_TAGS.includes(t) ? t : 'code';
  };
  const spanDefault = (span) =>
    span.hasAttribute('data-default') ? span.getAttribute('data-default') : (span.getAttribute('data-default-value') || '');

  const checkSpans = (phase, serverOf) => {
    const bad = [];
    for (const span of spans) {
      const id = span.getAttribute('data-identity');
      const server = serverOf(id);
      const text = (span.getAttribute('data-prefix') || '') + (server || spanDefault(span)) +
        (span.getAttribute('data-suffix') || '');
      const tag = expectedTag(span);
      const kids = span.children;
      if (kids.length !== 1 || kids[0].localName !== tag || kids[0].textContent !== text ||
          span.textContent !== text) {
        bad.push(`${snippet(span)} should hold <${tag}>${text}</${tag}>`);
      }
    }
    if (bad.length) fail(`span-${phase}`, `${bad.length} placeholder(s) wrong in phase "${phase}"`, bad.slice(0, 8));
  };

  const checkLinks = (phase, serverOf) => {
    const bad = [];
    for (const a of links) {
      const id = a.getAttribute('data-identity');
      const path = a.getAttribute('data-path') || '';
      const server = serverOf(id);
      if (!server) continue;
      const href = a.getAttribute('href');
      const expected = `https://${server}${path}`;
      if (href !== expected) bad.push(`${snippet(a)}: href ${JSON.stringify(href)}, expected ${JSON.stringify(expected)}`);
    }
    if (bad.length) fail(`link-${phase}`, `${bad.length} link(s) wrong in phase "${phase}"`, bad.slice(0, 8));
  };

  // Markup faults in links, reported once.
  const unknown = [...links, ...spans].filter((el) => !identityNames.includes(el.getAttribute('data-identity')));
  if (unknown.length) {
    fail('unknown-identity', `${unknown.length} component(s) with an identity other than ${identityNames.join('/')}`,
      unknown.map(snippet).slice(0, 5));
  }
  const badPaths = links.filter((a) => !/^\/(?!\/)\S*$/.test(a.getAttribute('data-path') || ''));
  if (badPaths.length) {
    fail('link-path', `${badPaths.length} link(s) whose data-path is missing or does not start with one "/"`,
      badPaths.map(snippet).slice(0, 5));
  }

  const phases = {};
  const invalidOf = (el) => Boolean(el && el.classList.contains('is-invalid') &&
    el.getAttribute('aria-invalid') === 'true');

  phases.defaults = Object.fromEntries(identityNames.map((n) => [n, { invalid: invalidOf(inputs[n]) }]));
  for (const n of identityNames) {
    if (inputs[n] && !invalidOf(inputs[n])) {
      fail('input-defaults', `empty input #${identities[n]} is not marked invalid (class is-invalid + aria-invalid)`);
    }
  }
  checkSpans('defaults', () => null);
  const setBeforeTyping = links.filter((a) => /^https?:/.test(a.getAttribute('href') || ''));
  if (setBeforeTyping.length) {
    fail('link-defaults', `${setBeforeTyping.length} link(s) point somewhere before any server was entered`,
      setBeforeTyping.map(snippet).slice(0, 5));
  }

  // ---- phase 2: typed ----
  const typed = {};
  identityNames.forEach((n, i) => { typed[n] = TYPED[n] || ['mastodon.social', 'fosstodon.org'][i % 2]; });
  for (const n of identityNames) if (inputs[n]) typeInto(window, inputs[n], typed[n]);
  phases.typed = Object.fromEntries(identityNames.map((n) => [n, { value: typed[n], invalid: invalidOf(inputs[n]) }]));
  for (const n of identityNames) {
    if (inputs[n] && invalidOf(inputs[n])) fail('input-typed', `#${identities[n]} is marked invalid after typing ${typed[n]}`);
  }
  const typedServer = (id) => (inputs[id] ? typed[id] : null);
  checkLinks('typed', typedServer);
  checkSpans('typed', typedServer);
  const storage = storageOf(window);

  // ---- phase 3: reload with the same localStorage ----
  const second = await openPage(html, scriptHtml, storage);
  const restored = {};
  for (const n of identityNames) {
    const el = second.document.getElementById(identities[n]);
    restored[n] = el ? el.value : null;
    if (el && el.value !== typed[n]) {
      fail('input-restore', `#${identities[n]} not restored from localStorage after reload ` +
        `(value ${JSON.stringify(el.value)}, stored ${JSON.stringify(storage)})`);
    }
  }
  phases.reload = { restored };
  const c2 = second.document.querySelector('.contents');
  const links2 = [...c2.querySelectorAll('a[data-identity]')];
  const bad2 = links2.filter((a) => {
    const s = typedServer(a.getAttribute('data-identity'));
    return s && a.getAttribute('href') !== `https://${s}${a.getAttribute('data-path') || ''}`;
  });
  if (bad2.length) fail('link-reload', `${bad2.length} link(s) wrong after reload`, bad2.map(snippet).slice(0, 5));
  const spans2 = [...c2.querySelectorAll('span[data-identity]')];
  const bad3 = spans2.filter((s) => {
    const server = typedServer(s.getAttribute('data-identity'));
    const text = (s.getAttribute('data-prefix') || '') + (server || spanDefault(s)) + (s.getAttribute('data-suffix') || '');
    return s.textContent !== text;
  });
  if (bad3.length) fail('span-reload', `${bad3.length} placeholder(s) wrong after reload`, bad3.map(snippet).slice(0, 5));

  const scriptErrors = [...page.errors, ...second.errors];
  if (scriptErrors.length) fail('script-error', `${scriptErrors.length} script error(s)`, scriptErrors.slice(0, 5));

  window.close();
  second.window.close();
  return {
    page: pagePath,
    ok: failures.length === 0,
    counts,
    expected: { callouts: expectations.callouts, components: want, noCodeBlocks: Boolean(expectations.noCodeBlocks) },
    typed,
    phases,
    localStorage: storage,
    failures,
  };
}

async function main(argv) {
  if (argv.length !== 3 || argv.some((a) => a === '-h' || a === '--help')) {
    process.stderr.write('usage: node check-page.mjs PAGE.md SCRIPT.html EXPECTATIONS.json\n' +
      '  SCRIPT.html: the page script as Wiki.js injects it (<script>...</script>); a .js file is wrapped\n');
    return 2;
  }
  const [pagePath, scriptPath, expectPath] = argv;
  let pageText, scriptHtml, expectations;
  try {
    pageText = readFileSync(pagePath, 'utf8');
    scriptHtml = scriptHtmlFrom(scriptPath, readFileSync(scriptPath, 'utf8'));
    expectations = JSON.parse(readFileSync(expectPath, 'utf8'));
  } catch (e) {
    process.stderr.write(`check-page: ${e.message}\n`);
    return 2;
  }
  if (!/<script[\s>]/i.test(scriptHtml)) {
    process.stderr.write(`check-page: ${scriptPath} has no <script> tag: Wiki.js injects scriptJs as raw HTML\n`);
    return 2;
  }
  const report = await checkPage({ pageText, scriptHtml, expectations, pagePath });
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (!report.ok) {
    const lines = [`check-page: ${pagePath}: ${report.failures.length} check(s) failed`];
    for (const f of report.failures) {
      lines.push(`  - [${f.check}] ${f.message}`);
      for (const d of f.details || []) lines.push(`      ${d}`);
    }
    process.stderr.write(lines.join('\n') + '\n');
    return 1;
  }
  process.stderr.write(`check-page: ${pagePath}: ok (${report.counts.links} links, ` +
    `${report.counts.spans} placeholders, ${report.counts.callouts} callouts)\n`);
  return 0;
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] || '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; },
    (e) => { process.stderr.write(`check-page: internal error: ${e.stack || e}\n`); process.exitCode = 2; });
}
