/**
 * Benchmark of DMARC aggregate reports: 10,000 gzipped RFC 9990 reports holding 1,000,000 records in all
 * (100 each, from a pool of 5,000 source IPs) written to a temp folder, then imported the way
 * `landed dmarc import DIR` does (read, gunzip, parse, store), and the `landed dmarc report` query over them
 * (SQL aggregation, route matching with SPF through an in-memory zone, PTR of the unknown senders).
 * Run alone (`node bench/dmarc.ts`) or from bench/index.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { importReportFiles } from '../src/dmarc/import.ts';
import { routeMatcher } from '../src/dmarc/join.ts';
import { buildDmarcReport } from '../src/dmarc/report.ts';
import { createOverlayResolver } from '../src/dns/overlay/overlay.ts';
import { parseZone } from '../src/dns/zone/load.ts';
import { cachingResolver } from '../src/dns/resolver.ts';
import { openHistoryDb } from '../src/history/db.ts';

export interface DmarcBenchFigures {
  reports: number;
  records: number;
  gzBytes: number;
  importMs: number;
  /** CPU time (user + system) of the import: what the machine's load does not inflate. */
  importCpuMs: number;
  dbBytes: number;
  reportMs: number;
  reportCpuMs: number;
  sources: number;
  unknown: number;
}

const DAY = 86_400;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

export function reportXml(n: number, records: number, ip: (i: number) => string): string {
  const begin = Math.floor(Date.now() / 1000) - DAY * (1 + (n % 25));
  const rows: string[] = [];
  for (let r = 0; r < records; r++) {
    const pass = (n + r) % 10 !== 0;
    rows.push(`<record><row><source_ip>${ip(n * records + r)}</source_ip><count>${1 + ((n + r) % 7)}</count><policy_evaluated><disposition>${pass ? 'pass' : 'reject'}</disposition><dkim>${pass ? 'pass' : 'fail'}</dkim><spf>${pass ? 'pass' : 'fail'}</spf></policy_evaluated></row><identifiers><envelope_from>acme.example</envelope_from><header_from>acme.example</header_from></identifiers><auth_results><dkim><domain>acme.example</domain><selector>s1</selector><result>${pass ? 'pass' : 'fail'}</result></dkim><spf><domain>acme.example</domain><scope>mfrom</scope><result>${pass ? 'pass' : 'fail'}</result></spf></auth_results></record>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0"><version>1.0</version><report_metadata><org_name>receiver${n % 40}.example</org_name><email>dmarc@receiver.example</email><report_id>bench-${n}</report_id><date_range><begin>${begin}</begin><end>${begin + DAY - 1}</end></date_range></report_metadata><policy_published><domain>acme.example</domain><adkim>r</adkim><aspf>r</aspf><p>reject</p><sp>reject</sp><testing>n</testing></policy_published>
${rows.join('\n')}
</feedback>
`;
}

export async function benchDmarc(reports = 10_000, recordsPerReport = 100): Promise<DmarcBenchFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'landed-bench-dmarc-'));
  try {
    const rua = join(dir, 'rua');
    mkdirSync(rua);
    // 5,000 sources: 100 in the routes' SPF range (10.1.0.0/24 style, here 198.18.0.x), the rest unknown.
    const ip = (i: number) => { const k = i % 5000; return k < 100 ? `198.18.0.${k}` : `198.19.${k >> 8}.${k & 255}`; };
    let gzBytes = 0;
    for (let n = 0; n < reports; n++) {
      const gz = gzipSync(reportXml(n, recordsPerReport, ip));
      gzBytes += gz.length;
      writeFileSync(join(rua, `receiver.example!acme.example!${n}.xml.gz`), gz);
    }
    const file = join(dir, 'history.sqlite');
    const db = openHistoryDb(file);
    try {
      let started = performance.now();
      let cpu = process.cpuUsage();
      const outcomes = await importReportFiles(db, [rua], { cwd: dir });
      const importMs = performance.now() - started;
      const importCpuMs = cpuMs(process.cpuUsage(cpu));
      const skipped = outcomes.filter((o) => o.status !== 'added');
      if (skipped.length) throw new Error(`bench reports not imported: ${JSON.stringify(skipped[0])}`);
      const zone = parseZone('$ORIGIN acme.example.\n@ 300 IN TXT "v=spf1 ip4:198.18.0.0/24 -all"\n', 'acme.example.zone');
      // Cached as `landed dmarc report` caches its resolver (resolverFor): each name is asked once.
      const resolver = cachingResolver(createOverlayResolver([zone]));
      const matcher = routeMatcher([{ id: 'relay', fromDomain: 'acme.example', envelopeDomain: 'acme.example' }], new Map(), resolver);
      started = performance.now();
      cpu = process.cpuUsage();
      const report = await buildDmarcReport(db, { since: 0, until: Date.now() + DAY * 1000, matcher, resolver });
      const reportMs = performance.now() - started;
      const reportCpuMs = cpuMs(process.cpuUsage(cpu));
      return {
        reports: report.reports, records: outcomes.reduce((sum, o) => sum + (o.records ?? 0), 0), gzBytes, importMs, importCpuMs,
        dbBytes: statSync(file).size, reportMs, reportCpuMs, sources: report.sources.length, unknown: report.sources.filter((s) => s.route === null).length,
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printDmarcBench(f: DmarcBenchFigures, say: (line: string) => void): void {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  say(`dmarc: import of ${f.reports.toLocaleString('en')} gzipped reports holding ${f.records.toLocaleString('en')} records (${mb(f.gzBytes)} gz): ${(f.importMs / 1000).toFixed(1)} s wall, ${(f.importCpuMs / 1000).toFixed(1)} s CPU (target 60 s), history ${mb(f.dbBytes)}`);
  say(`  dmarc report over them: ${Math.round(f.reportMs)} ms wall, ${Math.round(f.reportCpuMs)} ms CPU (target 2 s), ${f.sources} sources, ${f.unknown} unknown (SPF and PTR through an in-memory zone)`);
}

if (import.meta.main) printDmarcBench(await benchDmarc(), (line) => process.stdout.write(`${line}\n`));
