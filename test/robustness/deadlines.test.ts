/**
 * Finding 9, the run's side: a run ends on time whatever its servers do. Ctrl-C while an IMAP server sits on
 * a FETCH it accepted ends the run at once (it took 59 s: the 60 s operation deadline), and a route that
 * accepts the connection and never answers (a tarpit) cannot hold the send phase past the scenario's timeout
 * (a 15 s scenario took 2 min 32 s). The bounds asserted are far below the deadlines they stand for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { landed, readResults } from '../e2e/cli.ts';
import { imapStub, sinkProject, smtpSink } from './support.ts';

async function until(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

it('SIGINT while the seed server sits on a FETCH: exit 3 within seconds, the probe interrupted', { timeout: 90_000 }, async () => {
  const [sink, imap] = await Promise.all([smtpSink(), imapStub({ hangFetch: true })]);
  try {
    const dir = sinkProject(sink.port, 1, { imapPort: imap.port, scenario: 'routes: [relay]\nmessage: { subject: hi, text: hello }\ntimeout: 5m\n' });
    const out = join(dir, 'run');
    const child = landed(['run', '--out', out, '--reporter', 'console'], { cwd: dir });
    await until('the server was sent a FETCH', () => imap.lines.some((l) => / FETCH /i.test(l)));
    const started = Date.now();
    child.child.kill('SIGINT');
    const cli = await child;
    const took = Date.now() - started;
    expect(cli.code).toBe(3);
    // The IMAP operation deadline is 60 s: waiting for it is what this guards against.
    expect(took).toBeLessThan(15_000);
    const result = await readResults(out);
    expect(result.status).toBe('interrupted');
    expect(result.probes.map((p) => p.placement)).toEqual(['interrupted']);
  } finally {
    await Promise.all([sink.close(), imap.close()]);
  }
});

it('a route that never answers: the send phase ends at the scenario timeout, unsent probes are `error`', { timeout: 300_000 }, async () => {
  const [tarpit, imap] = await Promise.all([smtpSink({ silent: true }), imapStub()]);
  try {
    const dir = sinkProject(tarpit.port, 6, { imapPort: imap.port, scenario: 'routes: [relay]\nmessage: { subject: hi, text: hello }\ntimeout: 3s\n' });
    const out = join(dir, 'run');
    const cli = await landed(['run', '--out', out, '--reporter', 'console'], { cwd: dir });
    const exitedAt = Date.now();
    expect(tarpit.connections).toBeGreaterThan(0);
    expect(cli.code).toBe(1);
    const result = await readResults(out);
    expect(result.probes.map((p) => p.placement)).toEqual(Array(6).fill('error'));
    for (const probe of result.probes) expect(probe.error).toMatch(/not sent within the scenario's timeout \(3 s\)/);
    // The run's own clock (process start-up under load aside). The SMTP greeting timeout alone is 15 s per
    // attempt, with retries on top: that is what this guards against; and no connection left open to the
    // tarpit keeps the process alive after the run (it did, until that 15 s greeting timeout).
    expect(Date.parse(result.finishedAt) - Date.parse(result.startedAt)).toBeLessThan(10_000);
    expect(exitedAt - Date.parse(result.finishedAt)).toBeLessThan(8_000);
    expect(existsSync(join(out, 'journal.jsonl')) && readFileSync(join(out, 'journal.jsonl'), 'utf8')).toContain('"placement":"error"');
  } finally {
    await Promise.all([tarpit.close(), imap.close()]);
  }
});
