/**
 * RunResult fixtures for reporter, merge, history and browser tests: a plan of scenarios x routes x seeds
 * with placements and verdicts chosen by a seeded generator, so every test sees the same run.
 */
import type { AuthResult, MessageAnalysis } from '../../src/analysis/types.ts';
import type { Placement, ProbeResult, RunResult } from '../../src/results/types.ts';

export interface FixtureSeed {
  id: string;
  provider: string;
}

export interface FixtureOptions {
  runId?: string;
  startedAt?: string;
  scenarios?: string[];
  routes?: string[];
  seeds?: FixtureSeed[];
  /** Generator seed: the same number gives the same run. */
  random?: number;
  /** Changes applied to probes after generation, by probe id. */
  override?: Record<string, Partial<ProbeResult>>;
}

export const DEFAULT_SEEDS: FixtureSeed[] = [
  { id: 'gmail-1', provider: 'gmail' },
  { id: 'outlook-1', provider: 'outlook' },
  { id: 'yahoo-1', provider: 'yahoo' },
  { id: 'gmx-1', provider: 'gmx' },
];

/** Small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeAnalysis(auth: { spf: AuthResult; dkim: AuthResult; dmarc: AuthResult }, reasons: string[]): MessageAnalysis {
  return {
    receiver: {
      authservId: 'mx.seed.test',
      spf: auth.spf,
      dkim: auth.dkim,
      dmarc: auth.dmarc,
      arc: 'none',
      spamHints: {},
      headers: [
        {
          header: 'Authentication-Results',
          authservId: 'mx.seed.test',
          results: [
            { method: 'spf', result: auth.spf, props: { 'smtp.mailfrom': 'bounce@acme.test' }, comments: [] },
            { method: 'dkim', result: auth.dkim, props: { 'header.d': 'acme.test' }, comments: [] },
            { method: 'dmarc', result: auth.dmarc, props: { 'header.from': 'acme.test' }, comments: [] },
          ],
          position: 0,
          trusted: true,
          trustReason: 'authserv-id of the seed provider',
        },
      ],
      ignored: [],
    },
    verified: {
      spf: { result: auth.spf, domain: 'acme.test', ip: '127.0.0.1' },
      dkim: { result: auth.dkim, signatures: [{ domain: 'acme.test', selector: 's1', result: auth.dkim, aligned: true, keyBits: 2048 }] },
      dmarc: { result: auth.dmarc, domain: 'acme.test', policy: 'reject', spfAligned: true, dkimAligned: auth.dkim === 'pass' },
      arc: { result: 'none', instances: 0 },
      bimi: { result: 'none' },
    },
    disagreements: [],
    path: {
      hops: [
        { from: 'relay.acme.test', fromIp: '127.0.0.1', by: 'mx.seed.test', with: 'ESMTPS', tls: true, date: '2026-11-01T10:00:01.000Z' },
        { from: 'mx.seed.test', by: 'store.seed.test', with: 'LMTP', tls: false, date: '2026-11-01T10:00:02.000Z', delayMs: 1000 },
      ],
      totalTransitMs: 1000,
      slowestHop: 1,
      sendingIp: '127.0.0.1',
    },
    requirements: [
      {
        id: 'gmail.spf-or-dkim',
        provider: 'gmail',
        appliesTo: 'all',
        description: 'SPF or DKIM passes',
        source: 'https://support.google.com/a/answer/81126',
        status: auth.spf === 'pass' || auth.dkim === 'pass' ? 'pass' : 'fail',
      },
    ],
    reasons,
    problems: [],
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weighted) if ((r -= weight) < 0) return value;
  return weighted[weighted.length - 1][0];
}

export function makeRun(options: FixtureOptions = {}): RunResult {
  const random = rng(options.random ?? 8);
  const scenarios = options.scenarios ?? ['newsletter'];
  const routes = options.routes ?? ['m365', 'ses', 'postfix'];
  const seeds = options.seeds ?? DEFAULT_SEEDS;
  const startedAt = options.startedAt ?? '2026-11-01T10:00:00.000Z';
  const start = Date.parse(startedAt);
  const probes: ProbeResult[] = [];
  for (const scenario of scenarios)
    for (const route of routes)
      for (const seed of seeds) {
        const id = `${scenario}/${route}/${seed.id}`;
        const placement = pick<Placement>(random, [['inbox', 7], ['spam', 2], ['missing', 0.6], ['rejected', 0.4]]);
        const dkim = pick<AuthResult>(random, [['pass', 8], ['fail', 2]]);
        const auth = { spf: pick<AuthResult>(random, [['pass', 9], ['softfail', 1]]), dkim, dmarc: dkim === 'pass' ? ('pass' as const) : ('fail' as const) };
        const delivered = placement === 'inbox' || placement === 'spam';
        const acceptedAt = new Date(start + 1000 + Math.floor(random() * 5000)).toISOString();
        const latencyMs = delivered ? 500 + Math.floor(random() * 20_000) : undefined;
        const reasons = [
          ...(dkim === 'fail' ? ['DKIM signature of acme.test failed: body hash did not verify'] : []),
          ...(placement === 'spam' ? ['The receiver filed it as spam (SCL 5)'] : []),
        ];
        probes.push({
          id,
          scenario,
          route,
          seed: seed.id,
          provider: seed.provider,
          token: `tok-${id.replace(/\W/g, '')}`,
          placement,
          folder: placement === 'inbox' ? 'INBOX' : placement === 'spam' ? 'Junk' : undefined,
          smtp:
            placement === 'rejected'
              ? { code: 550, status: '5.7.26', response: '550 5.7.26 unauthenticated mail', attempts: 1, retries: [] }
              : { code: 250, response: '250 2.0.0 queued', queueId: 'Q1', attempts: 1, retries: [], acceptedAt },
          receivedAt: delivered ? new Date(Date.parse(acceptedAt) + (latencyMs ?? 0)).toISOString() : undefined,
          latencyMs,
          auth: delivered ? auth : { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' },
          analysis: delivered ? makeAnalysis(auth, reasons) : undefined,
          error: placement === 'missing' ? 'not found in any folder after 300s' : undefined,
          notes: [],
          expectations: [
            { check: 'placement', expected: 'inbox', actual: placement, ok: placement === 'inbox' },
            ...(delivered ? [{ check: 'dkim', expected: 'pass', actual: dkim, ok: dkim === 'pass' }] : []),
          ],
          ...options.override?.[id],
        });
      }
  const failed = probes.some((p) => p.expectations.some((e) => !e.ok));
  return {
    schemaVersion: 1,
    runId: options.runId ?? '20261101-100000-abcd',
    startedAt,
    finishedAt: new Date(start + 300_000).toISOString(),
    status: failed ? 'failed' : 'passed',
    config: { file: 'landed.yaml', scenarios, routes, seeds: seeds.map((s) => s.id) },
    probes,
  };
}

/** Splits a run the way `landed run --shard i/n` would, each shard with its own (overlapping) times. */
export function splitRun(run: RunResult, total: number, shardOf: (id: string, total: number) => number): RunResult[] {
  const start = Date.parse(run.startedAt);
  const finish = Date.parse(run.finishedAt);
  return Array.from({ length: total }, (_, i) => {
    const probes = run.probes.filter((p) => shardOf(p.id, total) === i + 1);
    return {
      ...structuredClone(run),
      // The first shard starts first and the last one finishes last, so merged times equal the unsharded run's.
      startedAt: new Date(start + i * 1000).toISOString(),
      finishedAt: new Date(finish - (total - 1 - i) * 1000).toISOString(),
      status: probes.some((p) => p.expectations.some((e) => !e.ok)) ? 'failed' : 'passed',
      shard: { index: i + 1, total },
      probes: structuredClone(probes),
    };
  });
}
