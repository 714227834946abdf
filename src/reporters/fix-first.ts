/**
 * What to fix first: the run's problems that have something to change, most serious and most widespread
 * first, each said once per route with the seeds where it was seen. Nothing new is judged here: it gathers
 * what the run already holds (drill findings, the reasons of failed and missing probes, refusals, analysis
 * findings with their fix, the content score's rules) so the HTML and Markdown reports can open with it.
 */
import { findingsOf } from '../analysis/summary/findings.ts';
import type { ProbeResult, RunResult } from '../results/types.ts';
import { byId, refusalCode } from './summary.ts';

export type FixSeverity = 'critical' | 'error' | 'warning';

export interface FixItem {
  severity: FixSeverity;
  /** The same problem has the same key in another run. */
  key: string;
  /** The route it concerns; absent when the probes of several routes share it (a seed that failed). */
  route?: string;
  /** Seeds where it was seen, in id order. */
  seeds: string[];
  /** How many seeds the route (or the run) was tried at, for "at 2 of 3 seeds". */
  of: number;
  text: string;
  /** What to change, one step per entry; empty when the text says it already. */
  fix: string[];
}

/**
 * Critical first; then what keeps mail from landing (a failed route or seed, DMARC failing, refusals, spam,
 * missing); then a check failing where DMARC may still pass (DKIM, SPF); warnings last.
 */
const rank = (item: FixItem) => (item.severity === 'critical' ? 0 : item.severity === 'warning' ? 3 : /^(dkim|spf):/.test(item.key) ? 2 : 1);
/** Analysis findings that are a check failing (the others: alignment, PTR, TLS, requirements) are warnings. */
const FAILING = /^(dmarc:(fail|forwarded|permerror)|spf:(fail|softfail|permerror|none)|dkim:(?!unaligned))/;
const CONTENT_FIXES = 3;

/** Every item, ranked: by `rank`, then how many seeds it touches, then the order the run's stages come in. */
export function fixFirst(run: Pick<RunResult, 'probes' | 'content'>): FixItem[] {
  const probes = [...run.probes].sort(byId);
  const auth = authentication(probes);
  const failing = new Set(auth.filter((item) => item.severity === 'error').map((item) => item.route));
  const items = [...drills(probes), ...failures(probes), ...auth, ...refusals(probes, failing), ...spam(probes, run, failing), ...missing(probes)];
  return items
    .map((item, order) => ({ item, order }))
    .sort((a, b) => rank(a.item) - rank(b.item) || b.item.seeds.length - a.item.seeds.length || a.order - b.order)
    .map(({ item }) => item);
}

function seedsOf(probes: readonly ProbeResult[]): string[] {
  return [...new Set(probes.map((p) => p.seed))].sort();
}

/** Groups probes by a key (undefined: left out), keeping first-seen order. */
function groupBy(probes: readonly ProbeResult[], key: (p: ProbeResult) => string | undefined): ProbeResult[][] {
  const groups = Map.groupBy(probes, key);
  groups.delete(undefined);
  return [...groups.values()];
}

function routeSeeds(probes: readonly ProbeResult[], route: string): number {
  return seedsOf(probes.filter((p) => p.route === route)).length;
}

/** Drill findings (a forged mail in an inbox) are the probe's own, one item each. */
function drills(probes: ProbeResult[]): FixItem[] {
  return probes.flatMap((p) => (p.findings ?? []).map((f) => ({
    severity: f.severity, key: f.key, route: p.route, seeds: [p.seed], of: routeSeeds(probes, p.route), text: f.text, fix: f.fix ?? [],
  })));
}

/** A route or seed that failed: nothing was tested there. The reason names it and says what to do. */
function failures(probes: ProbeResult[]): FixItem[] {
  return groupBy(probes, (p) => (p.placement === 'error' && p.error ? p.error : undefined)).map((group) => {
    const routes = new Set(group.map((p) => p.route));
    const route = routes.size === 1 ? group[0].route : undefined;
    const sent = group.filter((p) => p.smtp.attempts > 0).length;
    const count = `${group.length} probe${group.length === 1 ? '' : 's'}, ${sent === 0 ? 'none' : sent} sent`;
    return { severity: 'error' as const, key: `error:${group[0].error}`, route, seeds: seedsOf(group), of: route ? routeSeeds(probes, route) : seedsOf(probes).length, text: `${group[0].error} [${count}]`, fix: [] };
  });
}

