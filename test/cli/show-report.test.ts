/** `landed show-report`: the newest run's HTML report served on loopback until Ctrl-C. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landed } from '../e2e/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'landed-show-'));
  for (const [id, html] of [['20261128T060000Z-aaaaaa', 'older'], ['20261129T060000Z-bbbbbb', 'newest'], ['20261129T070000Z-cccccc', '']]) {
    await mkdir(join(dir, 'reports/runs', id), { recursive: true });
    await writeFile(join(dir, 'reports/runs', id, 'results.json'), '{}');
    if (html) await writeFile(join(dir, 'reports/runs', id, 'report.html'), `<html>${html}</html>`);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Starts it, waits for the address, fetches `path`, stops it with SIGINT as Ctrl-C would. */
async function served(args: string[], path = '') {
  const run = landed(['show-report', '--no-open', ...args], { cwd: dir });
  const url = await new Promise<string>((found, fail) => {
    let out = '';
    run.child.stdout!.on('data', (d) => {
      out += d;
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (match) found(match[1]);
    });
    run.child.on('close', () => fail(new Error(`show-report ended: ${out}`)));
  });
  const response = await fetch(url + path);
  const body = await response.text();
  run.child.kill('SIGINT');
  return { status: response.status, body, exit: await run };
}

describe('landed show-report', () => {
  it('serves the newest run that has a report, and ends cleanly on Ctrl-C', async () => {
    const r = await served([]);
    expect([r.status, r.body]).toEqual([200, '<html>newest</html>']);
    expect(r.exit.code).toBe(0);
    expect(r.exit.stdout).toContain('Serving the report of run 20261129T060000Z-bbbbbb');
  });

  it('serves the run it is given, and nothing but the report', async () => {
    expect((await served(['20261128T060000Z-aaaaaa'])).body).toBe('<html>older</html>');
    expect((await served([], '../results.json')).status).toBe(404);
  });

  it('without a report says where it looked and what to run', async () => {
    const r = await landed(['show-report', '--no-open', '--reports', join(dir, 'nothing')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no run with an HTML report');
    expect(r.stderr).toContain('landed run --reporter html');
  });
});
