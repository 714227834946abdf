/** TXT lookups the way every record check needs them: joined strings, and "absent" told apart from "failed". */
import type { Resolver } from '../resolver.ts';
import { isNoRecord } from '../overlay/dns-errors.ts';
import { describeError } from '../../errors.ts';

export type TxtLookup =
  | { status: 'found'; records: string[] }
  | { status: 'absent'; code: 'ENOTFOUND' | 'ENODATA' }
  | { status: 'failed'; error: string };

export async function lookupTxt(resolver: Resolver, name: string): Promise<TxtLookup> {
  try {
    const answer = (await resolver(name, 'TXT')) as string[][];
    const records = answer.map((strings) => [].concat(strings as never).join(''));
    return records.length ? { status: 'found', records } : { status: 'absent', code: 'ENODATA' };
  } catch (error) {
    if (isNoRecord(error)) return { status: 'absent', code: (error as { code: 'ENOTFOUND' | 'ENODATA' }).code };
    return { status: 'failed', error: describeError(error) };
  }
}

/** The TXT records at `name` that start with `prefix` (e.g. "v=DMARC1"), case-insensitively. */
export async function lookupTagged(resolver: Resolver, name: string, version: RegExp): Promise<TxtLookup> {
  const found = await lookupTxt(resolver, name);
  if (found.status !== 'found') return found;
  const records = found.records.filter((r) => version.test(r));
  return records.length ? { status: 'found', records } : { status: 'absent', code: 'ENODATA' };
}

/** Addresses of a host (A and AAAA); empty when it has none. Failures other than "none" are thrown. */
export async function lookupAddresses(resolver: Resolver, host: string): Promise<string[]> {
  const all: string[] = [];
  for (const type of ['A', 'AAAA']) {
    try {
      all.push(...((await resolver(host, type)) as string[]));
    } catch (error) {
      if (!isNoRecord(error)) throw error;
    }
  }
  return all;
}
