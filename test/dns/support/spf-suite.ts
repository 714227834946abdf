/**
 * Runs SPF test scenarios in the OpenSPF YAML format (the RFC 7208 test suite's format): each document has
 * `tests` (helo, host, mailfrom, result) and `zonedata` (name -> [{TYPE: value} | TIMEOUT]). The zone data
 * is served through our overlay resolver; the suite's driver conventions are kept: SPF-type records are
 * also published as TXT unless the name has TXT entries, `TIMEOUT` makes any other type at the name time
 * out, and names under `error.` time out.
 */
import { parseAllDocuments } from 'yaml';
import { evaluateSpf } from '../../../src/dns/checks/spf-eval.ts';
import { createOverlayResolver } from '../../../src/dns/overlay/overlay.ts';
import { dnsError } from '../../../src/dns/overlay/dns-errors.ts';
import type { Resolver } from '../../../src/dns/resolver.ts';
import type { RecordData, ZoneRecord } from '../../../src/dns/zone/types.ts';

export interface SpfCase {
  id: string;
  scenario: string;
  helo: string;
  host: string;
  mailfrom: string;
  /** One result, or several acceptable ones. */
  result: string | string[];
  /** The explanation a `fail` carries (from exp=); `DEFAULT` means the checker's own, i.e. none from the domain. */
  explanation?: string;
}

export interface SpfScenario {
  description: string;
  cases: SpfCase[];
  resolver: Resolver;
}

export function loadSpfSuite(text: string): SpfScenario[] {
  return parseAllDocuments(text).map((doc) => {
    const data = doc.toJS() as { description: string; tests: Record<string, Omit<SpfCase, 'id' | 'scenario'>>; zonedata?: Record<string, unknown[]> };
    const cases = Object.entries(data.tests).map(([id, t]) => ({ id, scenario: data.description, ...t, mailfrom: t.mailfrom ?? '' }));
    return { description: data.description, cases, resolver: suiteResolver(data.zonedata ?? {}) };
  });
}

export async function runSpfCase(scenario: SpfScenario, test: SpfCase): Promise<{ ok: boolean; got: string; explanation?: string }> {
  const verdict = await evaluateSpf(scenario.resolver, { ip: test.host, sender: test.mailfrom, helo: test.helo });
  const expected = ([] as string[]).concat(test.result);
  return { ok: expected.includes(verdict.result), got: verdict.result, explanation: verdict.explanation };
}

/** The explanation a case expects from the domain, when the suite gives one: `DEFAULT` is none (the checker's own). */
export function expectedExplanation(test: SpfCase): { expected: string | undefined } | undefined {
  if (test.explanation === undefined) return undefined;
  return { expected: test.explanation === 'DEFAULT' ? undefined : test.explanation };
}

function suiteResolver(zonedata: Record<string, unknown[]>): Resolver {
  const records: ZoneRecord[] = [];
  const timeouts = new Map<string, Set<string>>(); // name -> types that do NOT time out
  for (const [rawName, entries] of Object.entries(zonedata)) {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const hasTxt = entries.some((e) => typeof e === 'object' && e !== null && 'TXT' in e);
    const present = new Set<string>();
    for (const entry of entries) {
      if (entry === 'TIMEOUT') {
        timeouts.set(name, present);
        continue;
      }
      for (const [type, value] of Object.entries(entry as Record<string, unknown>)) {
        // Only real entries listed before TIMEOUT answer; an SPF-type entry never answers a TXT query there.
        if (value !== 'NONE') present.add(type);
        if (value === 'NONE' || (type === 'SPF' && hasTxt)) continue;
        const data = toData(type === 'SPF' ? 'TXT' : type, value);
        if (data) records.push({ ...data, name, ttl: 60, where: 'suite' });
      }
    }
  }
  const zone = createOverlayResolver([{ origin: '', file: 'suite', format: 'bind', records }]);
  return async (rawName, rrtype) => {
    const name = rawName.toLowerCase().replace(/\.$/, '');
    const alive = timeouts.get(name);
    if ((alive && !alive.has(rrtype)) || name.startsWith('error.')) throw dnsError('ETIMEOUT', rawName, rrtype);
    return zone(rawName, rrtype);
  };
}

function toData(type: string, value: unknown): RecordData | undefined {
  switch (type) {
    case 'TXT':
      return { type: 'TXT', strings: ([] as unknown[]).concat(value).map(String) };
    case 'A':
    case 'AAAA':
    case 'PTR':
    case 'CNAME':
      return { type, value: String(value).toLowerCase().replace(/\.$/, '') };
    case 'MX': {
      const [priority, exchange] = value as [number, string];
      return { type: 'MX', priority, exchange: String(exchange).toLowerCase().replace(/\.$/, '') };
    }
    default:
      return undefined;
  }
}
