import { stripControls } from '../../printable.ts';
import { capPrintable } from '../limits.ts';
import type { AuthResultsHeader, MessageAnalysis } from '../types.ts';

/**
 * The whole analysis as plain text, for `landed inspect` and anyone else printing one message. Every
 * string from the message is made printable (no control characters, no terminal escapes) and capped.
 */
export function formatAnalysis(a: MessageAnalysis): string {
  const out: string[] = [];
  const p = (s: string | undefined) => capPrintable(s ?? '', 300);
  const m = a.message;
  if (m) {
    out.push('Message');
    if (m.from !== undefined) out.push(`  From        ${p(m.from)}`);
    if (m.subject !== undefined) out.push(`  Subject     ${p(m.subject)}`);
    if (m.date !== undefined) out.push(`  Date        ${p(m.date)}`);
    if (m.messageId !== undefined) out.push(`  Message-ID  ${p(m.messageId)}`);
    if (m.returnPath !== undefined) out.push(`  Return-Path <${p(m.returnPath)}>`);
  }
  const r = a.receiver;
  out.push('', `Receiver's verdict (${r.authservId ? p(r.authservId) : r.headers.length ? 'no authserv-id' : 'none found'})`);
  out.push(`  spf=${r.words?.spf ?? '-'} dkim=${r.words?.dkim ?? '-'} dmarc=${r.words?.dmarc ?? '-'} arc=${r.words?.arc ?? '-'}${r.compauth ? ` compauth=${p(r.compauth)}` : ''}`);
  const hints = Object.entries(r.spamHints).map(([k, v]) => `${k}=${p(v)}`);
  if (hints.length) out.push(`  hints: ${hints.join(' ')}`);
  for (const h of r.headers) out.push(`  trusted  ${describeHeader(h, p)}`);
  for (const h of r.ignored) out.push(`  ignored  ${describeHeader(h, p)}`);
  const v = a.verified;
  out.push('', 'Our verification');
  out.push(`  spf=${v.spf.result}${v.spf.domain ? ` for ${p(v.spf.domain)}` : ''}${v.spf.ip ? ` from ${v.spf.ip}` : ''}${v.spf.reason ? ` (${p(v.spf.reason)})` : ''}`);
  out.push(`  dkim=${v.dkim.result}`);
  for (const s of v.dkim.signatures) {
    const key = [s.algorithm, s.keyBits ? `${s.keyBits} bits` : undefined, s.aligned ? 'aligned' : 'not aligned', s.bodyHashOk === false ? 'body hash mismatch' : undefined].filter(Boolean).join(', ');
    out.push(`    d=${p(s.domain)} s=${p(s.selector)}: ${s.result}${s.reason ? ` (${p(s.reason)})` : ''}; ${key}`);
  }
  const evaluated = v.dmarc.result === 'pass' || v.dmarc.result === 'fail';
  const alignment = evaluated ? ` (SPF ${v.dmarc.spfAligned ? 'aligned' : 'not aligned'}, DKIM ${v.dmarc.dkimAligned ? 'aligned' : 'not aligned'})` : '';
  out.push(`  dmarc=${v.dmarc.result}${v.dmarc.policy ? ` p=${v.dmarc.policy}` : ''}${v.dmarc.domain ? ` for ${p(v.dmarc.domain)}` : ''}${alignment}`);
  out.push(`  arc=${v.arc.result}${v.arc.instances ? ` (${v.arc.instances} set${v.arc.instances === 1 ? '' : 's'})` : ''}  bimi=${v.bimi.result}`);
  for (const d of a.disagreements) out.push(`  ! ${d.check}: receiver ${d.receiver}, ours ${d.ours}: ${d.explanation}`);
  out.push('', 'Path (oldest hop first)');
  a.path.hops.forEach((hop, i) => {
    const mark = i === a.path.receiverHop ? '>' : ' ';
    const delay = hop.delayMs === undefined ? '' : ` +${formatMs(hop.delayMs)}`;
    const client = hop.fromIp && hop.fromIp !== hop.from?.replace(/^\[|\]$/g, '') ? ` [${hop.fromIp}]` : '';
    out.push(` ${mark}${String(i + 1).padStart(3)} ${p(hop.from ?? '?')}${client} -> ${p(hop.by ?? '?')} ${p(hop.with ?? '')}${hop.tls ? ' TLS' : ''}${delay}`);
  });
  if (a.path.totalTransitMs !== undefined) out.push(`  total ${formatMs(a.path.totalTransitMs)}${a.path.slowestHop !== undefined ? `, slowest hop ${a.path.slowestHop + 1}` : ''}`);
  if (a.path.sendingIp) {
    const ptr = a.path.ptr;
    out.push(`  sending IP ${a.path.sendingIp} (${a.path.sendingIpSource ?? '?'}); PTR ${ptr ? `${ptr.names.map(p).join(', ') || '-'} ${ptr.forwardConfirmed ? 'forward-confirmed' : `(${ptr.result})`}` : 'not checked'}`);
  }
  const applicable = a.requirements.filter((q) => q.status !== 'not-applicable');
  if (a.requirements.length) {
    const bulkOnly = a.requirements.length - applicable.length;
    out.push('', `Sender requirements${bulkOnly ? ` (${bulkOnly} more apply to bulk senders only)` : ''}`);
    if (!applicable.length) out.push('  none apply to this message');
    for (const q of applicable) out.push(`  ${q.status.padEnd(7)} ${q.id}: ${q.description}${q.detail ? ` — ${p(q.detail)}` : ''}`);
  }
  if (a.reasons.length) out.push('', 'Findings', ...a.reasons.map((x) => `  - ${p(x)}`));
  if (a.problems.length) out.push('', 'Could not read or check', ...a.problems.map((x) => `  - ${p(x)}`));
  // Every line again, whatever path a string from the message took into it.
  return `${stripControls(out.join('\n'))}\n`;
}

function describeHeader(h: AuthResultsHeader, p: (s: string) => string): string {
  const name = h.header === 'ARC-Authentication-Results' ? `ARC i=${h.instance ?? '?'}` : h.header;
  const results = h.results.map((r) => `${r.method}=${r.result}`).join(' ');
  return `${name} ${p(h.authservId || '(no id)')}: ${p(results)} — ${p(h.trustReason)}`;
}

function formatMs(ms: number): string {
  const abs = Math.abs(ms);
  const text = abs < 1000 ? `${abs} ms`
    : abs < 120_000 ? `${(abs / 1000).toFixed(1)} s`
    : abs < 7_200_000 ? `${(abs / 60_000).toFixed(1)} min`
    : abs < 172_800_000 ? `${(abs / 3_600_000).toFixed(1)} h`
    : `${(abs / 86_400_000).toFixed(1)} d`;
  return ms < 0 ? `-${text}` : text;
}
