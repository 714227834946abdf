// The trend report: filters (route, provider, period, grouping, auth check) redraw every chart from the
// embedded counts; rates are computed here from summed counts so that grouped lines stay exact.
// Every time on the page is UTC and says so: axes, the hover readout, tables, the header. A reader's browser
// zone would give a team spread over zones different pictures of the same history.
const data = readData();
const DAY = 86400000;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#005f73', '#ae2012'];
const state = { route: '', provider: '', days: 0, lines: data.cells.length <= 12 ? 'cell' : 'route', check: 'dmarc' };
let charts = [];

function options(select, entries, value) {
  clear(select);
  for (const [v, label] of entries) select.appendChild(el('option', { value: v, selected: v === String(value) }, label));
}

function setupFilters() {
  const unique = (key) => [...new Set(data.cells.map((c) => c[key]))].sort();
  options(document.getElementById('f-route'), [['', 'all routes'], ...unique('route').map((r) => [r, r])], state.route);
  options(document.getElementById('f-provider'), [['', 'all providers'], ...unique('provider').map((p) => [p, p])], state.provider);
  const span = data.times.length ? data.times[data.times.length - 1] - data.times[0] : 0;
  const periods = [1, 7, 30, 90, 365].filter((d) => d * DAY < span).map((d) => [String(d), `last ${d} day${d > 1 ? 's' : ''}`]);
  options(document.getElementById('f-period'), [['0', 'everything'], ...periods], state.days);
  options(document.getElementById('f-lines'), [['cell', 'route × provider'], ['route', 'route'], ['provider', 'provider']], state.lines);
  options(document.getElementById('f-check'), [['dmarc', 'DMARC'], ['dkim', 'DKIM'], ['spf', 'SPF']], state.check);
  for (const [id, key] of [['f-route', 'route'], ['f-provider', 'provider'], ['f-period', 'days'], ['f-lines', 'lines'], ['f-check', 'check']]) {
    document.getElementById(id).addEventListener('change', (event) => {
      state[key] = key === 'days' ? Number(event.target.value) : event.target.value;
      render();
    });
  }
}

/** Indexes [from, to) of the buckets inside the chosen period. */
function range() {
  const last = data.times.length ? data.times[data.times.length - 1] : 0;
  const from = state.days ? data.times.findIndex((t) => t > last - state.days * DAY) : 0;
  return [Math.max(0, from), data.times.length];
}

function groups() {
  const keyOf = (c) => (state.lines === 'cell' ? `${c.route} · ${c.provider}` : c[state.lines]);
  const map = new Map();
  for (const cell of data.cells) {
    if ((state.route && cell.route !== state.route) || (state.provider && cell.provider !== state.provider)) continue;
    const key = keyOf(cell);
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(cell);
  }
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([label, cells]) => ({ label, cells }));
}

function sum(cells, fields, i) {
  let total = 0;
  for (const cell of cells) for (const f of fields) total += cell.counts[f][i];
  return total;
}

const percent = (num, den) => (den > 0 ? Math.round((1000 * num) / den) / 10 : null);

/** Latency of a group: each cell's percentile weighted by its delivered probes (exact for one cell). */
function latency(cells, key, i) {
  let weighted = 0;
  let weight = 0;
  for (const cell of cells) {
    const value = cell[key][i];
    const n = cell.counts.inbox[i] + cell.counts.spam[i];
    if (value !== null && n > 0) { weighted += value * n; weight += n; }
  }
  return weight ? Math.round(weighted / weight) / 1000 : null;
}

const METRICS = {
  inbox: (cells, i) => percent(sum(cells, ['inbox'], i), sum(cells, ['probes'], i)),
  spam: (cells, i) => percent(sum(cells, ['spam'], i), sum(cells, ['probes'], i)),
  missing: (cells, i) => percent(sum(cells, ['missing', 'rejected', 'error'], i), sum(cells, ['probes'], i)),
  auth: (cells, i) => percent(sum(cells, [`${state.check}Pass`], i), sum(cells, ['inbox', 'spam'], i)),
};

function annotationsIn(from, to) {
  const first = data.times[from];
  const last = data.times[to - 1];
  return data.annotations.filter((a) => a.t >= first && a.t <= last &&
    (!state.route || a.route === state.route) && (!state.provider || a.provider === state.provider));
}

