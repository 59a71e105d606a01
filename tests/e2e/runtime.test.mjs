// runtime.test.mjs: unit tests of assets/component-runtime.js in jsdom (node --test).
// Covers hostname parsing, the boot/DOMContentLoaded start, defaults and invalid marking,
// tag fallback, the data-default-value alias, idempotence, localStorage, the CONFIG marker
// that `guide-lint build` substitutes, and that the file is ES2017 without "</script".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as acorn from 'acorn';
import { JSDOM } from 'jsdom';

const RUNTIME_PATH = fileURLToPath(new URL('../../assets/component-runtime.js', import.meta.url));
const RUNTIME = readFileSync(RUNTIME_PATH, 'utf8');
const CONFIG_MARKER = /\/\* guide-lint:config \*\/ (.*?) \/\* end \*\//;

const INPUTS = '<input id="from-server"><input id="to-server">';

/** A page with `body`, the runtime appended `copies` times; `boot` adds a Wiki.js-like boot. */
async function page(body, { script = RUNTIME, copies = 1, boot = false, storage = {} } = {}) {
  const bootShim = boot
    ? '<script>window.boot={fns:[],register:function(e,f){if(e==="page-ready")this.fns.push(f)},' +
      'notify:function(){this.fns.forEach(function(f){f()})}};</script>'
    : '';
  const scripts = Array(copies).fill(`<script>${script}</script>`).join('');
  const dom = new JSDOM(`<!DOCTYPE html><head>${bootShim}</head><body>${body}${scripts}</body>`, {
    url: 'https://wiki.example.org/da/page',
    runScripts: 'dangerously',
    beforeParse(window) {
      for (const [k, v] of Object.entries(storage)) window.localStorage.setItem(k, v);
    },
  });
  const w = dom.window;
  if (w.document.readyState !== 'complete') {
    await new Promise((resolve) => w.addEventListener('load', resolve, { once: true }));
  }
  return w;
}

function type(window, id, value) {
  const el = window.document.getElementById(id);
  el.value = value;
  el.dispatchEvent(new window.Event('input', { bubbles: true }));
}

test('runtime is ES2017, has no "</script" and no "<!--"', async () => {
  assert.doesNotThrow(() => acorn.parse(RUNTIME, { ecmaVersion: 2017, sourceType: 'script' }));
  assert.ok(!/<\/script/i.test(RUNTIME));
  assert.ok(!RUNTIME.includes('<!--'));
});

test('CONFIG marker: one line, one match, JSON inside', async () => {
  const lines = RUNTIME.split('\n').filter((l) => l.includes('guide-lint:config'));
  assert.equal(lines.length, 1);
  const m = CONFIG_MARKER.exec(lines[0]);
  assert.ok(m, 'marker matches on its line');
  assert.deepEqual(JSON.parse(m[1]), { identities: { old: 'from-server', new: 'to-server' } });
});

test('parseServer: domains and URLs', async () => {
  const w = await page(INPUTS);
  const p = w.guideLintComponents.parseServer;
  const ok = {
    'mastodon.social': 'mastodon.social',
    '  Mastodon.Social  ': 'mastodon.social',
    'https://mastodon.social/@someone': 'mastodon.social',
    'mastodon.social/about': 'mastodon.social',
    'http://fosstodon.org:8080/x?y#z': 'fosstodon.org',
    '//mastodon.social/': 'mastodon.social',
    'mastodon.social.': 'mastodon.social',
    '@me@mastodon.social': 'mastodon.social',
    'sub.my-server.co.uk': 'sub.my-server.co.uk',
    'bücher.example': 'xn--bcher-kva.example',
  };
  for (const [input, host] of Object.entries(ok)) assert.equal(p(input), host, input);
  const bad = ['', '   ', 'mastodon', 'localhost', '-bad.com', 'bad-.com', 'a..b', '1.2.3.4',
    'mastodon social', 'javascript:alert(1)', 'ftp://mastodon.social', 'under_score.com',
    '[::1]', 'x'.repeat(64) + '.com', null, undefined];
  for (const input of bad) assert.equal(p(input), null, String(input));
});

