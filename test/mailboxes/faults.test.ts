import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from './fixtures/dovecot.ts';
import { probeMessage, seedFor, startWatch, tokens } from './fixtures/seeds.ts';

let server: Dovecot;
const USERS = { restart: 'pw-restart-1', uidv: 'pw-uidv-1', ana: 'pw-ana-secret', ben: 'pw-ben-secret', hang: 'pw-hang-1' };

beforeAll(async () => {
  server = await startDovecot({ users: USERS, folders: [{ name: 'Junk', specialUse: '\\Junk' }] });
});
afterAll(async () => {
  await server?.destroy();
});

function watch(user: string, awaited: string[], timing = {}) {
  return startWatch(seedFor(`seed-${user}`, server.endpoint(user)), awaited, timing);
}

/** Restarts the server with something done while it is down. Tests in this file run one after another. */
async function whileDown(work: () => Promise<void>): Promise<void> {
  await server.stop();
  await work();
  await server.start();
}

describe('IMAP faults', () => {
  it('misses nothing across a server restart: mail stored while it was down is found after reconnecting', async () => {
    const [before, during, after] = tokens(3);
    const { recorder, handle } = watch('restart', [before!, during!, after!]);
    await server.deliver('restart', 'INBOX', probeMessage(before!));
    await recorder.until(() => recorder.found.length === 1);
    await whileDown(() => server.deliver('restart', 'Junk', probeMessage(during!)));
    await server.deliver('restart', 'INBOX', probeMessage(after!));
    await handle.done;
    expect(recorder.tokens()).toEqual([before, during, after].sort());
    expect(recorder.problems.length).toBeGreaterThan(0);
    expect(recorder.problems.every((p) => !p.fatal && /reconnecting in/.test(p.message))).toBe(true);
  });

  it('searches a folder again from the start when its UIDVALIDITY changed', async () => {
    const earlier = tokens(3); // an earlier run's probes move the watcher's last seen UID in Junk to 3
    const [awaited, other] = tokens(2);
    for (const token of earlier) await server.deliver('uidv', 'Junk', probeMessage(token));
    const { recorder, handle } = watch('uidv', [awaited!, other!]);
    await server.deliver('uidv', 'INBOX', probeMessage(other!));
    await recorder.until(() => recorder.found.length === 1);
    // The Junk folder is recreated while the server is down: new UIDVALIDITY, and the probe gets UID 1.
    await whileDown(async () => {
      await rm(join(server.dir, 'mail', 'uidv', '.Junk'), { recursive: true, force: true });
      await server.deliver('uidv', 'Junk', probeMessage(awaited!));
    });
    await handle.done;
    expect(recorder.found.find((f) => f.token === awaited)).toMatchObject({ folder: 'Junk', uid: 1 });
  });

  it('reports a seed whose login starts failing mid-run as fatal, naming the reason but not the password; other seeds go on', async () => {
    const [forAna, forBen] = tokens(2);
    const ana = watch('ana', [forAna!]);
    const ben = watch('ben', [forBen!]);
    await new Promise((r) => setTimeout(r, 500)); // both are watching
    await whileDown(() => server.setPassword('ana', 'pw-ana-changed'));
    await server.deliver('ben', 'INBOX', probeMessage(forBen!));
    await Promise.all([ana.handle.done, ben.handle.done]);

    expect(ben.recorder.tokens()).toEqual([forBen]);
    const fatal = ana.recorder.problems.filter((p) => p.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.message).toMatch(/login refused for ana: wrong user name or password/);
    const everything = JSON.stringify(ana.recorder.problems);
    expect(everything).not.toContain('pw-ana-secret');
    expect(everything).not.toContain('pw-ana-changed');
  });

  it('gives up on a hung server process at the operation deadline and carries on over a new connection', async () => {
    const [token] = tokens(1);
    const { recorder, handle } = watch('hang', [token!], { opTimeoutMs: 1_000, recheckMs: 500 });
    await new Promise((r) => setTimeout(r, 500));
    // Freeze every IMAP process serving this user: commands on those connections never get an answer.
    const pids = [...(await server.log()).matchAll(/Login: user=<hang>.*?mpid=(\d+)/g)].map((m) => Number(m[1])).filter((pid) => existsSync(`/proc/${pid}`));
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      await server.deliver('hang', 'INBOX', probeMessage(token!));
      await handle.done;
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    }
    expect(recorder.tokens()).toEqual([token]);
    expect(recorder.problems.some((p) => /did not finish within 1000 ms/.test(p.message))).toBe(true);
  });
});

describe('a server that never answers', () => {
  let silent: Server;
  let port: number;
  beforeAll(async () => {
    silent = createServer(() => {}); // accepts, never greets
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('once logged in, a server that goes away before the first search gets the reconnection budget, not the few tries of a first login', async () => {
    // Answers logins and folder listings; at the first SELECT it goes down (restarting): that connection and
    // every later one are dropped.
    let down = false;
    const restarting = createServer((socket) => {
      socket.on('error', () => {});
      if (down) return void socket.destroy();
      socket.write('* OK [CAPABILITY IMAP4rev1 IDLE] ready\r\n');
      socket.on('data', (chunk) => {
        for (const line of chunk.toString('latin1').split('\r\n').filter(Boolean)) {
          const [tag, command = ''] = line.split(' ');
          if (/^login$/i.test(command)) socket.write(`${tag} OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n`);
          else if (/^list$/i.test(command)) socket.write(`* LIST (\\HasNoChildren) "/" INBOX\r\n* LIST (\\HasNoChildren \\Junk) "/" Junk\r\n${tag} OK done\r\n`);
          else if (/^logout$/i.test(command)) socket.end(`* BYE\r\n${tag} OK bye\r\n`);
          else if (/^(select|examine)$/i.test(command)) (down = true), socket.destroy();
          else socket.write(`${tag} OK done\r\n`);
        }
      });
    });
    await new Promise<void>((resolve) => restarting.listen(0, '127.0.0.1', resolve));
    const endpoint = { host: '127.0.0.1', port: (restarting.address() as { port: number }).port, security: 'none' as const, auth: { user: 'x', pass: 'y' }, tls: { insecure: false } };
    const { recorder, handle, controller } = startWatch(seedFor('seed-restarting', endpoint), tokens(1), { opTimeoutMs: 1000, maxBackoffMs: 20 });
    try {
      await recorder.until(() => recorder.problems.length >= 5);
      expect(recorder.problems.filter((p) => p.fatal)).toEqual([]);
    } finally {
      controller.abort();
      await handle.done;
      await new Promise<void>((resolve) => restarting.close(() => resolve()));
    }
  });

  it('fails the seed after a few attempts instead of waiting forever', async () => {
    const endpoint = { host: '127.0.0.1', port, security: 'none' as const, auth: { user: 'x', pass: 'y' }, tls: { insecure: false } };
    const { recorder, handle } = startWatch(seedFor('seed-silent', endpoint), tokens(1), { opTimeoutMs: 300 });
    await handle.done;
    // Two more tries, then one fatal verdict, each naming the deadline that passed.
    expect(recorder.problems.map((p) => p.fatal)).toEqual([false, false, true]);
    for (const problem of recorder.problems) expect(problem.message).toMatch(/connecting to 127\.0\.0\.1:\d+ did not finish within 300 ms/);
  });
});
