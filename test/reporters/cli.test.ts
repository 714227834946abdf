import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { shardOf } from '../../src/plan/shard.ts';
import type { RunResult } from '../../src/results/types.ts';
import { Capture } from './capture.ts';
import { makeRun, splitRun } from './fixtures.ts';

async function landed(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdout, stderr, env, cwd, signal: new AbortController().signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Three shard directories as three CI jobs would upload them, one with a captured message. */
function writeShards(dir: string, run: RunResult): void {
  const withMessage = run.probes.find((p) => p.placement === 'inbox')!.id;
  for (const shard of splitRun(run, 3, shardOf)) {
    const shardDir = join(dir, 'shards', `shard-${shard.shard!.index}`);
    mkdirSync(join(shardDir, 'messages'), { recursive: true });
    for (const probe of shard.probes)
      if (probe.id === withMessage) {
        probe.messageFile = 'messages/one.eml';
        writeFileSync(join(shardDir, 'messages', 'one.eml'), 'Subject: hello from a shard\r\n\r\nbody');
      }
    writeFileSync(join(shardDir, 'results.json'), JSON.stringify(shard));
  }
}

describe('landed merge, import and report', () => {
  it('merges three shards, copies their messages, reports and records the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-cli-'));
    const run = makeRun({ routes: ['m365', 'ses', 'postfix', 'sendgrid'], random: 4 });
    writeShards(dir, run);
    const result = await landed(dir, ['merge', 'shards', '--out', 'merged', '--reporter', 'junit', '--reporter', 'html', '--history', 'h.sqlite']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(run.status === 'failed' ? 1 : 0);
    const merged = JSON.parse(readFileSync(join(dir, 'merged', 'results.json'), 'utf8')) as RunResult;
    expect(merged.probes.map((p) => p.id)).toEqual(run.probes.map((p) => p.id).sort());
    expect(readFileSync(join(dir, 'merged', 'messages', 'one.eml'), 'utf8')).toContain('hello from a shard');
    expect(readFileSync(join(dir, 'merged', 'report.html'), 'utf8')).toContain('Subject: hello from a shard');
    expect(readFileSync(join(dir, 'merged', 'junit.xml'), 'utf8')).toContain('<testsuites');
    const again = await landed(dir, ['import', 'merged', 'shards/shard-2', '--history', 'h.sqlite']);
    expect(again.stdout.split('\n').filter(Boolean)).toEqual([
      `${join(dir, 'merged', 'results.json')}: run ${run.runId}: already in the history`,
      `${join(dir, 'shards', 'shard-2', 'results.json')}: run ${run.runId} shard 2/3: already in the history`,
    ]);
  });

  it('refuses shards that do not make a whole run, saying which is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-cli-'));
    writeShards(dir, makeRun());
    const result = await landed(dir, ['merge', 'shards/shard-1', 'shards/shard-3', '--out', 'merged']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('landed merge: cannot merge 2 shards\n  shard 2/3 is missing');
  });

  it('after three runs, report --trend writes a trend report with three points per line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-cli-'));
    for (const n of [1, 2, 3]) {
      const runDir = join(dir, 'reports', 'runs', `run-${n}`);
      mkdirSync(runDir, { recursive: true });
      const startedAt = new Date(Date.now() - (4 - n) * 86_400_000).toISOString();
      writeFileSync(join(runDir, 'results.json'), JSON.stringify(makeRun({ runId: `run-${n}`, random: n, startedAt })));
    }
    const none = await landed(dir, ['report', '--trend']);
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([2, 'landed report: no history at reports/history.sqlite']);
    expect((await landed(dir, ['import', 'reports/runs'])).code).toBe(0);
    const result = await landed(dir, ['report', '--trend', '--since', '30d']);
    expect(result.code).toBe(0);
    const html = readFileSync(join(dir, 'reports', 'trend.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="landed-data">(.*?)<\/script>/s.exec(html)![1]);
    expect(data.runs).toBe(3);
    expect(data.times).toHaveLength(3);
    for (const cell of data.cells) expect(cell.counts.probes).toEqual([1, 1, 1]);
    const runReport = await landed(dir, ['report', 'reports/runs/run-2', '--reporter', 'html,markdown']);
    expect(runReport.code).toBe(0);
    expect(readFileSync(join(dir, 'reports', 'runs', 'run-2', 'summary.md'), 'utf8')).toContain('landed run `run-2`');
  });

  it('merge --alert posts to the webhook from LANDED_ALERT_WEBHOOK', async () => {
    const bodies: { runId: string; alerts: { text: string }[] }[] = [];
    const server = createServer(async (req, res) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      bodies.push(JSON.parse(text));
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'landed-cli-'));
      const run = makeRun({ random: 2 });
      writeShards(dir, run);
      const env = { LANDED_ALERT_WEBHOOK: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
      const result = await landed(dir, ['merge', 'shards', '--out', 'merged', '--history', 'h.sqlite', '--alert', 'generic', '--reporter', 'markdown'], env);
      const below = new Set(run.probes.filter((p) => p.placement !== 'inbox').map((p) => `${p.route} → ${p.provider}`));
      expect(result.stderr).toBe(`landed merge: ${below.size} alerts sent\n`);
      expect(bodies).toHaveLength(1);
      expect(bodies[0].runId).toBe(run.runId);
      expect(bodies[0].alerts.map((a) => a.text.split(':')[0]).sort()).toEqual([...below].sort());
    } finally {
      server.close();
    }
  });

  it('merge --alert with a webhook that fails: the merge and its import still succeeded, and the exit code says so (issue 13 finding 3)', async () => {
    const server = createServer((req, res) => res.writeHead(404).end(`no such hook ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = mkdtempSync(join(tmpdir(), 'landed-cli-'));
      const run = makeRun({ random: 2 });
      writeShards(dir, run);
      const env = { LANDED_ALERT_WEBHOOK: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/Very-Secret-Path` };
      const result = await landed(dir, ['merge', 'shards', '--out', 'merged', '--history', 'h.sqlite', '--alert', 'generic', '--reporter', 'markdown'], env);
      const merged = JSON.parse(readFileSync(join(dir, 'merged', 'results.json'), 'utf8')) as RunResult;
      expect(result.code).toBe(merged.status === 'passed' ? 0 : 1);
      expect(result.stderr).toMatch(/alert.*not sent.*answered 404/);
      expect(result.stderr).not.toContain('Very-Secret-Path');
      const { DatabaseSync } = await import('node:sqlite');
      const db = new DatabaseSync(join(dir, 'h.sqlite'));
      expect(db.prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 1 });
      db.close();
    } finally {
      server.close();
    }
  });
});