test('defaults: empty inputs are invalid, spans show the default, links stay unset', async () => {
  const w = await page(INPUTS +
    '<a id="l1" data-identity="old" data-path="/settings/export" href="#">x</a>' +
    '<a id="l2" data-identity="new" data-path="/auth/sign_up">y</a>' +
    '<span id="s1" data-identity="new" data-tag="kbd" data-prefix="@me@" data-suffix="!" data-default="new.example"></span>' +
    '<span id="s2" data-identity="old" data-default-value="old.example"></span>');
  const d = w.document;
  for (const id of ['from-server', 'to-server']) {
    const el = d.getElementById(id);
    assert.ok(el.classList.contains('is-invalid'));
    assert.equal(el.getAttribute('aria-invalid'), 'true');
  }
  assert.equal(d.getElementById('l1').getAttribute('href'), '#');
  assert.equal(d.getElementById('l2').getAttribute('href'), '#');
  assert.equal(d.getElementById('s1').innerHTML, '<kbd>@me@new.example!</kbd>');
  assert.equal(d.getElementById('s2').innerHTML, '<code>old.example</code>');
  assert.equal(d.querySelectorAll('#guide-lint-component-style').length, 1);
  assert.match(d.getElementById('guide-lint-component-style').textContent, /input\.is-invalid\{border/);
});

test('typing updates every component live; invalid input falls back', async () => {
  const w = await page(INPUTS +
    '<a id="l1" data-identity="old" data-path="/settings/export" href="#">x</a>' +
    '<a id="l2" data-identity="old" data-path="settings/profile" target="_blank">z</a>' +
    '<span id="s1" data-identity="old" data-prefix="your-user@" data-default="old.example"></span>');
  const d = w.document;
  type(w, 'from-server', 'https://Mastodon.social/@someone');
  const input = d.getElementById('from-server');
  assert.ok(!input.classList.contains('is-invalid'));
  assert.equal(input.getAttribute('aria-invalid'), null);
  assert.equal(d.getElementById('l1').getAttribute('href'), 'https://mastodon.social/settings/export');
  assert.equal(d.getElementById('l2').getAttribute('href'), 'https://mastodon.social/settings/profile');
  assert.equal(d.getElementById('s1').textContent, 'your-user@mastodon.social');
  assert.equal(w.localStorage.getItem('guide-lint:server:old'), 'https://Mastodon.social/@someone');

  type(w, 'from-server', 'not a server');
  assert.ok(input.classList.contains('is-invalid'));
  assert.equal(d.getElementById('l1').getAttribute('href'), '#');
  assert.equal(d.getElementById('s1').textContent, 'your-user@old.example');

  type(w, 'from-server', '');
  assert.equal(w.localStorage.getItem('guide-lint:server:old'), null);
  assert.ok(input.classList.contains('is-invalid'));
});

test('tag: only inert element names, otherwise code', async () => {
  const cases = { code: 'code', KBD: 'kbd', strong: 'strong', script: 'code', style: 'code',
    iframe: 'code', '<b>': 'code', '': 'code', 'x-y': 'code' };
  const body = INPUTS + Object.keys(cases).map((t, i) =>
    `<span id="t${i}" data-identity="old" data-tag="${t.replace(/</g, '&lt;').replace(/>/g, '&gt;')}" data-prefix="alert(1)//" data-default="d.example"></span>`).join('');
  const w = await page(body);
  Object.values(cases).forEach((tag, i) => {
    const span = w.document.getElementById(`t${i}`);
    assert.equal(span.children.length, 1);
    assert.equal(span.children[0].localName, tag, Object.keys(cases)[i]);
  });
  assert.equal(w.document.querySelectorAll('.contents script, span script').length, 0);
});

test('unknown identity: link untouched, span shows default', async () => {
  const w = await page(INPUTS +
    '<a id="l" data-identity="olde" data-path="/x" href="#keep">x</a>' +
    '<span id="s" data-identity="" data-default="d.example"></span>');
  type(w, 'from-server', 'mastodon.social');
  assert.equal(w.document.getElementById('l').getAttribute('href'), '#keep');
  assert.equal(w.document.getElementById('s').textContent, 'd.example');
});

test('localStorage: values restored on load', async () => {
  const w = await page(INPUTS + '<a id="l" data-identity="new" data-path="/about">x</a>', {
    storage: { 'guide-lint:server:new': 'fosstodon.org/about' },
  });
  assert.equal(w.document.getElementById('to-server').value, 'fosstodon.org/about');
  assert.equal(w.document.getElementById('l').getAttribute('href'), 'https://fosstodon.org/about');
  assert.ok(w.document.getElementById('from-server').classList.contains('is-invalid'));
});

test('boot: waits for page-ready, then works on the re-rendered content', async () => {
  const body = '<div class="contents">' + INPUTS +
    '<span id="s" data-identity="old" data-default="d.example"></span></div>';
  const w = await page(body, { boot: true });
  const d = w.document;
  assert.equal(d.getElementById('s').innerHTML, '', 'nothing before page-ready');
  d.querySelector('.contents').innerHTML = INPUTS + '<span id="s" data-identity="old" data-default="d.example"></span>';
  w.boot.notify('page-ready');
  assert.equal(d.getElementById('s').textContent, 'd.example');
  type(w, 'from-server', 'mastodon.social');
  assert.equal(d.getElementById('s').textContent, 'mastodon.social');
});

test('idempotent: two copies and repeated init leave one style, one child, one listener', async () => {
  const w = await page(INPUTS + '<span id="s" data-identity="old" data-default="d.example"></span>', { copies: 2 });
  const d = w.document;
  w.guideLintComponents.init();
  assert.equal(d.querySelectorAll('style').length, 1);
  assert.equal(d.getElementById('s').children.length, 1);
  let updates = 0;
  const orig = w.Storage.prototype.setItem;
  w.Storage.prototype.setItem = function (...a) { updates++; return orig.apply(this, a); };
  type(w, 'from-server', 'mastodon.social');
  assert.equal(updates, 1, 'one input handler');
  assert.equal(d.getElementById('s').children.length, 1);
});

test('CONFIG substitution: identities and attribute names', async () => {
  const config = {
    identities: { home: 'home-server' },
    attributes: { identity: 'data-srv', path: 'data-to', 'default': 'data-fallback' },
    storagePrefix: 'g:',
  };
  const script = RUNTIME.replace(CONFIG_MARKER, `/* guide-lint:config */ ${JSON.stringify(config)} /* end */`);
  assert.notEqual(script, RUNTIME);
  const w = await page('<input id="home-server"><a id="l" data-srv="home" data-to="/x">x</a>' +
    '<span id="s" data-srv="home" data-fallback="f.example"></span>' +
    '<a id="o" data-identity="old" data-path="/y" href="#">o</a>', { script });
  assert.equal(w.document.getElementById('s').textContent, 'f.example');
  type(w, 'home-server', 'example.org');
  assert.equal(w.document.getElementById('l').getAttribute('href'), 'https://example.org/x');
  assert.equal(w.document.getElementById('s').textContent, 'example.org');
  assert.equal(w.document.getElementById('o').getAttribute('href'), '#');
  assert.equal(w.localStorage.getItem('g:home'), 'example.org');
});
