import type { Resolver } from '../resolver.ts';
import type { Blocklist } from './lists.ts';
import { askList } from './query.ts';

/**
 * RFC 5782 section 5: every IP list lists 127.0.0.2 and never 127.0.0.1; every domain list lists `test`
 * and never `invalid`. A list (or the resolver in front of it) that fails this gives no usable answer:
 * a resolver that answers NXDOMAIN for everything would otherwise make every address look clean.
 */
export async function testList(resolver: Resolver, list: Blocklist): Promise<{ usable: true } | { usable: false; reason: string }> {
  const [mustList, mustNot] = list.kind === 'ip' ? ['127.0.0.2', '127.0.0.1'] : ['test', 'invalid'];
  const [listed, clean] = await Promise.all([askList(resolver, list, mustList), askList(resolver, list, mustNot)]);
  if (listed.state === 'unusable') return { usable: false, reason: `self-test ${mustList}: ${listed.reason}` };
  if (listed.state !== 'listed') return { usable: false, reason: `self-test: the test entry ${mustList} is not listed (the resolver may answer NXDOMAIN for everything, or the zone is wrong)` };
  if (clean.state === 'unusable') return { usable: false, reason: `self-test ${mustNot}: ${clean.reason}` };
  if (clean.state === 'listed') return { usable: false, reason: `self-test: ${mustNot} is listed (${clean.codes.join(', ')}), which no working list does: the list or resolver answers yes to everything` };
  return { usable: true };
}
