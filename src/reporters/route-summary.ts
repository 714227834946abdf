import type { ProbeResult } from '../results/types.ts';
import { findingsOf } from '../analysis/summary/findings.ts';

const MAX_FINDINGS = 4;

/**
 * One sentence for one route across its probes, e.g. "route erp: DKIM fails: signature d=acme.test s=erp —
 * ... (everywhere); DMARC fails (p=reject) for acme.test: neither SPF nor DKIM aligned (at strict-1);
 * rejected by strict-1 (550 5.7.26)". Findings shared by every analysed probe say "everywhere".
 */
export function summarizeRoute(probes: ProbeResult[]): string {
  const route = probes[0]?.route ?? '?';
  const analysed: ProbeResult[] = [];
  const groups = new Map<string, { text: string; seeds: string[] }>();
  for (const probe of probes) {
    const analysis = probe.analysis; // read from disk on each access: once per probe
    if (!analysis) continue;
    analysed.push(probe);
    for (const finding of findingsOf(analysis)) {
      if (finding.key.startsWith('requirements:')) continue; // listed per probe; too detailed for one line
      const group = groups.get(finding.key) ?? { text: finding.text, seeds: [] };
      if (!group.seeds.includes(probe.seed)) group.seeds.push(probe.seed);
      groups.set(finding.key, group);
    }
  }
  // Seeds, not probes: several scenarios through the route reach each seed.
  const seeds = [...new Set(analysed.map((p) => p.seed))];
  const parts = [...groups.values()]
    .sort((a, b) => b.seeds.length - a.seeds.length)
    .slice(0, MAX_FINDINGS)
    .map((g) => `${g.text} (${seeds.length > 1 && g.seeds.length === seeds.length ? 'everywhere' : `at ${g.seeds.join(', ')}`})`);
  if (groups.size > MAX_FINDINGS) parts.push(`${groups.size - MAX_FINDINGS} more`);
  parts.push(...placements(probes));
  if (!parts.length) {
    return seeds.length
      ? `route ${route}: authentication passes at ${seeds.length === 1 ? seeds[0] : `all ${seeds.length} seeds`}`
      : `route ${route}: no message to analyse`;
  }
  return `route ${route}: ${parts.join('; ')}`;
}

/** Probes that never arrived say why, in the receiver's words where there are some; the same words once, counted. */
function placements(probes: ProbeResult[]): string[] {
  const said = new Map<string, number>();
  for (const p of probes) {
    const words = whyNotArrived(p);
    if (words) said.set(words, (said.get(words) ?? 0) + 1);
  }
  return [...said].map(([words, count]) => (count > 1 ? `${words}, ${count} probes` : words));
}

function whyNotArrived(p: ProbeResult): string | undefined {
  if (p.placement === 'missing') return `missing at ${p.seed}`;
  if (p.placement === 'error') return `error at ${p.seed}`;
  if (p.placement !== 'rejected') return undefined;
  const code = p.bounce ? [p.bounce.code, p.bounce.status].filter(Boolean).join(' ') : [p.smtp.code, p.smtp.status].filter(Boolean).join(' ');
  return `rejected by ${p.seed}${code ? ` (${code})` : ''}`;
}
