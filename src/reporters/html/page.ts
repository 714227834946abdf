/**
 * One self-contained HTML file: inline CSS and JS (no CDN: CI runners and the lab have no internet), data
 * embedded as JSON, and a Content-Security-Policy that allows exactly our inline script and style by hash.
 * Hashes rather than a nonce keep the file deterministic (a merged run renders byte for byte like the
 * unsharded one) and still refuse any script a hostile message might smuggle in.
 */
import { createHash } from 'node:crypto';

export interface PageParts {
  title: string;
  /** Embedded as JSON, read by the page with JSON.parse(textContent). */
  data: unknown;
  styles: string[];
  /** Concatenated into one inline script, in order. */
  scripts: string[];
  /** Static markup written by us; never mail content (that lives in `data`). */
  body: string;
}

/** JSON that cannot end the <script> element it sits in, whatever strings it carries. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function renderPage(parts: PageParts): string {
  const style = parts.styles.join('\n');
  const script = parts.scripts.join('\n;\n');
  for (const code of [style, script]) {
    if (/<\/(script|style)/i.test(code)) throw new Error('inline asset contains a closing tag; it would end its element early');
  }
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    parts.body,
    `<script type="application/json" id="landed-data">${jsonForScript(parts.data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
