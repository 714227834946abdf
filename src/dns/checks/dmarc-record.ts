/** A DMARC policy record (RFC 9989 section 4.7) read for linting: every tag kept, every oddity listed. */
import { parseTagList } from './tags.ts';

export const POLICIES = ['none', 'quarantine', 'reject'];
const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 't', 'psd']);
/** Removed by RFC 9989: receivers ignore them. */
export const OBSOLETE_TAGS = new Set(['pct', 'rf', 'ri']);

export interface DmarcRecord {
  tags: Map<string, string>;
  /** Syntax problems that make receivers ignore the record or a tag. */
  problems: string[];
  unknownTags: string[];
  obsoleteTags: string[];
  /** The policy receivers apply: p when valid, `none` when p is invalid but rua is usable, else undefined. */
  policy?: string;
}

export function readDmarcRecord(text: string): DmarcRecord {
  const list = parseTagList(text);
  const tags = new Map([...list.tags].map(([k, v]) => [k.toLowerCase(), v]));
  const problems = [...list.problems];
  if (list.order[0] !== 'v' || tags.get('v') !== 'DMARC1') problems.push('the record must start with "v=DMARC1"');
  for (const name of list.order) if (name !== name.toLowerCase() && name !== 'v' && name !== 'V') problems.push(`tag names are lower case: "${name}"`);
  const p = tags.get('p')?.toLowerCase();
  if (p === undefined) problems.push('p= is missing');
  else if (!POLICIES.includes(p)) problems.push(`p=${tags.get('p')} is not none, quarantine or reject`);
  for (const tag of ['sp', 'np']) {
    const value = tags.get(tag)?.toLowerCase();
    if (value !== undefined && !POLICIES.includes(value)) problems.push(`${tag}=${tags.get(tag)} is not none, quarantine or reject`);
  }
  for (const tag of ['adkim', 'aspf']) {
    const value = tags.get(tag)?.toLowerCase();
    if (value !== undefined && value !== 'r' && value !== 's') problems.push(`${tag}=${tags.get(tag)} is not r or s`);
  }
  const t = tags.get('t')?.toLowerCase();
  if (t !== undefined && t !== 'y' && t !== 'n') problems.push(`t=${tags.get('t')} is not y or n`);
  const usableRua = reportUris(tags.get('rua')).some((u) => u.valid);
  return {
    tags,
    problems,
    unknownTags: [...tags.keys()].filter((k) => !KNOWN_TAGS.has(k) && !OBSOLETE_TAGS.has(k)),
    obsoleteTags: [...tags.keys()].filter((k) => OBSOLETE_TAGS.has(k)),
    policy: p && POLICIES.includes(p) ? p : usableRua ? 'none' : undefined,
  };
}

export interface ReportUri {
  uri: string;
  valid: boolean;
  /** The domain of a mailto: address. */
  mailDomain?: string;
}

export function reportUris(value: string | undefined): ReportUri[] {
  if (!value) return [];
  return value.split(',').map((raw) => {
    const uri = raw.trim().replace(/![0-9]+[kmgt]?$/i, '');
    const mail = /^mailto:[^@\s]+@([^@\s?]+)$/i.exec(uri);
    if (mail) return { uri, valid: true, mailDomain: mail[1].toLowerCase() };
    return { uri, valid: /^https:\/\/[^\s]+$/i.test(uri) };
  });
}
