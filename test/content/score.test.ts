/**
 * `landed score` through the real CLI with a real rspamd (Debian's package): the demo scenario scores low with
 * no finding, a scenario written to be spammy scores high with its rules in plain words, and the same
 * message gets the same score twice (no Bayes, no network, no state).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreBeforeSending } from '../../src/cli/commands/score.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { ScenarioContent } from '../../src/content/types.ts';
import { loadScenarios } from '../../src/scenarios/load.ts';
import { landed, tempDir } from '../e2e/cli.ts';
import { SPAMMY_SCENARIO, requireRspamd } from './support.ts';

const DEMO = resolve(import.meta.dirname, '../../scenarios/demo.yaml');

describe('landed score', () => {
  let dir: string;
  beforeAll(async () => {
    requireRspamd();
    dir = await tempDir('landed-score-');
    await mkdir(join(dir, 'scenarios'));
    // The demo's own routes, so scenarios/demo.yaml loads unchanged; nothing is sent by `score`.
    const routes = ['relay', 'internal', 'erp', 'stale-dkim', 'no-dmarc']
      .map((id) => `  ${id}:\n    smtp: { host: 127.0.0.1, port: 9, security: none }\n    from: "Acme Sales <sales@acme.test>"\n`)
      .join('');
    await writeFile(join(dir, 'landed.yaml'), `routes:\n${routes}seeds:\n  s1:\n    address: seed1@bulk.test\n    imap: { host: 127.0.0.1, port: 9, security: none, auth: { pass: unused-pass } }\n`);
    await writeFile(join(dir, 'scenarios', 'demo.yaml'), await readFile(DEMO, 'utf8'));
    await writeFile(join(dir, 'scenarios', 'spammy.yaml'), SPAMMY_SCENARIO);
  });

  it('scores the demo low with no finding, the spammy one high with its rules in plain words, the same twice', { timeout: 900_000 }, async () => {
    const first = await landed(['score', '--json'], { cwd: dir });
    expect(first.stderr).toBe('');
    const scores = JSON.parse(first.stdout) as ScenarioContent[];
    const demo = scores.find((s) => s.scenario === 'demo')!;
    const spammy = scores.find((s) => s.scenario === 'spammy')!;
    expect(demo.result!.score).toBeLessThan(1);
    expect(demo.result!.symbols.filter((s) => s.score > 0)).toEqual([]);
    expect(spammy.result!.score).toBeGreaterThanOrEqual(15);
    const names = spammy.result!.symbols.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['LANDED_TEST_SPAM', 'LANDED_URL_SHORTENER', 'MIME_HTML_ONLY', 'LANDED_BULK_NO_LIST_UNSUBSCRIBE']));
    expect(spammy.result!.symbols.find((s) => s.name === 'LANDED_URL_SHORTENER')!.details).toEqual(['bit.ly', 'tinyurl.com']);
    expect(spammy.expectation).toEqual({ max: 5, ok: false });
    expect(first.code).toBe(1);

    // Text output: the same scores, with plain words and what to change.
    const second = await landed(['score'], { cwd: dir });
    expect(second.stdout).toContain('demo (route relay): score');
    expect(second.stdout).toContain('no finding: nothing to change');
    expect(second.stdout).toContain('MIME_HTML_ONLY: HTML only, no plain-text part');
    expect(second.stdout).toContain('fix: send multipart/alternative with a text part too');
    expect(second.stdout).toMatch(/spammy \(route relay\): score [\d.]+ \(rspamd [\d.]+: reject\) -> refused; expected at most 5: FAILED/);

    // Deterministic: scored again by a new rspamd, the same score and rules.
    const third = JSON.parse((await landed(['score', '--json'], { cwd: dir })).stdout) as ScenarioContent[];
    const strip = (items: ScenarioContent[]) => items.map((c) => ({ ...c, result: { ...c.result!, elapsedMs: 0 } }));
    expect(strip(third)).toEqual(strip(scores));
  });

  it('a run keeps each score and the next run reuses it for the same message, saying when it was scored', { timeout: 900_000 }, async () => {
    const env = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
    const run = async () => {
      const stderr = new PassThrough();
      let said = '';
      stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
      const io = { stdout: new PassThrough(), stderr, env, cwd: dir, signal: new AbortController().signal };
      const config = await loadConfig(join(dir, 'landed.yaml'), io);
      const content = await scoreBeforeSending(config, await loadScenarios(config, [], io), (t) => t, io);
      return { content, said };
    };
    const first = await run();
    expect(first.content.map((c) => c.result?.reusedFrom)).toEqual([undefined, undefined]);
    expect(first.said).toMatch(/^content score: demo -?[\d.]+ \(inbox\), spammy [\d.]+ \(refused\); details: landed score$/m);
    const second = await run();
    const when = second.content[0].result!.reusedFrom!;
    expect(Date.now() - Date.parse(when)).toBeLessThan(600_000);
    expect(second.content.map((c) => ({ ...c, result: { ...c.result!, reusedFrom: undefined } }))).toEqual(first.content);
    expect(second.said).toContain(`demo ${first.content[0].result!.score} (inbox, as scored ${when.slice(0, 16).replace('T', ' ')} UTC)`);
  });

  it('a scenario file that is not there is a usage error naming it', async () => {
    const run = await landed(['score', 'scenarios/nope.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nope.yaml');
    expect(existsSync(join(dir, 'scenarios', 'nope.yaml'))).toBe(false);
  });
});
