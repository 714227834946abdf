/**
 * Reads an OctoDNS YAML zone (the YamlProvider format: `<zone>.yaml`, one key per name relative to the
 * zone, '' for the apex, each a record or a list of records `{type, ttl?, value | values}`).
 * TXT values follow OctoDNS: `;` is escaped as `\;`, and long values are split into 255-byte
 * character-strings the way OctoDNS splits them when it publishes.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { LandedError } from '../../errors.ts';
import { absoluteName, isKnownType, ipv4, ipv6, RdataError, uint, TXT_STRING_MAX } from './rdata.ts';
import { checkZoneRecords } from './consistency.ts';
import type { RecordData, Zone, ZoneRecord } from './types.ts';

const DEFAULT_TTL = 3600;

export function parseOctodnsZone(source: string, file: string, origin: string): Zone {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | Pair | null | undefined) => {
    const offset = node && 'range' in node && node.range ? node.range[0] : ((node as Pair)?.key as Node)?.range?.[0];
    return lines.linePos(offset ?? 0).line;
  };
  const problems = doc.errors.map((e) => `${file}:${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  const records: ZoneRecord[] = [];
  if (!problems.length && doc.contents !== null && !isMap(doc.contents)) problems.push(`${file}:1: expected a map of record names`);
  if (!problems.length && isMap(doc.contents)) {
    for (const pair of (doc.contents as YAMLMap).items) {
      const relative = String((pair.key as { value?: unknown })?.value ?? '');
      const entries = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const entry of entries) {
        const where = `${file}:${lineOf(entry as Node) || lineOf(pair)}`;
        try {
          const name = absoluteName(relative === '' ? '@' : relative.replace(/\.$/, ''), origin);
          const raw = (entry as Node)?.toJSON?.() as Record<string, unknown> | undefined;
          for (const data of recordsFrom(raw, origin)) records.push({ ...data, name, ttl: ttlOf(raw), where });
        } catch (error) {
          if (!(error instanceof RdataError)) throw error;
          problems.push(`${where}: ${relative || "'' (apex)"}: ${error.message}`);
        }
      }
    }
  }
  problems.push(...checkZoneRecords(records));
  if (problems.length) {
    throw new LandedError('ZONE_INVALID', `${problems.length} problem(s) in the OctoDNS zone`, {
      where: problems[0].split(': ')[0],
      problems,
      hint: '`octodns-validate` reports the same kind of errors.',
    });
  }
  return { origin, file, format: 'octodns', records };
}

function ttlOf(raw: Record<string, unknown> | undefined): number {
  return raw?.ttl === undefined ? DEFAULT_TTL : uint(raw.ttl as number, 2147483647, 'ttl');
}

function recordsFrom(raw: Record<string, unknown> | undefined, origin: string): RecordData[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RdataError('a record must be a map with type and value(s)');
  const type = String(raw.type ?? '').toUpperCase();
  if (!type) throw new RdataError('record has no type');
  if (!isKnownType(type)) throw new RdataError(`"${raw.type}" is not a record type landed knows`);
  const values = raw.values ?? (raw.value === undefined ? undefined : [raw.value]);
  if (!Array.isArray(values) || !values.length) throw new RdataError(`${type} record needs "value" or "values"`);
  return values.map((value) => valueToData(type, value, origin));
}

function valueToData(type: string, value: unknown, origin: string): RecordData {
  const text = () => {
    if (typeof value !== 'string' && typeof value !== 'number') throw new RdataError(`${type} value must be a string`);
    return String(value);
  };
  const fqdn = () => {
    if (!text().endsWith('.')) throw new RdataError(`${type} value "${value}" must be a fully qualified name ending in "." (OctoDNS requires it)`);
    return absoluteName(text(), origin);
  };
  const field = (key: string) => (value as Record<string, unknown>)?.[key];
  switch (type) {
    case 'A':
      return { type, value: ipv4(text()) };
    case 'AAAA':
      return { type, value: ipv6(text()) };
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return { type, value: fqdn() };
    case 'MX': {
      const exchange = field('exchange') ?? field('value');
      if (typeof exchange !== 'string' || !exchange.endsWith('.')) throw new RdataError('MX value needs "exchange", a name ending in "."');
      return { type, priority: uint((field('preference') ?? field('priority')) as number, 65535, 'MX preference'), exchange: absoluteName(exchange, origin) };
    }
    case 'TXT':
    case 'SPF':
      return { type: 'TXT', strings: chunk(unescapeTxt(text())) };
    case 'CAA':
      return { type, critical: uint((field('flags') ?? 0) as number, 255, 'CAA flags'), tag: String(field('tag') ?? ''), value: String(field('value') ?? '') };
    default:
      return { type: 'OTHER', rrtype: type, text: JSON.stringify(value) };
  }
}

/** OctoDNS refuses an unescaped ";" in TXT values; `\;` is a literal semicolon. */
function unescapeTxt(value: string): string {
  if (/(^|[^\\]);/.test(value)) throw new RdataError(`unescaped ";" in TXT value: write it as "\\;" (OctoDNS requires it)`);
  return value.replace(/\\([;\\])/g, '$1');
}

/** Splits a long value into character-strings of at most 255 bytes, never inside a UTF-8 sequence. */
function chunk(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const strings: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + TXT_STRING_MAX, bytes.length);
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    strings.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return strings.length ? strings : [''];
}
