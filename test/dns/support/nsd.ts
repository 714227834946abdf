/**
 * A throwaway NSD serving the given zone files on one loopback address, for tests that compare our
 * resolvers with a real authoritative server. Stops with the returned `stop()`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver as NodeResolver } from 'node:dns/promises';
import { createResolver, type Resolver } from '../../../src/dns/resolver.ts';

export interface TestNsd {
  resolver: Resolver;
  server: string;
  stop(): Promise<void>;
}

export async function startNsd(address: string, zones: Array<{ origin: string; text: string }>, port = 5300): Promise<TestNsd> {
  const dir = await mkdtemp(join(tmpdir(), 'landed-dns-nsd-'));
  const conf = [
    'server:',
    `  ip-address: ${address}@${port}`,
    `  port: ${port}`,
    '  server-count: 1',
    '  username: ""',
    '  chroot: ""',
    '  database: ""',
    `  zonesdir: "${dir}"`,
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  xfrdir: "${dir}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    `  cookie-secret-file: "${join(dir, 'cookie.secret')}"`,
    'remote-control:',
    '  control-enable: no',
  ];
  for (const [i, zone] of zones.entries()) {
    await writeFile(join(dir, `z${i}.zone`), zone.text);
    conf.push('zone:', `  name: "${zone.origin}"`, `  zonefile: "z${i}.zone"`);
  }
  await writeFile(join(dir, 'nsd.conf'), `${conf.join('\n')}\n`);
  const child = spawn('nsd', ['-d', '-c', join(dir, 'nsd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server = `${address}:${port}`;
  await waitUntilAnswering(server, zones[0].origin, () => child.exitCode !== null, () => stderr);
  return {
    resolver: createResolver({ servers: [server], timeoutMs: 1000, tries: 1 }),
    server,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(server: string, origin: string, died: () => boolean, log: () => string): Promise<void> {
  const probe = new NodeResolver({ timeout: 200, tries: 1 });
  probe.setServers([server]);
  for (let i = 0; i < 100; i++) {
    if (died()) throw new Error(`nsd exited: ${log()}`);
    try {
      await probe.resolveSoa(origin);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nsd did not answer on ${server}: ${log()}`);
}
