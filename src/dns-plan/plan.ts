/**
 * `planDnsChange`: would this DNS change break a route? Replays the real messages of a run through mailauth
 * against today's DNS and against the proposal laid over it, and compares the DNS findings of the domains
 * the proposal touches. Without a run, it judges the records alone and says what it could not judge.
 */
import { checkDomains } from '../dns/checks/index.ts';
import { fetchPolicyOverHttps } from '../dns/checks/policy-fetch.ts';
import { createOverlayResolver } from '../dns/overlay/overlay.ts';
import { cachingResolver, type Resolver } from '../dns/resolver.ts';
import type { PolicyFetcher } from '../dns/types.ts';
import type { Zone } from '../dns/zone/types.ts';
import { domainOf } from '../address.ts';
import { isAtOrBelow } from '../dns/zone/names.ts';
import { diffFindings, regressions, rowsFrom, type Replayed } from './compare.ts';
import { replayMessage } from './replay.ts';
import { replayInput, type LoadedRun, type ReplayInput } from './run-input.ts';
import { planSubjects } from './subjects.ts';
import type { DnsPlan, ReplayVerdicts } from './types.ts';

export interface PlanInput {
  zones: Zone[];
  /** The run whose captured messages are replayed; absent: judge the records alone. */
  run?: LoadedRun;
  /** Today's DNS (live, or the lab's). */
  baseResolver: Resolver;
  fetchPolicy?: PolicyFetcher;
  /** More domains to compare (e.g. the From domains of the configured routes). */
  domains?: string[];
  /** Judging the records alone is what was asked for: a missing run is then no cause for alarm. */
  recordsOnly?: boolean;
  /** Where runs were looked for, for the message when there was none. */
  runsLookedFor?: string;
}

export async function planDnsChange(input: PlanInput): Promise<DnsPlan> {
  // Before and after ask live DNS the same questions for every message; ask each once.
  const base = cachingResolver(input.baseResolver);
  const overlay = createOverlayResolver(input.zones, base);
  const notJudged: string[] = [];
  const replays = input.run ? await replayRun(input.run, base, overlay, notJudged) : [];
  if (!input.run) {
    notJudged.push(
      'No captured run: no real message was replayed, so SPF, DKIM and DMARC per route x provider were not judged (run `landed run` first, or give --from-run RUN).',
      'Without messages, DKIM was checked only for the selectors the proposal publishes, and SPF coverage and PTR of the real sending addresses were not checked.',
    );
  }
  const subjects = planSubjects(input.zones, replays.map((r) => ({ input: r.input, before: r.before })), input.domains);
  const fetchPolicy = memoize(input.fetchPolicy ?? fetchPolicyOverHttps);
  const options = { sendingIps: subjects.sendingIps, selectors: subjects.selectors, fetchPolicy };
  const before = await checkDomains(subjects.domains, base, options);
  const after = await checkDomains(subjects.domains, overlay, options);
  const findings = diffFindings(before, after);
  const touched = replays.filter((r) => touchesProposal(r, input.zones));
  const rows = rowsFrom(touched.map((r) => r.replayed));
  const untouchedRoutes = [...new Set(replays.map((r) => r.replayed.route))].filter((route) => !touched.some((r) => r.replayed.route === route)).sort();

  const lines = replays.flatMap(({ replayed: r }) =>
    regressions(r.before, r.after).map((what) => `${r.route} at ${r.provider} (${r.probeId}): ${what}`),
  );
  lines.push(...findings.added.filter((f) => f.severity === 'error').map((f) => `new error for ${f.domain}: ${f.message}`));
  return {
    zones: input.zones.map((z) => ({ origin: z.origin, file: z.file, format: z.format, records: z.records.length })),
    run: input.run ? { runId: input.run.result.runId, startedAt: input.run.result.startedAt } : undefined,
    domains: subjects.domains,
    rows,
    untouchedRoutes,
    findings,
    notJudged,
    ...(input.run || input.recordsOnly ? {} : { notReplayed: notReplayedMessage(input.runsLookedFor) }),
    regressions: lines,
  };
}

function notReplayedMessage(where: string | undefined): string {
  return `NO ROUTE WAS REPLAYED: no finished run${where ? ` in ${where}` : ''}, so no route was judged, only the proposal's records. Run \`landed run\` first (or give --from-run RUN), or --records-only to judge the records alone on purpose.`;
}

interface ReplayPair {
  input: ReplayInput;
  before: ReplayVerdicts;
  replayed: Replayed;
}

async function replayRun(run: LoadedRun, base: Resolver, overlay: Resolver, notJudged: string[]): Promise<ReplayPair[]> {
  const inputs = new Map<string, ReplayInput>();
  const skipped = new Map<string, string>();
  for (const probe of run.result.probes) {
    const read = await replayInput(probe, run.dir);
    if ('skipped' in read) skipped.set(probe.id, read.skipped);
    else inputs.set(probe.id, read);
  }
  const verdicts = new Map<string, { before: ReplayVerdicts; after: ReplayVerdicts }>();
  for (const [id, read] of inputs) verdicts.set(id, { before: await replayMessage(read, base), after: await replayMessage(read, overlay) });

  const pairs: ReplayPair[] = [];
  for (const probe of run.result.probes) {
    // A probe the provider rejected has no message; the route sent the same one to the other seeds.
    const source = inputs.has(probe.id) ? probe.id : [...inputs.keys()].find((id) => inputs.get(id)!.probe.route === probe.route);
    if (!source) {
      notJudged.push(`${probe.id}: ${skipped.get(probe.id)}, and no other message of route ${probe.route} was captured`);
      continue;
    }
    const v = verdicts.get(source)!;
    pairs.push({
      input: inputs.get(source)!,
      before: v.before,
      replayed: { probeId: probe.id, route: probe.route, provider: providerOf(probe), before: v.before, after: v.after, borrowedFrom: source === probe.id ? undefined : source },
    });
  }
  return pairs;
}

/** Whether any name a receiver looks up for this message is covered by a proposed zone. */
function touchesProposal(pair: ReplayPair, zones: Zone[]): boolean {
  if (zones.some((z) => z.origin.endsWith('.arpa'))) return true;
  const names = [domainOf(pair.input.sender), pair.input.helo, pair.before.headerFrom, ...pair.before.signatures.map((s) => s.domain)];
  return names.some((name) => name && zones.some((z) => isAtOrBelow(name, z.origin)));
}

/** Generic IMAP seeds are each their own provider (the lab's are); presets (gmail, outlook...) group seeds. */
function providerOf(probe: { provider: string; seed: string }): string {
  return probe.provider === 'imap' ? probe.seed : probe.provider;
}

/** One fetch per URL: the HTTPS policy is not part of DNS, so before and after see the same one. */
function memoize(fetcher: PolicyFetcher): PolicyFetcher {
  const seen = new Map<string, ReturnType<PolicyFetcher>>();
  return (url) => {
    if (!seen.has(url)) seen.set(url, fetcher(url));
    return seen.get(url)!;
  };
}
