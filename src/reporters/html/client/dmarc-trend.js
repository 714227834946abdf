// The DMARC section of the trend report: per route, what the seeds saw (inbox rate) beside what receivers
// reported of all its mail (DMARC pass rate); one row per day of pass rates; then the biggest unknown senders
// by name. Shown only when the history holds DMARC reports. Report texts (orgs, domains) are hostile: text
// nodes only, as everywhere (dom.js).
(function renderDmarc() {
  const data = readData();
  const dmarc = data.dmarc;
  if (!dmarc || !dmarc.times.length) return;
  document.getElementById('dmarc').hidden = false;
  const total = (list) => list.reduce((a, b) => a + b, 0);
  const pct = (part, whole) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '');
  const rate = (pass, messages) => (messages ? `${pct(pass, messages)} (${messages})` : '');
  const day = (t) => new Date(t).toISOString().slice(0, 10);

  // Placement over the whole trend period, per route: every probe of every cell of that route.
  const placed = (route) => {
    let probes = 0;
    let inbox = 0;
    for (const cell of data.cells.filter((c) => c.route === route)) {
      probes += total(cell.counts.probes);
      inbox += total(cell.counts.inbox);
    }
    return probes ? `${pct(inbox, probes)} of ${probes} probes` : 'no probes';
  };
  const byRoute = dmarc.routes.map((r) => [r.route, placed(r.route), rate(total(r.pass), total(r.messages))]);
  byRoute.push(['unknown senders', '', rate(total(dmarc.unknown.pass), total(dmarc.unknown.messages))]);
  clear(document.getElementById('dmarc-routes')).appendChild(
    table(['route', 'seed placement: inbox', 'DMARC pass in the reports (messages)'], byRoute, { class: 'dmarc-routes' }));

  const head = ['day (UTC)', ...dmarc.routes.map((r) => r.route), 'unknown senders'];
  const rows = dmarc.times.map((t, i) => [
    day(t),
    ...dmarc.routes.map((r) => rate(r.pass[i], r.messages[i])),
    dmarc.unknown.messages[i] ? `${dmarc.unknown.sources[i]} sources, ${dmarc.unknown.messages[i]} messages, ${pct(dmarc.unknown.pass[i], dmarc.unknown.messages[i])} pass` : '',
  ]);
  clear(document.getElementById('dmarc-table')).appendChild(table(head, rows.reverse(), { class: 'dmarc-trend' }));

  const top = dmarc.unknown.top || [];
  const senders = top.map((s) => [s.ip, String(s.messages), pct(s.pass, s.messages), s.first === s.last ? day(s.first) : `${day(s.first)} to ${day(s.last)}`,
    s.domains.join(', '), s.orgs.join(', ')]);
  const list = clear(document.getElementById('dmarc-unknown'));
  if (senders.length) list.appendChild(table(['IP', 'messages', 'DMARC pass', 'seen', 'From domains', 'reported by'], senders, { class: 'dmarc-unknown' }));
  else list.appendChild(el('p', { class: 'muted' }, 'None: every reported source is a declared route.'));
})();
