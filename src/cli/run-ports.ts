import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../async/deadline.ts';
import type { ResolvedConfig } from '../config/types.ts';
import { cachingResolver, createResolver } from '../dns/resolver.ts';
import { watchBounces, watchSeed } from '../mailboxes/watch.ts';
import { openRoute } from '../routes/index.ts';
import { Journal } from '../run/journal.ts';
import type { RunPorts } from '../run/ports.ts';

/** The real parts of a run: routes as configured, IMAP watchers, live DNS, the wall clock, the journal file. */
export async function livePorts(config: ResolvedConfig, runDir: string): Promise<RunPorts> {
  await mkdir(runDir, { recursive: true });
  return {
    routes: (id) => openRoute(config.routes.get(id)!),
    watcher: { watchSeed, watchBounces },
    // One DNS cache per run: thousands of messages from a few domains ask the same names (failures are not kept).
    resolver: cachingResolver(createResolver({ servers: config.dnsServers })),
    clock: { now: () => Date.now(), sleep },
    journal: new Journal(join(runDir, 'journal.jsonl')),
  };
}
