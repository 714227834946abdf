/**
 * Reads a BIND master file: $ORIGIN, $TTL, "@", relative names, omitted owners, optional TTL and class
 * in either order, parentheses across lines, quoted strings with escapes, comments. Every problem is
 * collected as "file:line: what" and thrown together as one ZONE_INVALID error.
 */
import { LandedError } from '../../errors.ts';
import { lexZone, type LogicalLine, type Token } from './bind-lexer.ts';
import { isAtOrBelow } from './names.ts';
import { absoluteName, isKnownType, rdataFromFields, RdataError } from './rdata.ts';
import { parseTtl } from './ttl.ts';
import { checkZoneRecords } from './consistency.ts';
import type { Zone, ZoneRecord } from './types.ts';

const DEFAULT_TTL = 3600;
const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

export interface BindOptions {
  /** Origin before any $ORIGIN (from the command line or the file name). */
  origin?: string;
}

export function parseBindZone(source: string, file: string, options: BindOptions = {}): Zone {
  const lexed = lexZone(source);
  const problems = lexed.problems.map((p) => `${file}:${p.line}: ${p.message}`);
  const state: State = { origin: options.origin, ttl: undefined, owner: undefined, apex: undefined, records: [] };
  // A line the lexer could not read would only add confusing follow-up errors.
  const unreadable = new Set(lexed.problems.map((p) => p.line));
  for (const line of lexed.lines) {
    if (line.tokens.some((t) => unreadable.has(t.line))) continue;
    try {
      readLine(line, state, file);
    } catch (error) {
      if (!(error instanceof RdataError)) throw error;
      problems.push(`${file}:${line.line}: ${error.message}`);
    }
  }
  const apex = state.records.find((r) => r.type === 'SOA')?.name ?? state.apex;
  if (apex === undefined && !problems.length) problems.push(`${file}: no records and no $ORIGIN: cannot tell which zone this is`);
  for (const record of state.records) {
    if (apex !== undefined && !isAtOrBelow(record.name, apex)) problems.push(`${record.where}: ${record.name} is outside the zone ${apex}`);
  }
  problems.push(...checkZoneRecords(state.records));
  if (problems.length) {
    throw new LandedError('ZONE_INVALID', `${problems.length} problem(s) in the zone file`, {
      where: problems[0].split(': ')[0],
      problems,
      hint: 'Fix the lines named above; `named-checkzone ZONE FILE` reports the same kind of errors.',
    });
  }
  return { origin: apex!, file, format: 'bind', records: state.records };
}

interface State {
  origin: string | undefined;
  ttl: number | undefined;
  owner: string | undefined;
  /** The zone apex: the origin in effect at the first record, unless an SOA says otherwise. */
  apex: string | undefined;
  records: ZoneRecord[];
}

function readLine(line: LogicalLine, state: State, file: string): void {
  const [first, ...rest] = line.tokens;
  if (!line.inheritsOwner && first.text.startsWith('$') && !first.quoted) return readDirective(first.text.toUpperCase(), rest, state);

  let tokens = line.tokens;
  let owner = state.owner;
  if (!line.inheritsOwner) {
    owner = absoluteName(first.text, state.origin);
    tokens = rest;
  } else if (owner === undefined) {
    throw new RdataError('the record starts with white space but no earlier record names its owner');
  }
  let ttl: number | undefined;
  let index = 0;
  for (; index < tokens.length && index < 2; index++) {
    const text = tokens[index].text;
    const asTtl = parseTtl(text);
    if (asTtl !== undefined && ttl === undefined) ttl = asTtl;
    else if (CLASSES.has(text.toUpperCase())) {
      if (text.toUpperCase() !== 'IN') throw new RdataError(`class ${text} is not supported (only IN)`);
    } else break;
  }
  const typeToken = tokens[index];
  if (!typeToken) throw new RdataError('record has no type');
  const type = typeToken.text.toUpperCase();
  if (!isKnownType(type)) throw new RdataError(`"${typeToken.text}" is not a record type landed knows`);

  const data = rdataFromFields(type, tokens.slice(index + 1), state.origin);
  state.owner = owner;
  state.apex ??= state.origin ?? owner;
  const effectiveTtl = ttl ?? state.ttl ?? (data.type === 'SOA' ? data.minttl : DEFAULT_TTL);
  state.records.push({ ...data, name: owner!, ttl: effectiveTtl, where: `${file}:${line.line}` });
}

function readDirective(name: string, args: Token[], state: State): void {
  switch (name) {
    case '$ORIGIN':
      if (args.length !== 1) throw new RdataError('$ORIGIN takes one domain name');
      state.origin = absoluteName(args[0].text, state.origin);
      return;
    case '$TTL': {
      const ttl = args.length === 1 ? parseTtl(args[0].text) : undefined;
      if (ttl === undefined) throw new RdataError('$TTL takes one TTL (3600, 1h, 1d...)');
      state.ttl = ttl;
      return;
    }
    case '$INCLUDE':
    case '$GENERATE':
      throw new RdataError(`${name} is not supported: expand it into the file (e.g. with named-compilezone)`);
    default:
      throw new RdataError(`unknown directive ${name}`);
  }
}
