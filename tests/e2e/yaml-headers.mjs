// yaml-headers.mjs: reads a JSON array of page files on stdin and prints, for each, what Wiki.js
// 2.5's git-storage import makes of its header: the front-matter regex of
// server/models/pages.js (parseMetadata) and js-yaml 3's safeLoad, as Wiki.js does.
//   -> [{"ok": true, "title": ..., "description": ..., "tags": ..., "content": ...} | {"ok": false, "error": ...}]

import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

const FRONT_MATTER = /^(-{3}(?:\n|\r)([\w\W]+?)(?:\n|\r)-{3})?(?:\n|\r)*([\w\W]*)*/;

const files = JSON.parse(readFileSync(0, 'utf8'));
const out = files.map((raw) => {
  const m = FRONT_MATTER.exec(raw);
  if (!m || !m[2]) return { ok: false, error: 'no header' };
  try {
    const meta = yaml.safeLoad(m[2]);
    return { ok: true, ...meta, content: m[3] || '' };
  } catch (e) {
    return { ok: false, error: String(e.message || e) };
  }
});
process.stdout.write(JSON.stringify(out));
