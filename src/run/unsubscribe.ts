import { join } from 'node:path';
import { fieldsNamed, readHeaderBlock } from '../analysis/message/headers.ts';
import { readCapped } from '../capped-read.ts';
import { postOneClick } from '../content/unsubscribe.ts';
import type { ProbeResult } from '../results/types.ts';
import type { Scenario } from '../scenarios/types.ts';

/**
 * `landed run --unsubscribe-check`: for each probe of a bulk scenario found in a mailbox, the one-click
 * unsubscribe of the message as it arrived is tried once (RFC 8058 POST, no cookies) and its status recorded.
 * One URI per scenario and seed is enough: the same list, the same endpoint.
 */
export async function checkUnsubscribes(probes: ProbeResult[], scenarios: Map<string, Scenario>, runDir: string): Promise<void> {
  for (const probe of probes) {
    if (!scenarios.get(probe.scenario)?.bulk || !probe.messageFile || (probe.placement !== 'inbox' && probe.placement !== 'spam')) continue;
    try {
      const raw = await readCapped(join(runDir, probe.messageFile), { maxBytes: 50 * 1024 * 1024 });
      const header = fieldsNamed(readHeaderBlock(raw).fields, 'list-unsubscribe')[0]?.value;
      probe.unsubscribe = header ? await postOneClick(header) : { ok: false, error: 'no List-Unsubscribe header in the message as received' };
    } catch (error) {
      probe.unsubscribe = { ok: false, error: `the saved message could not be read: ${(error as Error).message}` };
    }
  }
}
