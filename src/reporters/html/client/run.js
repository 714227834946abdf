// The run report: what to fix first, the routes x seeds matrix, probe list filtered by the chosen cell, drill-down per probe.
const data = readData();
const probesById = new Map(data.probes.map((p) => [p.id, p]));
let selectedCell = null;

function renderHeader() {
  const run = data.run;
  document.getElementById('title').textContent = `landed run ${run.runId}`;
  const status = document.getElementById('status');
  status.textContent = `${{ passed: '✓', failed: '✗' }[run.status] || '■'} ${run.status}`;
  status.className = `badge status-${run.status}`;
  document.getElementById('meta').textContent =
    `${utcText(Date.parse(run.startedAt))} UTC · ${run.duration || ''} · ${run.config.file} · scenarios: ${run.config.scenarios.join(', ')}`;
  const counts = document.getElementById('counts');
  for (const [placement, n] of Object.entries(run.counts))
    if (n > 0) counts.appendChild(el('span', { class: `chip placement-${placement}` }, `${n} ${placement}`));
}

// What to fix first, before the grid: the top items open, the rest one click away. Severity is said in words.
const SHOWN_FIXES = 5;
const SEVERITY = { critical: '✗ CRITICAL', error: '✗ FIX', warning: '! WARNING' };

function renderFixFirst() {
  const list = document.getElementById('fix-list');
  const item = (f) => el('li', { class: `fix-item fix-${f.severity}`, 'data-key': f.key },
    el('span', { class: `severity severity-${f.severity}` }, SEVERITY[f.severity]), ' ', el('span', { class: 'fix-text' }, f.text),
    el('div', { class: 'fix-where muted' }, f.where),
    f.fix.length ? el('ul', { class: 'fix-steps' }, f.fix.map((step) => el('li', {}, `fix: ${step}`))) : undefined);
  if (!data.fixFirst.length) {
    list.replaceWith(el('p', { id: 'fix-none', class: 'good' }, '✓ Nothing to fix: no failure, refusal, spam placement or authentication problem in this run.'));
    return;
  }
  list.append(...data.fixFirst.slice(0, SHOWN_FIXES).map(item));
  const rest = data.fixFirst.slice(SHOWN_FIXES);
  if (rest.length) list.after(el('details', { id: 'fix-more' }, el('summary', {}, `${rest.length} more`),
    el('ol', { class: 'fix-list', start: SHOWN_FIXES + 1 }, rest.map(item))));
}

/** The verdict as a mark beside its name, so a badge reads the same without its colour. */
function authMark(result) {
  if (result === 'pass') return '✓';
  if (result === 'fail' || result === 'permerror') return '✗';
  if (result === 'mixed') return '±';
  if (['softfail', 'neutral', 'temperror', 'policy'].includes(result)) return '~';
  return '–';
}

function renderMatrix() {
  const cellAt = new Map(data.cells.map((c) => [`${c.route}\u0000${c.column}`, c]));
  const head = el('tr', {}, el('th', {}, 'route'), data.columns.map((seed) => el('th', { scope: 'col', 'data-seed': seed },
    el('span', { class: 'seed' }, seed), data.providers[seed] && data.providers[seed] !== seed ? el('span', { class: 'provider' }, data.providers[seed]) : undefined)));
  const body = data.rows.map((route) =>
    el('tr', {}, el('th', { scope: 'row' }, route), data.columns.map((column) => {
      const cell = cellAt.get(`${route}\u0000${column}`);
      if (!cell) return el('td', { class: 'cell empty' }, '·');
      const auth = ['spf', 'dkim', 'dmarc'].map((k) => el('span', { class: `auth auth-${cell.auth[k]}`, title: `${k}: ${cell.auth[k]}` }, `${k} ${authMark(cell.auth[k])}`));
      return el('td', { class: `cell placement-${cell.placement}`, 'data-route': route, 'data-column': column },
        el('button', { type: 'button', onclick: () => selectCell(cell) }, el('span', { class: 'label' }, cell.label), cell.code ? el('span', { class: 'code' }, ` ${cell.code}`) : undefined,
          cell.reason ? el('span', { class: 'reason' }, cell.reason) : undefined, el('span', { class: 'auths' }, auth)));
    })));
  document.getElementById('matrix').appendChild(el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, body)));
}

function selectCell(cell) {
  selectedCell = cell;
  renderProbeList();
  if (cell.probes.length === 1) showProbe(probesById.get(cell.probes[0]));
}

