import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ProcessPart } from '../../src/lab/daemon/process-part.ts';

/**
 * A server like Dovecot: the master listens and hands its listening socket to a worker that outlives the
 * master by a second after SIGTERM. A restart must wait for the worker to let go of the port.
 */
const SERVER = `
const net = require('node:net');
const { fork } = require('node:child_process');
const [, script, role, host, port] = process.argv;
if (role === 'worker') {
  process.on('message', (_m, server) => {
    process.disconnect();
    const master = Number(process.env.MASTER);
    const watch = setInterval(() => {
      try { process.kill(master, 0); } catch { clearInterval(watch); setTimeout(() => process.exit(0), 1000); }
    }, 20);
  });
} else {
  const server = net.createServer((s) => s.end()).listen(Number(port), host, () => {
    const worker = fork(script, ['worker'], { env: { ...process.env, MASTER: String(process.pid) }, detached: true, stdio: 'ignore' });
    worker.send('listen', server);
  });
  server.on('error', (e) => { console.error(e.message); process.exit(1); });
  process.on('SIGTERM', () => process.exit(0));
}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'landed-process-part-'));
  await writeFile(join(dir, 'server.cjs'), SERVER);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('restarts a server whose workers keep its listening socket a moment after the master exits', async () => {
  const port = await freePort();
  const part = new ProcessPart({
    name: 'server',
    command: process.execPath,
    args: [join(dir, 'server.cjs'), 'master', '127.0.0.1', String(port)],
    logFile: join(dir, 'server.log'),
    pidFile: join(dir, 'server.pid'),
    readyPorts: [{ host: '127.0.0.1', port }],
  });
  await part.start();
  try {
    await part.stop();
    await part.start();
    // By now the first master's worker has exited: only a master that really listens is left running.
    await sleep(1500);
    expect(part.running).toBe(true);
  } finally {
    await part.stop();
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
