/**
 * The overlay resolver: names at or below a proposed zone's apex are answered only from the proposal
 * (NXDOMAIN and NODATA included), every other name from the base resolver. CNAMEs are followed the way
 * a recursive resolver follows them, across the proposal and live DNS.
 */
import type { Resolver } from '../resolver.ts';
import { isAtOrBelow, normalizeName } from '../zone/names.ts';
import type { Zone, ZoneRecord } from '../zone/types.ts';
import { dnsError } from './dns-errors.ts';
import { ZoneIndex } from './zone-index.ts';

/** More CNAMEs in a row than this is a loop (BIND gives up at 16, most stubs sooner). */
const MAX_CNAME_CHAIN = 8;

/** A base for "the proposal on its own": every name outside it does not exist. */
export const emptyResolver: Resolver = async (name, rrtype) => {
  throw dnsError('ENOTFOUND', name, rrtype);
};

export function createOverlayResolver(zones: Zone[], base: Resolver = emptyResolver): Resolver {
  // The most specific apex wins when one proposed zone sits inside another.
  const indexes = zones.map((z) => new ZoneIndex(z)).sort((a, b) => b.origin.length - a.origin.length);
  const indexFor = (name: string) => indexes.find((index) => isAtOrBelow(name, index.origin));

  const resolve = async (rawName: string, rawType: string, hops: number): Promise<unknown> => {
    const name = normalizeName(rawName);
    const rrtype = rawType.toUpperCase();
    const index = indexFor(name);
    if (!index) return base(rawName, rawType);
    const answer = index.lookup(name, rrtype);
    switch (answer.kind) {
      case 'delegated':
        return base(rawName, rawType);
      case 'nxdomain':
        throw dnsError('ENOTFOUND', rawName, rrtype);
      case 'nodata':
        throw dnsError('ENODATA', rawName, rrtype);
      case 'cname':
        if (hops >= MAX_CNAME_CHAIN) throw dnsError('ESERVFAIL', rawName, rrtype);
        return resolve(answer.target, rrtype, hops + 1).catch((error: { code?: string }) => {
          // node:dns (c-ares) answers [] when the answer holds a CNAME but no record of the type asked.
          if (error.code === 'ENODATA') return [];
          throw error;
        });
      case 'answer':
        return formatAnswer(answer.records, rrtype);
    }
  };
  return (name, rrtype) => resolve(name, rrtype, 0);
}

/** The shapes node:dns `resolve` returns, which is what mailauth expects. */
function formatAnswer(records: ZoneRecord[], rrtype: string): unknown {
  const first = records[0];
  if (first.type === 'SOA') {
    const { nsname, hostmaster, serial, refresh, retry, expire, minttl } = first;
    return { nsname, hostmaster, serial, refresh, retry, expire, minttl };
  }
  return records.map((record) => {
    switch (record.type) {
      case 'TXT':
        return [...record.strings];
      case 'MX':
        return { exchange: record.exchange, priority: record.priority };
      case 'CAA':
        return { critical: record.critical, [record.tag]: record.value };
      case 'OTHER':
        return record.text;
      case 'SOA':
        throw new Error(`unreachable: SOA in a ${rrtype} answer`);
      default:
        return record.value;
    }
  });
}
