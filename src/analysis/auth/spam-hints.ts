import { capPrintable, LIMITS } from '../limits.ts';
import type { HeaderField } from '../message/headers.ts';

/**
 * Spam verdicts providers write in their own headers, for the report. Informative only: a sender can
 * write these too, so nothing is decided on them. Each reader takes the topmost field of its name.
 */
const READERS: Array<{ header: string; read: (value: string, hints: Record<string, string>) => void }> = [
  { header: 'x-forefront-antispam-report', read: (v, h) => pickPairs(v, h, 'microsoft', ['SCL', 'SFV', 'CAT', 'SRV', 'PTR', 'IPV']) },
  { header: 'x-ms-exchange-organization-scl', read: (v, h) => { h['microsoft.orgSCL'] = v; } },
  { header: 'x-microsoft-antispam', read: (v, h) => pickPairs(v, h, 'microsoft', ['BCL']) },
  { header: 'x-spam-status', read: (v, h) => { h['spamassassin.status'] = v.split(/[,\s]/)[0]; const score = v.match(/score=(-?[\d.]+)/); if (score) h['spamassassin.score'] = score[1]; } },
  { header: 'x-spam-flag', read: (v, h) => { h['spam.flag'] = v; } },
  { header: 'x-spam-score', read: (v, h) => { h['spam.score'] = v; } },
  { header: 'x-spam', read: (v, h) => { h['spam'] = v; } },
  { header: 'x-rspamd-score', read: (v, h) => { h['rspamd.score'] = v; } },
  { header: 'x-rspamd-action', read: (v, h) => { h['rspamd.action'] = v; } },
  { header: 'x-spamd-result', read: (v, h) => { const m = v.match(/default:\s*(\w+)\s*\[([^\]]+)\]/); if (m) { h['rspamd.spam'] = m[1]; h['rspamd.score'] ??= m[2]; } const rules = [...v.matchAll(/\b([A-Z][A-Z0-9_]{2,})\(/g)].map((r) => r[1]); if (rules.length) h['rspamd.symbols'] = rules.join(','); } },
  { header: 'x-gm-spam', read: (v, h) => { h['gmail.spam'] = v; } },
  { header: 'x-gm-phishy', read: (v, h) => { h['gmail.phishy'] = v; } },
  { header: 'x-yahoofilteredbulk', read: (v, h) => { h['yahoo.filteredBulk'] = v; } },
  { header: 'x-apple-action', read: (v, h) => { h['apple.action'] = v; } },
  { header: 'x-icl-score', read: (v, h) => { h['apple.score'] = v; } },
  { header: 'x-ui-filterresults', read: (v, h) => { h['united-internet.filter'] = v.split(';')[0]; } },
  { header: 'x-pm-spam-action', read: (v, h) => { h['proton.action'] = v; } },
];

export function readSpamHints(fields: HeaderField[]): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const reader of READERS) {
    const field = fields.find((f) => f.key === reader.header);
    if (!field) continue;
    try {
      reader.read(field.value.slice(0, 4096).trim(), hints);
    } catch {
      hints[`${reader.header}.unreadable`] = 'yes';
    }
  }
  for (const key of Object.keys(hints)) hints[key] = capPrintable(hints[key], LIMITS.short);
  return hints;
}

/** `SFV:SPM;SCL:5;...` -> hints['microsoft.SFV'] = 'SPM' for the wanted keys. */
function pickPairs(value: string, hints: Record<string, string>, prefix: string, wanted: string[]): void {
  for (const pair of value.split(';')) {
    const [key, ...rest] = pair.split(':');
    const name = key.trim().toUpperCase();
    if (wanted.includes(name) && rest.length) hints[`${prefix}.${name}`] = rest.join(':').trim();
  }
}
