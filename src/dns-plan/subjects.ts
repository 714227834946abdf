/**
 * What the findings of a plan are about: the domains a proposal touches, the addresses that really send for
 * them, and the DKIM selectors in use (seen in messages, or published in the proposal).
 */
import { domainOf } from '../address.ts';
import { isAtOrBelow } from '../dns/zone/names.ts';
import type { Zone } from '../dns/zone/types.ts';
import type { ReplayInput } from './run-input.ts';
import type { ReplayVerdicts } from './types.ts';

export interface PlanSubjects {
  domains: string[];
  sendingIps: Record<string, string[]>;
  selectors: Record<string, string[]>;
}

export function planSubjects(zones: Zone[], replays: Array<{ input: ReplayInput; before: ReplayVerdicts }>, extraDomains: string[] = []): PlanSubjects {
  const sendingIps: Record<string, string[]> = {};
  const selectors: Record<string, string[]> = {};
  const add = (map: Record<string, string[]>, key: string, value: string) => {
    if (!(map[key] ??= []).includes(value)) map[key].push(value);
  };
  const candidates = new Set<string>([...zones.map((z) => z.origin), ...extraDomains]);
  for (const { input, before } of replays) {
    const mailFrom = domainOf(input.sender) ?? input.helo?.toLowerCase();
    if (mailFrom) {
      add(sendingIps, mailFrom, input.ip);
      candidates.add(mailFrom);
    }
    if (before.headerFrom) candidates.add(before.headerFrom);
    for (const s of before.signatures) if (s.domain && s.selector) add(selectors, s.domain.toLowerCase(), s.selector.toLowerCase());
  }
  for (const zone of zones) {
    for (const record of zone.records) {
      const match = /^([^.]+)\._domainkey\.(.+)$/.exec(record.name);
      if (match && record.type === 'TXT') add(selectors, match[2], match[1]);
    }
  }
  // A reverse zone changes PTR answers for every sending address, so every sending domain is affected.
  const touchesReverse = zones.some((z) => z.origin.endsWith('.arpa'));
  const domains = [...candidates].filter((d) => touchesReverse || zones.some((z) => isAtOrBelow(d, z.origin))).sort();
  return { domains, sendingIps, selectors };
}
