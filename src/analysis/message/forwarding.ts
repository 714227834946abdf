import { capPrintable, LIMITS } from '../limits.ts';
import type { ArcChain, Forwarding } from '../types.ts';
import { domainOf } from '../../address.ts';
import type { HeaderField } from './headers.ts';

/**
 * Whether the message was forwarded on its way to the seed, from what forwarders leave behind: an ARC set
 * (sealed by whoever re-sent it), a List-Id (a mailing list), or an envelope sender at the receiver that is
 * not the one the probe was sent with (a list's own bounce address, SRS). A forwarder that does none of
 * these is invisible here.
 */
export function detectForwarding(fields: HeaderField[], arc: ArcChain | undefined, returnPath: string | undefined, sentMailFrom: string | undefined): Forwarding | undefined {
  const evidence: string[] = [];
  let by: string | undefined;
  if (arc?.sets.length) {
    by = arc.sets[0].sealer;
    evidence.push(`ARC ${arc.sets.map((s) => `i=${s.instance} sealed by ${s.sealer}`).join(', ')}`);
  }
  const listId = fields.find((f) => f.key === 'list-id')?.value;
  if (listId !== undefined) {
    const id = capPrintable(/<([^>]*)>/.exec(listId)?.[1] ?? listId, LIMITS.short);
    by ??= id;
    evidence.push(`List-Id ${id}`);
  }
  const returned = returnPath?.toLowerCase();
  const sent = sentMailFrom?.toLowerCase();
  if (returned && sent && returned !== sent) {
    by ??= domainOf(returned) ?? returned;
    evidence.push(`envelope sender rewritten from ${sent} to ${returned}`);
  }
  return by ? { by, evidence } : undefined;
}
