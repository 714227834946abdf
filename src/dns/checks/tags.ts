/**
 * The `tag=value; tag=value` lists of DKIM (RFC 6376 section 3.2), DMARC, MTA-STS, TLS-RPT and BIMI
 * records. Tag names keep their case (each caller decides); duplicates and malformed parts are reported.
 */
export interface TagList {
  tags: Map<string, string>;
  /** In the order written. */
  order: string[];
  problems: string[];
}

export function parseTagList(record: string): TagList {
  const tags = new Map<string, string>();
  const order: string[] = [];
  const problems: string[] = [];
  for (const part of record.split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) {
      problems.push(`"${trimmed}" is not a tag=value pair`);
      continue;
    }
    const name = trimmed.slice(0, eq).trim();
    if (tags.has(name)) problems.push(`tag "${name}" appears more than once`);
    tags.set(name, trimmed.slice(eq + 1).trim());
    order.push(name);
  }
  return { tags, order, problems };
}
