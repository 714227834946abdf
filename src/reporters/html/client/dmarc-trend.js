// The DMARC section of the trend report: one row per day, each route's pass rate with its message count,
// then the unknown senders. Shown only when the history holds DMARC reports.
(function renderDmarc() {
  const dmarc = readData().dmarc;
  if (!dmarc || !dmarc.times.length) return;
  document.getElementById('dmarc').hidden = false;
  const rate = (pass, messages) => (messages ? `${Math.round((pass / messages) * 1000) / 10}% (${messages})` : '');
  const head = ['day (UTC)', ...dmarc.routes.map((r) => r.route), 'unknown senders'];
  const rows = dmarc.times.map((t, i) => [
    new Date(t).toISOString().slice(0, 10),
    ...dmarc.routes.map((r) => rate(r.pass[i], r.messages[i])),
    dmarc.unknown.messages[i] ? `${dmarc.unknown.sources[i]} sources, ${dmarc.unknown.messages[i]} messages, ${rate(dmarc.unknown.pass[i], dmarc.unknown.messages[i])} pass` : '',
  ]);
  clear(document.getElementById('dmarc-table')).appendChild(table(head, rows.reverse(), { class: 'dmarc-trend' }));
})();
