/**
 * `dns plan` replaying 1,000 captured messages: a run directory of typical 20 KB DKIM-signed messages (those of
 * bench/analysis.ts, analysed as a run analyses them), replayed through mailauth against today's DNS (a zone
 * in memory) and against a proposal that changes SPF and the DMARC policy. Prints the time planDnsChange takes.
 * Run alone (`node bench/dns-plan.ts [N]`) or from bench/index.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AnalysisPool } from '../src/run/pool.ts';
import { planDnsChange } from '../src/dns-plan/plan.ts';
import { parseZone } from '../src/dns/zone/load.ts';
import type { ProbeResult, RunResult } from '../src/results/types.ts';
import { resolver, typicalMessage } from './analysis.ts';

const ROUTES = ['m365', 'ses', 'postfix', 'sendgrid', 'erp'];
const PROVIDERS = ['gmail', 'outlook', 'yahoo', 'gmx'];

export async function benchDnsPlan(count = 1000): Promise<{ messages: number; replayed: number; wallMs: number; cpuMs: number; regressions: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'landed-bench-dnsplan-'));
  try {
    await mkdir(join(dir, 'messages'));
    const pool = new AnalysisPool(resolver);
    const context = { authservIds: ['mx.strict.test'], requirements: ['gmail'], bulk: true };
    const probes: ProbeResult[] = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const raw = await typicalMessage(i);
        const messageFile = `messages/${i}.eml`;
        await writeFile(join(dir, messageFile), raw);
        const analysis = await pool.analyse(raw, context);
        const route = ROUTES[i % ROUTES.length];
        const provider = PROVIDERS[Math.floor(i / ROUTES.length) % PROVIDERS.length];
        return {
          id: `s/${route}/${provider}-${i}`, scenario: 's', route, seed: `${provider}-${i}`, provider, token: `t${i}`, placement: 'inbox',
          smtp: { attempts: 1, retries: [] }, auth: { spf: 'pass', dkim: 'pass', dmarc: 'pass' }, analysis, messageFile, notes: [], expectations: [],
        } satisfies ProbeResult;
      }),
    );
    await pool.close();
    const result: RunResult = {
      schemaVersion: 1, runId: 'bench', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(), status: 'passed',
      config: { file: 'landed.yaml', scenarios: ['s'], routes: ROUTES, seeds: [] }, probes,
    };
    // The proposal: the relay's address dropped from SPF, DMARC to quarantine. Every message is replayed.
    const proposal = parseZone('$ORIGIN acme.test.\n@ TXT "v=spf1 include:_spf.acme.test -all"\n_dmarc TXT "v=DMARC1; p=quarantine"\n', 'acme.test.zone');
    const cpu = process.cpuUsage();
    const start = performance.now();
    const plan = await planDnsChange({ zones: [proposal], run: { result, dir }, baseResolver: resolver, fetchPolicy: async () => ({ status: 404, body: '' }) });
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const replayed = plan.rows.reduce((n, row) => n + row.probes.length, 0);
    return { messages: count, replayed, wallMs: Math.round(wallMs), cpuMs: Math.round((used.user + used.system) / 1000), regressions: plan.regressions.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function printDnsPlanBench(f: Awaited<ReturnType<typeof benchDnsPlan>>, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  out(`dns plan: ${f.messages} captured messages replayed before/after a proposal: ${(f.wallMs / 1000).toFixed(2)} s wall, ${(f.cpuMs / 1000).toFixed(2)} s CPU, ${f.replayed} in the compared rows, ${f.regressions} regressions found (target 5 s)`);
}

if (import.meta.main) printDnsPlanBench(await benchDnsPlan(Number(process.argv[2] ?? 1000)));
