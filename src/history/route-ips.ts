/**
 * The addresses each route was seen sending from: the sending IP the analysis found in each delivered
 * probe. The DMARC report (src/dmarc) matches the source IPs receivers report against these first.
 */
import { isIP } from 'node:net';
import type { RunResult } from '../results/types.ts';
import { prepared, type HistoryDb } from './db.ts';

export function recordRouteIps(db: HistoryDb, run: RunResult): void {
  const at = Date.parse(run.startedAt);
  const upsert = prepared(
    db,
    `INSERT INTO route_ips (route, ip, last_seen) VALUES (?, ?, ?)
     ON CONFLICT (route, ip) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
  );
  const seen = new Set<string>();
  for (const probe of run.probes) {
    const ip = probe.analysis?.path.sendingIp?.toLowerCase();
    if (!ip || !isIP(ip) || seen.has(`${probe.route} ${ip}`)) continue;
    seen.add(`${probe.route} ${ip}`);
    upsert.run(probe.route, ip, at);
  }
}

/** Route ids by sending IP, as seen in runs since `since` (ms). */
export function routesByIp(db: HistoryDb, since = 0): Map<string, string[]> {
  const rows = prepared(db, 'SELECT ip, route FROM route_ips WHERE last_seen >= ? ORDER BY ip, route').all(since) as { ip: string; route: string }[];
  return new Map([...Map.groupBy(rows, (row) => row.ip)].map(([ip, ofIp]) => [ip, ofIp.map((row) => row.route)]));
}
