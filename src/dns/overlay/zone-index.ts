/**
 * Answers one question from one zone's records the way its authoritative server would: an answer, a CNAME
 * to follow, a referral below a zone cut, NODATA (the name exists, also as an empty non-terminal) or
 * NXDOMAIN. Wildcards are matched at the closest encloser (RFC 4592).
 */
import { normalizeName, parentName } from '../zone/names.ts';
import { rrtypeOf, type Zone, type ZoneRecord } from '../zone/types.ts';

export type ZoneAnswer =
  | { kind: 'answer'; records: ZoneRecord[] }
  | { kind: 'cname'; target: string }
  | { kind: 'delegated' }
  | { kind: 'nodata' }
  | { kind: 'nxdomain' };

export class ZoneIndex {
  readonly zone: Zone;
  readonly origin: string;
  private readonly byName = new Map<string, ZoneRecord[]>();
  /** Every owner name and every name between it and the apex (empty non-terminals exist too). */
  private readonly existing = new Set<string>();
  /** Names with NS records below the apex: the proposal delegates them elsewhere. */
  private readonly cuts = new Set<string>();

  constructor(zone: Zone) {
    this.zone = zone;
    this.origin = normalizeName(zone.origin);
    for (const record of zone.records) {
      const named = this.byName.get(record.name);
      if (named) named.push(record);
      else this.byName.set(record.name, [record]);
      if (record.type === 'NS' && record.name !== this.origin) this.cuts.add(record.name);
      for (let n: string | undefined = record.name; n !== undefined && n !== parentName(this.origin); n = parentName(n)) {
        this.existing.add(n);
        if (n === this.origin) break;
      }
    }
  }

  lookup(rawName: string, rrtype: string): ZoneAnswer {
    const name = normalizeName(rawName);
    if (this.isBelowCut(name)) return { kind: 'delegated' };
    const own = this.byName.get(name);
    if (own) return this.select(own, rrtype);
    if (this.existing.has(name)) return { kind: 'nodata' };
    const wildcard = this.byName.get(`*.${this.closestEncloser(name)}`);
    if (wildcard) return this.select(wildcard.map((r) => ({ ...r, name })), rrtype);
    return { kind: 'nxdomain' };
  }

  private select(records: ZoneRecord[], rrtype: string): ZoneAnswer {
    const matching = records.filter((r) => rrtypeOf(r) === rrtype);
    if (matching.length) return { kind: 'answer', records: matching };
    const cname = records.find((r) => r.type === 'CNAME');
    if (cname && cname.type === 'CNAME') return { kind: 'cname', target: cname.value };
    return { kind: 'nodata' };
  }

  /** True for names at or below a delegation point: a recursive resolver would ask the child zone. */
  private isBelowCut(name: string): boolean {
    for (let n: string | undefined = name; n && n !== this.origin; n = parentName(n)) {
      if (this.cuts.has(n)) return true;
    }
    return false;
  }

  private closestEncloser(name: string): string {
    let n = parentName(name);
    while (n !== undefined && n !== this.origin && !this.existing.has(n)) n = parentName(n);
    return n ?? this.origin;
  }
}