function annotationPlugin(marks) {
  return { hooks: { draw: [(u) => {
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#c62828';
    ctx.setLineDash([4, 4]);
    for (const t of marks) {
      const x = Math.round(u.valToPos(t / 1000, 'x', true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
    }
    ctx.restore();
  }] } };
}

/** X-axis ticks in UTC: days when the ticks are a day or more apart, else day and time. */
function utcTicks(host) {
  return (u, splits, axis, space, incr) => {
    const ticks = splits.map((t) => (incr >= 86400 ? utcText(t * 1000).slice(5, 10) : utcText(t * 1000).slice(5, 16)));
    host.setAttribute('data-x-ticks', ticks.join('|'));
    return ticks;
  };
}

/** Under each chart, what the cursor points at: the time in UTC and every line's value there. */
function readoutPlugin(readout, unit) {
  return { hooks: { setCursor: [(u) => {
    const i = u.cursor.idx;
    if (i === null || i === undefined) { readout.textContent = ''; return; }
    const values = u.series.slice(1).map((s, n) => [s.label, u.data[n + 1][i]]).filter(([, v]) => v !== null && v !== undefined);
    readout.textContent = `${utcText(u.data[0][i] * 1000)} UTC${values.length ? ': ' : ''}${values.map(([label, v]) => `${label} ${v}${unit}`).join(' · ')}`;
  }] } };
}

function drawChart(id, series, xs, yRange, plugins, unit) {
  const host = clear(document.getElementById(id));
  host.setAttribute('data-points', String(xs.length));
  host.setAttribute('data-series', String(series.length));
  const width = Math.max(320, host.clientWidth || 600);
  const readout = el('div', { class: 'readout muted' });
  const opts = {
    width, height: 240,
    // Ticks fall on UTC midnights and hours, whatever the zone of the browser.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { x: { time: true }, y: yRange ? { range: yRange } : {} },
    axes: [{ label: 'UTC', space: 90, values: utcTicks(host) }, {}],
    series: [{ label: 'UTC', value: (u, t) => (t === null || t === undefined ? '' : `${utcText(t * 1000)} UTC`) },
      ...series.map((s, i) => ({ label: s.label, stroke: s.color || COLORS[i % COLORS.length], width: 2,
        dash: s.dash || (!s.color && i >= COLORS.length ? [6, 3] : undefined), points: { show: xs.length <= 60 } }))],
    legend: { live: false },
    plugins: [...(plugins || []), readoutPlugin(readout, unit)],
  };
  charts.push(new uPlot(opts, [xs, ...series.map((s) => s.values)], host));
  host.appendChild(readout);
}

function renderStanding(list, from, to) {
  const rows = list.map((g) => {
    const total = (fields) => { let n = 0; for (let i = from; i < to; i++) n += sum(g.cells, fields, i); return n; };
    let latest = to - 1;
    while (latest >= from && sum(g.cells, ['probes'], latest) === 0) latest--;
    return [g.label, String(total(['probes'])), fmt(percent(total(['inbox']), total(['probes']))),
      latest >= from ? fmt(METRICS.inbox(g.cells, latest)) : '', latest >= from ? fmt(METRICS.auth(g.cells, latest)) : ''];
  });
  clear(document.getElementById('standing')).appendChild(
    table(['line', 'probes', 'inbox % (period)', 'inbox % (latest)', `${state.check.toUpperCase()} pass % (latest)`], rows, { class: 'standing' }));
}

const fmt = (v) => (v === null ? '' : `${v}%`);

function renderAnnotations(list) {
  const shown = [...list].sort((a, b) => b.t - a.t).slice(0, 200); // newest first, stable within a time
  const host = clear(document.getElementById('annotations'));
  if (!shown.length) { host.appendChild(el('p', { class: 'empty-note' }, 'No verdict changed in this period.')); return; }
  host.appendChild(table(['when (UTC)', 'route', 'provider', 'check', 'change'],
    shown.map((a) => [utcText(a.t), a.route, a.provider, a.check, `${a.from} → ${a.to}`]),
    { class: 'annotations' }));
  if (list.length > shown.length) host.appendChild(el('p', { class: 'muted' }, `…and ${list.length - shown.length} earlier changes.`));
}

function render() {
  for (const chart of charts) chart.destroy();
  charts = [];
  const [from, to] = range();
  const list = groups();
  const empty = to <= from || list.length === 0;
  document.getElementById('empty').hidden = !empty;
  document.getElementById('auth-title').textContent = `${state.check.toUpperCase()} pass rate (% of delivered)`;
  const xs = data.times.slice(from, to).map((t) => t / 1000);
  const idx = Array.from({ length: to - from }, (_, k) => from + k);
  const marks = empty ? [] : annotationsIn(from, to);
  for (const [metric, fn] of Object.entries(METRICS)) {
    const series = list.map((g) => ({ label: g.label, values: idx.map((i) => fn(g.cells, i)) }));
    drawChart(`chart-${metric}`, series, xs, [0, 100], metric === 'inbox' ? [annotationPlugin(marks.map((a) => a.t))] : [], '%');
  }
  const latencySeries = list.flatMap((g, n) => [
    { label: `${g.label} p50`, values: idx.map((i) => latency(g.cells, 'p50', i)), color: COLORS[n % COLORS.length] },
    { label: `${g.label} p95`, values: idx.map((i) => latency(g.cells, 'p95', i)), color: COLORS[n % COLORS.length], dash: [6, 3] },
  ]);
  drawChart('chart-latency', latencySeries, xs, null, [], ' s');
  renderStanding(list, from, to);
  renderAnnotations(marks);
}

document.getElementById('meta').textContent = data.times.length
  ? `${data.runs} run${data.runs === 1 ? '' : 's'} from ${utcText(data.times[0])} to ${utcText(data.times[data.times.length - 1])} UTC · one point per ${data.bucket} · generated ${utcText(Date.parse(data.generatedAt))} UTC · all times UTC`
  : `No runs between ${utcText(data.period.since)} and ${utcText(data.period.until)} UTC · generated ${utcText(Date.parse(data.generatedAt))} UTC · all times UTC`;
setupFilters();
render();
// Charts are drawn at their container's width: draw again when the window's width changes.
let resizeTimer;
let lastWidth = window.innerWidth;
window.addEventListener('resize', () => {
  if (window.innerWidth === lastWidth) return;
  lastWidth = window.innerWidth;
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(render, 150);
});
document.body.setAttribute('data-ready', 'true');
