/** Checks across records that a name server would refuse to load. Returns "where: problem" lines. */
import type { ZoneRecord } from './types.ts';

export function checkZoneRecords(records: ZoneRecord[]): string[] {
  const problems: string[] = [];
  const byName = Map.groupBy(records, (record) => record.name);
  for (const [name, list] of byName) {
    const cname = list.find((r) => r.type === 'CNAME');
    // RFC 1034 section 3.6.2: a CNAME owner has no other data (DNSSEC types aside, which we do not model).
    if (cname && list.some((r) => r.type !== 'CNAME' && r.type !== 'OTHER')) {
      problems.push(`${cname.where}: ${name} has a CNAME and other records; a CNAME must be the only record at its name`);
    }
    if (list.filter((r) => r.type === 'CNAME').length > 1) problems.push(`${cname!.where}: ${name} has more than one CNAME`);
  }
  return problems;
}
