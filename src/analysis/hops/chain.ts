import { LIMITS } from '../limits.ts';
import type { HeaderField } from '../message/headers.ts';
import type { PositionedHop } from './inbound.ts';
import { parseReceived } from './received.ts';

const MAX_HOP_PROBLEMS = 3;

/** The Received fields read into hops, newest (topmost) first; at most LIMITS.hops, the newest ones. */
export function readReceivedChain(fields: HeaderField[], problems: string[]): PositionedHop[] {
  const received = fields.filter((f) => f.key === 'received');
  if (received.length > LIMITS.hops) problems.push(`${received.length} Received fields: only the ${LIMITS.hops} newest were read`);
  let reported = 0;
  return received.slice(0, LIMITS.hops).map((field, n) => {
    const parsed = parseReceived(field.value);
    for (const problem of parsed.problems) {
      if (reported++ < MAX_HOP_PROBLEMS) problems.push(`Received #${n + 1} from the top: ${problem}`);
    }
    return { index: field.index, hop: parsed.hop };
  });
}
