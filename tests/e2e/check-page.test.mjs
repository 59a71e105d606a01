// check-page.test.mjs: runs check-page.mjs as a CLI on the fixtures (node --test).
// The hand-converted Danish page must pass (exit 0); the raw Danish seed must fail (exit 1)
// because the sanitizer strips its component attributes; bad usage exits 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { renderWikiJs } from './render.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const RUNTIME = here('../../assets/component-runtime.js');
const EXPECT = here('fixtures/move-server.expectations.json');

function run(...args) {
  const r = spawnSync(process.execPath, [here('check-page.mjs'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('converted Danish page passes', () => {
  const r = run(here('fixtures/move-server.wikijs.md'), RUNTIME, EXPECT);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out);
  assert.equal(report.ok, true);
  assert.deepEqual([report.counts.links, report.counts.spans, report.counts.callouts], [14, 8, 13]);
});

test('raw Danish seed fails: stripped component attributes', () => {
  const r = run(here('fixtures/move-server.raw-seed.md'), RUNTIME, EXPECT);
  assert.equal(r.code, 1, r.err);
  const report = JSON.parse(r.out);
  const checks = report.failures.map((f) => f.check);
  assert.ok(checks.includes('bare-component-attribute'));
  assert.ok(checks.includes('component-count'));
  assert.ok(checks.includes('swallowed-content'));
  assert.match(r.err, /bare "identity" attribute \(the sanitizer strips it: 0 left after sanitizing\)/);
  assert.match(r.err, /bare "default-value" attribute/);
  assert.equal(report.counts.links, 0);
});

test('renderer: rel survives the sanitizer on HTML links, not in attribute blocks (GL312)', () => {
  const html = renderWikiJs('[M](https://mastodon.social/@a){rel=me}\n\n' +
    '<a href="https://mastodon.social/@b" rel="me">M</a>\n');
  assert.match(html, /<a href="https:\/\/mastodon.social\/@a">M<\/a>/);
  assert.match(html, /<a href="https:\/\/mastodon.social\/@b" rel="me">M<\/a>/);
});

test('usage and I/O errors exit 2', () => {
  assert.equal(run().code, 2);
  assert.equal(run('nope.md', RUNTIME, EXPECT).code, 2);
});

test('renderer: Wiki.js facts the checks rely on', () => {
  const html = renderWikiJs('> quote\n{.is-info}\n\n![a](/x.png =50%x){.align-right}\n\n' +
    '<span identity="old" tag="code" prefix="p" default="d" default-value="v" data-identity="old"></span>\n\n' +
    '<div style="clear: both"/>\n\nafter\n');
  assert.match(html, /<blockquote class="is-info">/);
  assert.match(html, /<img src="\/x.png" alt="a" width="50%" class="align-right">/);
  assert.match(html, /<span default="d" data-identity="old"><\/span>/);
  assert.match(html, /<div style="clear: both">\s*<p>after<\/p>\s*<\/div>/);
});

test('renderer: a link definition right after a paragraph line is text (GL331)', () => {
  const glued = renderWikiJs('See [the docs][docs] now.\n[docs]: https://example.org\n');
  assert.ok(!glued.includes('<a href="https://example.org">the docs</a>'), glued);
  assert.ok(glued.includes('[the docs][docs]'), glued);
  const apart = renderWikiJs('See [the docs][docs] now.\n\n[docs]: https://example.org\n');
  assert.ok(apart.includes('<a href="https://example.org">the docs</a>'), apart);
  const quoted = renderWikiJs('> See [the docs][docs] now.\n>\n> [docs]: https://example.org\n');
  assert.ok(quoted.includes('<a href="https://example.org">the docs</a>'), quoted);
  assert.equal((quoted.match(/<blockquote>/g) || []).length, 1, quoted);
});

test('renderer: footnote ids, numbered by first reference (GL201)', () => {
  const html = renderWikiJs('Text[^b] and[^a], again[^b] and[^b].\n\n[^a]: A.\n[^b]: B.\n[^unused]: U.\n');
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['fnref1', 'fnref2', 'fnref1:1', 'fnref1:2', 'fn1', 'fn2']);
});
