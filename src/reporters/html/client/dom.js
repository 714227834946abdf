// Shared by every report page. Text from the data only ever reaches the page through text nodes
// (createTextNode / textContent): never innerHTML, so a hostile subject stays a string.

/** el('td', {class: 'x', 'data-id': id}, 'text', child) */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return node;
}

function readData() {
  return JSON.parse(document.getElementById('landed-data').textContent);
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** A link only for http(s) URLs; anything else (javascript:, data:) becomes plain text. */
function safeLink(url, text) {
  return /^https?:\/\//i.test(String(url)) ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text) : el('span', {}, text);
}

function table(head, rows, attrs) {
  return el('table', attrs || {}, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => (c && (c.tagName === 'TD' || c.tagName === 'TH') ? c : el('td', {}, c)))))));
}

function verdict(result) {
  const kind = result === 'pass' ? 'pass' : ['fail', 'permerror', 'softfail'].includes(result) ? 'fail' : 'other';
  return el('span', { class: `verdict verdict-${kind}` }, result || 'unknown');
}

// Latencies and hop delays come from whole-second timestamps (IMAP INTERNALDATE, Received dates): below a
// second there is nothing to show but that.
function formatMs(ms) {
  if (ms === undefined || ms === null) return '';
  return ms < 1000 ? '< 1 s' : ms < 120000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60000).toFixed(1)} min`;
}

/** "2026-11-03 10:00": a time as the reports show it, always in UTC (the caller says "UTC" beside it). */
function utcText(ms) {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
