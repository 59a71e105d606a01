// render.mjs: Wiki.js 2.5's server-side rendering of a Markdown page, as a library.
//
// renderWikiJs(markdown) -> sanitized HTML, the way a default Wiki.js 2.5 (v2.5.314) stores it:
//   1. front matter is removed (git storage strips it on import: `^---\n(YAML)\n---`);
//   2. markdown-core: markdown-it 11 {html, breaks, linkify, no typographer}, Wiki.js's fence
//      highlighter (`<pre><code class="language-x">`), markdown-it-attrs 3 restricted to
//      id/class/target, markdown-it-decorate;
//   3. the markdown child renderers on by default: abbr, emoji, expand-tabs (width 4), footnotes,
//      imsize, sub/sup, task lists (KaTeX and PlantUML are left out on purpose);
//   4. html-security: DOMPurify with its defaults plus Wiki.js's ADD_ATTR / ADD_TAGS.
// Wiki.js's html-core pass (heading ids, link classification with cheerio) is not reproduced: it
// changes ids and link classes only, not what the component runtime reads.
// Differences kept on purpose: emoji render as the Unicode character (Wiki.js swaps in twemoji
// <img>s), and dompurify/jsdom are current releases, not the ones Wiki.js 2.5 bundles.
//
// Also a CLI for poking at pages: `node render.mjs PAGE.md` prints the sanitized HTML,
// `node render.mjs --raw PAGE.md` prints markdown-it's output before the sanitizer.

import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import mdAttrs from 'markdown-it-attrs';
import mdDecorate from 'markdown-it-decorate';
import mdAbbr from 'markdown-it-abbr';
import mdEmoji from 'markdown-it-emoji';
import mdExpandTabs from 'markdown-it-expand-tabs';
import mdFootnote from 'markdown-it-footnote';
import mdImsize from 'markdown-it-imsize';
import mdSub from 'markdown-it-sub';
import mdSup from 'markdown-it-sup';
import mdTaskLists from 'markdown-it-task-lists';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';

const escapeHtml = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Strip a Wiki.js git-storage header (`---\n...\n---`) the way the importer does. */
export function stripFrontMatter(text) {
  const t = text.replace(/^\uFEFF/, '');
  const m = /^---\r?\n[\s\S]*?\r?\n---(\r?\n|$)/.exec(t);
  return m ? t.slice(m[0].length) : t;
}

function createMarkdownIt() {
  const md = new MarkdownIt({
    html: true,
    breaks: true,
    linkify: true,
    typographer: false,
    // server/modules/rendering/markdown-core/renderer.js
    highlight(str, lang) {
      if (lang === 'diagram') {
        return '<pre class="diagram">' + Buffer.from(str, 'base64').toString() + '</pre>';
      }
      return `<pre><code class="language-${lang}">${escapeHtml(str)}</code></pre>`;
    },
  });
  md.use(mdAttrs, { allowedAttributes: ['id', 'class', 'target'] });
  md.use(mdDecorate);
  // Child renderers enabled by default, in the order of their module keys.
  md.use(mdAbbr);
  md.use(mdEmoji);
  md.use(mdExpandTabs, { tabWidth: 4 });
  md.use(mdFootnote);
  md.use(mdImsize);
  md.use(mdSub);
  md.use(mdSup);
  md.use(mdTaskLists, { label: false, labelAfter: false });
  return md;
}

let cached;
function pipeline() {
  if (!cached) {
    const window = new JSDOM('').window;
    cached = { md: createMarkdownIt(), purify: createDOMPurify(window) };
  }
  return cached;
}

/** markdown-it's HTML for the page body, before the sanitizer. */
export function renderMarkdownRaw(markdown) {
  return pipeline().md.render(stripFrontMatter(markdown));
}

/** DOMPurify with Wiki.js's options (server/modules/rendering/html-security/renderer.js). */
export function sanitizeWikiJs(html) {
  return pipeline().purify.sanitize(html, {
    ADD_ATTR: ['v-pre', 'v-slot:tabs', 'v-slot:content', 'target'],
    ADD_TAGS: ['tabset', 'template'],
    HTML_INTEGRATION_POINTS: { foreignobject: true },
  });
}

/** What a default Wiki.js 2.5 renders and stores for this Markdown page. */
export function renderWikiJs(markdown) {
  return sanitizeWikiJs(renderMarkdownRaw(markdown));
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] || '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  const args = process.argv.slice(2);
  const raw = args[0] === '--raw';
  const file = raw ? args[1] : args[0];
  if (!file) {
    process.stderr.write('usage: node render.mjs [--raw] PAGE.md\n');
    process.exit(2);
  }
  const text = readFileSync(file, 'utf8');
  process.stdout.write(raw ? renderMarkdownRaw(text) : renderWikiJs(text));
}
