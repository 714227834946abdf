/** BIND TTL syntax: seconds, or units (1w2d3h4m5s, case-insensitive). Undefined when it is not a TTL. */
export function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[wdhms])+$/i.test(text)) return undefined;
  const seconds: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([wdhms])/gi)) total += Number(n) * seconds[unit.toLowerCase()];
  return total;
}
