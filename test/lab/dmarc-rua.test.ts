import { describe, expect, it } from 'vitest';
import type { DaemonContext } from '../../src/lab/daemon/daemon-context.ts';
import { ruaAddresses } from '../../src/lab/daemon/dmarc-reports.ts';
import type { LabEvent } from '../../src/lab/types.ts';

/** A daemon context with just what the rua lookup uses: a resolver over `txt` and an event list. */
function context(txt: Record<string, string>) {
  const events: Array<Partial<LabEvent>> = [];
  const resolver = async (name: string) => {
    if (!(name in txt)) throw Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' });
    return [[txt[name]]];
  };
  return { ctx: { resolver, events: { add: (e: Partial<LabEvent>) => events.push(e) } } as unknown as DaemonContext, events };
}

describe('the lab providers\' rua lookup', () => {
  it('reports to the domain\'s own mailbox, and to another domain only when that domain authorizes it', async () => {
    const { ctx, events } = context({
      '_dmarc.stale.test': 'v=DMARC1; p=quarantine; rua=mailto:dmarc@stale.test,mailto:dmarc@acme.test!10m,mailto:x@stranger.test',
      'stale.test._report._dmarc.acme.test': 'v=DMARC1',
    });
    expect(await ruaAddresses(ctx, 'stale.test', 'mx:strict')).toEqual(['dmarc@stale.test', 'dmarc@acme.test']);
    expect(events).toEqual([{ part: 'mx:strict', kind: 'dropped', to: 'mailto:x@stranger.test',
      detail: 'DMARC report for stale.test not sent: stranger.test has not authorized it (no stale.test._report._dmarc.stranger.test)' }]);
  });

  it('sends nothing for a domain without a DMARC record or without rua', async () => {
    const { ctx } = context({ '_dmarc.lists.test': 'v=DMARC1; p=none' });
    expect(await ruaAddresses(ctx, 'nodmarc.test', 'mx:strict')).toEqual([]);
    expect(await ruaAddresses(ctx, 'lists.test', 'mx:strict')).toEqual([]);
  });
});