function refusals(probes: ProbeResult[], failing: Set<string | undefined>): FixItem[] {
  const rejected = probes.filter((p) => p.placement === 'rejected');
  return groupBy(rejected, (p) => `${p.route}\u0000${refusalCode(p) ?? ''}`).map((group) => {
    const [first] = group;
    const code = refusalCode(first);
    const said = first.bounce?.diagnostic ?? first.smtp.response;
    // 5.7.x (and a refusal without an enhanced code) is policy: authentication or reputation.
    const policy = code === undefined || /^[45]\.7\./.test(code) || /^5\d\d$/.test(code);
    return {
      severity: 'error' as const,
      key: `rejected:${code ?? '?'}`,
      route: first.route,
      seeds: seedsOf(group),
      of: routeSeeds(probes, first.route),
      text: `refused by the receiver${code ? ` (${code})` : ''}${said ? `: ${said}` : ''}`,
      fix: [!policy ? `read the receiver's reply: x.1.x is about the address, x.2.x the mailbox, x.4.x routing`
        : failing.has(first.route) ? `a policy refusal: see the authentication items of route ${first.route} in this list`
        : `a policy refusal (authentication, reputation or content): read the receiver's reply, and check the sending domain with \`landed dns check\``],
    };
  });
}

/** Analysis findings that come with a fix, per route, seen at one or more seeds. */
function authentication(probes: ProbeResult[]): FixItem[] {
  const seen = new Map<string, FixItem>();
  for (const p of probes) {
    if (!p.analysis) continue;
    for (const f of findingsOf(p.analysis)) {
      if (!f.fix) continue;
      const id = `${p.route}\u0000${f.key}`;
      const item = seen.get(id);
      if (item) {
        if (!item.seeds.includes(p.seed)) item.seeds.push(p.seed);
        continue;
      }
      // A finding that carries its fix in its text (forwarding) says it once.
      const text = f.text.endsWith(`. fix: ${f.fix}`) ? f.text.slice(0, -`. fix: ${f.fix}`.length) : f.text;
      seen.set(id, { severity: FAILING.test(f.key) ? 'error' : 'warning', key: f.key, route: p.route, seeds: [p.seed], of: routeSeeds(probes, p.route), text, fix: [f.fix] });
    }
  }
  return [...seen.values()].map((item) => ({ ...item, seeds: item.seeds.sort() }));
}

/** Junked probes: the route's authentication items first, then what the content filter held against the message. */
function spam(probes: ProbeResult[], run: Pick<RunResult, 'content'>, failing: Set<string | undefined>): FixItem[] {
  return groupBy(probes, (p) => (p.placement === 'spam' ? p.route : undefined)).map((group) => {
    const route = group[0].route;
    const scenarios = new Set(group.map((p) => p.scenario));
    const rules = (run.content ?? []).filter((c) => scenarios.has(c.scenario)).flatMap((c) => c.result?.symbols ?? []);
    const content = rules.filter((s) => s.fix && s.score > 0).slice(0, CONTENT_FIXES).map((s) => `${s.fix} (${s.name}, +${s.score})`);
    const fix = [
      ...(failing.has(route) ? [`first the authentication items of route ${route} in this list: receivers junk mail that fails them`] : []),
      ...content,
    ];
    if (!fix.length) fix.push(`authentication passes: look at the content (\`landed score\`) and at each provider's requirements in the probe's detail`);
    return { severity: 'error' as const, key: 'placement:spam', route, seeds: seedsOf(group), of: routeSeeds(probes, route), text: 'delivered to the spam folder', fix };
  });
}

function missing(probes: ProbeResult[]): FixItem[] {
  return groupBy(probes, (p) => (p.placement === 'missing' ? p.route : undefined)).map((group) => {
    const route = group[0].route;
    return {
      severity: 'error' as const,
      key: 'placement:missing',
      route,
      seeds: seedsOf(group),
      of: routeSeeds(probes, route),
      text: `never arrived${group[0].error ? `: ${group[0].error}` : ''}`,
      fix: [`look for the probes' Message-IDs in route ${route}'s logs (queued, deferred, bounced), and in each seed's quarantine`],
    };
  });
}

/** "route relay, at 2 of 3 seeds (bulk-1, isp-1)": where an item was seen. */
export function fixWhere(item: FixItem): string {
  const seeds = item.seeds.length === item.of && item.of > 1 ? `at all ${item.of} seeds` : `at ${item.seeds.length} of ${item.of} seed${item.of === 1 ? '' : 's'}`;
  return `${item.route ? `route ${item.route}, ` : ''}${seeds} (${item.seeds.join(', ')})`;
}

export const SEVERITY_LABEL: Record<FixSeverity, string> = { critical: 'CRITICAL', error: 'FIX', warning: 'WARNING' };