function renderProbeList() {
  const list = clear(document.getElementById('probes'));
  const shown = selectedCell ? selectedCell.probes.map((id) => probesById.get(id)) : data.probes;
  const filter = clear(document.getElementById('filter'));
  if (selectedCell) {
    filter.appendChild(el('span', {}, `Showing ${selectedCell.route} × ${selectedCell.column} `));
    filter.appendChild(el('button', { type: 'button', onclick: () => { selectedCell = null; renderProbeList(); } }, 'show all'));
  }
  const rows = shown.map((p) => {
    const broken = p.expectations.filter((e) => !e.ok).length;
    return el('tr', { class: 'probe-row', 'data-probe': p.id, onclick: () => showProbe(p) },
      el('td', {}, el('button', { type: 'button', class: 'link' }, p.id)),
      el('td', { class: `placement-${p.placement}` }, p.tab && p.tab !== 'primary' ? `${p.placement}/${p.tab}` : p.placement),
      el('td', {}, verdict(p.auth.spf), ' ', verdict(p.auth.dkim), ' ', verdict(p.auth.dmarc)),
      el('td', {}, formatMs(p.latencyMs)),
      el('td', { class: broken ? 'bad' : '' }, broken ? `${broken} broken` : 'ok'));
  });
  list.appendChild(table(['probe', 'placement', 'spf · dkim · dmarc', 'latency', 'expectations'], [], { class: 'probes' }));
  list.querySelector('tbody').append(...rows);
}

function section(title, ...content) {
  return el('section', { class: 'detail-section' }, el('h3', {}, title), ...content);
}

function showProbe(p) {
  const detail = clear(document.getElementById('detail'));
  const a = p.analysis;
  detail.appendChild(el('h2', {}, p.id));
  detail.appendChild(el('p', { class: 'facts' },
    `${p.placement}${p.folder ? ` in ${p.folder}` : ''}${p.tab ? ` (${p.tab})` : ''} · ${p.provider} seed ${p.seed}`,
    p.latencyMs !== undefined ? ` · latency ${formatMs(p.latencyMs)}` : '',
    p.smtp.response ? ` · smtp: ${p.smtp.response}` : '', p.smtp.attempts > 1 ? ` (${p.smtp.attempts} attempts)` : ''));
  if (p.envelopeFrom !== undefined && p.from && p.envelopeFrom.toLowerCase() !== p.from.toLowerCase())
    detail.appendChild(el('p', { class: 'facts envelope' }, `envelope sender (MAIL FROM) ${p.envelopeFrom || '<>'}, From ${p.from}`));
  if (p.error) detail.appendChild(el('p', { class: 'bad' }, p.error));
  if (p.bounce) detail.appendChild(el('p', { class: 'bad' }, `bounce ${p.bounce.status || ''}: ${p.bounce.diagnostic}`));
  detail.appendChild(section('Expectations', table(['check', 'expected', 'actual', ''],
    p.expectations.map((e) => [e.check, e.expected, e.actual, el('td', { class: e.ok ? 'good' : 'bad' }, e.ok ? 'ok' : 'broken')]))));
  if (a && a.reasons.length) detail.appendChild(section('Why', el('ul', {}, a.reasons.map((r) => el('li', {}, r)))));
  const ours = a ? a.verified : null;
  detail.appendChild(section('Verdicts', table(['check', 'receiver', 'ours'],
    ['spf', 'dkim', 'dmarc', 'arc'].map((k) => [k, verdict(p.auth[k]), ours ? verdict(ours[k].result) : ''].map((c) => el('td', {}, c))))));
  if (a && a.disagreements.length)
    detail.appendChild(section('Disagreements', el('ul', {}, a.disagreements.map((d) => el('li', {}, `${d.check}: receiver ${d.receiver}, ours ${d.ours}. ${d.explanation}`)))));
  if (a && a.requirements.length)
    detail.appendChild(section('Provider requirements', el('ul', { class: 'checklist' }, a.requirements.map((r) =>
      el('li', { class: `req req-${r.status}` }, el('span', { class: 'req-status' }, r.status), ` ${r.provider}: ${r.description}`,
        r.detail ? ` (${r.detail})` : '', ' ', safeLink(r.source, 'source'))))));
  if (a && a.path.hops.length)
    detail.appendChild(section('Hops (oldest first)', table(['from', 'ip', 'by', 'with', 'tls', 'date', 'delay'],
      a.path.hops.map((h) => [h.from || '', h.fromIp || '', h.by || '', h.with || '', h.tls ? 'yes' : 'no', h.date || '', formatMs(h.delayMs)]))));
  if (a && (a.receiver.headers.length || a.receiver.ignored.length))
    detail.appendChild(section('Authentication-Results', el('ul', {}, [...a.receiver.headers, ...a.receiver.ignored].map((h) =>
      el('li', {}, `${h.header} (${h.authservId}, ${h.trusted ? 'trusted' : 'ignored'}: ${h.trustReason}): `,
        h.results.map((r) => `${r.method}=${r.result}`).join('; '))))));
  if (a && a.problems.length) detail.appendChild(section('Could not read', el('ul', {}, a.problems.map((x) => el('li', {}, x)))));
  if (p.headers) detail.appendChild(section('Message headers', el('pre', { class: 'headers' }, p.headers)));
  if (p.notes.length) detail.appendChild(section('Notes', el('ul', {}, p.notes.map((n) => el('li', {}, n)))));
  detail.hidden = false;
  detail.scrollIntoView({ block: 'nearest' });
}

renderHeader();
renderFixFirst();
renderMatrix();
renderProbeList();
document.body.setAttribute('data-ready', 'true');
