import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { fixture, makeReportMail, makeZip, runLanded } from './support.ts';

function reportsDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'landed-dmarc-')), 'rua');
  mkdirSync(dir);
  writeFileSync(join(dir, 'google.com!acme.example!1795132800!1795219199.zip'), makeZip('google.com!acme.example!1795132800!1795219199.xml', fixture('google.xml')));
  writeFileSync(join(dir, 'enterprise.protection.outlook.com!acme.example!1795132800!1795219200.xml.gz'), gzipSync(fixture('microsoft.xml')));
  writeFileSync(join(dir, 'yahoo.eml'), makeReportMail(gzipSync(fixture('yahoo.xml')), 'yahoo.com!acme.example!1795132800!1795219199.xml.gz', 'application/gzip'));
  writeFileSync(join(dir, 'rfc9990.xml'), fixture('rfc9990.xml'));
  return dir;
}

describe('landed dmarc import', () => {
  it('imports every format into the history, once', async () => {
    const dir = reportsDir();
    const first = await runLanded(['dmarc', 'import', '.', '--history', '../h.sqlite'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      'enterprise.protection.outlook.com!acme.example!1795132800!1795219200.xml.gz: Enterprise Outlook report 7f3c1b6a0e2d4c8f9a1b2c3d4e5f6a7b for acme.example: 2 records, 34 messages',
      'google.com!acme.example!1795132800!1795219199.zip: google.com report 9021377254931450918 for acme.example: 2 records, 219 messages',
      'rfc9990.xml: Sample Reporter report 3v98abbp8ya9n3va8yr8oa3ya for acme.example: 1 records, 123 messages',
      'yahoo.eml: Yahoo report 1795219323.811745 for acme.example: 1 records, 54 messages',
    ]);
    const again = await runLanded(['dmarc', 'import', '.', '--history', '../h.sqlite'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout.match(/already in the history/g)).toHaveLength(4);
    const db = new DatabaseSync(join(dir, '../h.sqlite'));
    expect(db.prepare('SELECT count(*) AS n, sum(count) AS m FROM dmarc_records').get()).toEqual({ n: 6, m: 430 });
    expect(db.prepare('SELECT count(*) AS n FROM dmarc_reports').get()).toEqual({ n: 4 });
    db.close();
  });

  it('names each bad file with what is wrong, imports the rest, exits 1', async () => {
    const dir = reportsDir();
    for (const name of ['xxe.xml', 'broken.xml', 'negative-count.xml', 'missing-report-id.xml']) writeFileSync(join(dir, name), fixture(name));
    writeFileSync(join(dir, 'bomb.zip'), makeZip('bomb.xml', Buffer.alloc(1024 * 1024, 0x20), { declaredSize: 2 ** 32 - 2 }));
    const result = await runLanded(['dmarc', 'import', '.', 'no-such-file.xml', '--history', '../h.sqlite'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').sort()).toEqual([
      'bomb.zip: skipped: bomb.xml in the zip unpacks to 4096 MiB, more than the 64 MiB read (a zip bomb?)',
      'broken.xml: skipped: invalid XML at line 11: <row> is never closed (truncated file?)',
      'missing-report-id.xml: skipped: report_metadata/report_id is missing or empty',
      'negative-count.xml: skipped: record 2: row/count -7 is negative',
      'no-such-file.xml: skipped: file not found',
      'xxe.xml: skipped: invalid XML at line 2: a DOCTYPE or other declaration: refused (entity expansion and external entities are never processed)',
    ]);
    expect(result.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('says how to use it when no file is given', async () => {
    const result = await runLanded(['dmarc', 'import'], mkdtempSync(join(tmpdir(), 'landed-dmarc-')));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give at least one report file/);
  });
});
