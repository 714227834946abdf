import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseAggregateReport } from '../../src/dmarc/parse.ts';
import { ReportProblem, DEFAULT_LIMITS } from '../../src/dmarc/problem.ts';
import { reportXml } from '../../src/dmarc/unpack.ts';
import { parseXml } from '../../src/dmarc/xml.ts';
import { fixture, makeReportMail, makeZip } from './support.ts';

const read = async (data: Buffer, limits = DEFAULT_LIMITS) => parseAggregateReport(await reportXml(data, limits), limits);
const problemOf = async (data: Buffer, limits = DEFAULT_LIMITS) => {
  try {
    await read(data, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ReportProblem);
    return (error as Error).message;
  }
  throw new Error('expected the report to be refused');
};

describe('aggregate reports as receivers send them', () => {
  it('reads Google\'s shape, zipped', async () => {
    const report = await read(makeZip('google.com!acme.example!1795132800!1795219199.xml', fixture('google.xml')));
    expect(report).toMatchObject({
      schema: 'rfc7489', org: 'google.com', reportId: '9021377254931450918', domain: 'acme.example',
      begin: 1795132800_000, end: 1795219199_000, policy: { p: 'reject', sp: 'reject', np: 'reject', adkim: 'r' },
    });
    expect(report.records).toEqual([
      { sourceIp: '40.107.22.51', count: 212, disposition: 'none', dkim: 'pass', spf: 'pass', headerFrom: 'acme.example', envelopeFrom: undefined,
        dkimDomains: ['acme.example:pass'], spfDomains: ['acme.example:pass'] },
      { sourceIp: '203.0.113.25', count: 7, disposition: 'reject', dkim: 'fail', spf: 'fail', headerFrom: 'acme.example', envelopeFrom: undefined,
        dkimDomains: [], spfDomains: ['erp-vendor.example:pass'] },
    ]);
  });

  it('reads Microsoft\'s shape, gzipped, with IPv6 sources and envelope_from', async () => {
    const report = await read(gzipSync(fixture('microsoft.xml')));
    expect(report.org).toBe('Enterprise Outlook');
    expect(report.schema).toBe('rfc7489'); // <version>1.0</version> alone does not make it DMARCbis
    expect(report.records.map((r) => [r.sourceIp, r.count, r.disposition, r.envelopeFrom])).toEqual([
      ['2a01:111:f403:c201::3', 31, 'none', 'acme.example'],
      ['198.51.100.77', 3, 'quarantine', 'acme.example'],
    ]);
  });

  it('reads Yahoo\'s and Fastmail\'s shapes as plain XML', async () => {
    expect((await read(fixture('yahoo.xml'))).records[0]).toMatchObject({ sourceIp: '40.107.22.51', count: 54 });
    const fastmail = await read(fixture('fastmail.xml'));
    expect(fastmail.records[0]).toMatchObject({ sourceIp: '192.0.2.40', dkim: 'fail', spf: 'fail', envelopeFrom: 'lists.example', dkimDomains: ['lists.example:pass'] });
  });

  it('reads the RFC 9990 sample: namespace, np, testing, disposition pass', async () => {
    const report = await read(fixture('rfc9990.xml'));
    expect(report).toMatchObject({ schema: 'rfc9990', org: 'Sample Reporter', policy: { p: 'quarantine', np: 'reject', testing: 'n' } });
    expect(report.records[0]).toMatchObject({ sourceIp: '192.168.4.4', count: 123, disposition: 'pass', dkim: 'pass', spf: 'fail' });
  });

  it('reads a report attached to a mail: gzip, zip or plain XML', async () => {
    const gz = makeReportMail(gzipSync(fixture('google.xml')), 'google.com!acme.example!1795132800!1795219199.xml.gz', 'application/gzip');
    expect((await read(gz)).reportId).toBe('9021377254931450918');
    const zip = makeReportMail(makeZip('r.xml', fixture('microsoft.xml')), 'report.zip', 'application/zip');
    expect((await read(zip)).org).toBe('Enterprise Outlook');
    const xml = makeReportMail(fixture('yahoo.xml'), 'report.xml', 'text/xml');
    expect((await read(xml)).org).toBe('Yahoo');
  });

  it('names what a mail without a report lacks', async () => {
    const mail = Buffer.from('From: a@b.example\r\nSubject: hello\r\n\r\njust text\r\n');
    expect(await problemOf(mail)).toMatch(/"hello" has no report attached/);
  });
});

describe('hostile and broken reports', () => {
  it('refuses a DOCTYPE: no external entity is fetched, nothing is expanded (XXE)', async () => {
    expect(await problemOf(fixture('xxe.xml'))).toMatch(/line 2: a DOCTYPE .* refused/);
  });

  it('refuses the billion laughs before expanding anything', async () => {
    expect(await problemOf(fixture('billion-laughs.xml'))).toMatch(/DOCTYPE/);
  });

  it('refuses an undefined entity without a DOCTYPE too', () => {
    expect(() => parseXml('<a>&xxe;</a>')).toThrow(/entity &xxe; is not defined/);
    expect(parseXml('<a>&lt;&#65;&#x42;&amp;</a>').text).toBe('<AB&');
  });

  it('names the line of broken XML', async () => {
    expect(await problemOf(fixture('broken.xml'))).toMatch(/invalid XML at line 1[01]: <row> is never closed/);
    expect(() => parseXml('<a><b></a>')).toThrow(/end tag <\/a> closes <b>/);
    expect(() => parseXml('<a></a><b/>')).toThrow(/second root/);
  });

  it('refuses invalid UTF-8 and says where', async () => {
    const bad = Buffer.concat([fixture('yahoo.xml').subarray(0, 100), Buffer.from([0xc3, 0x28]), fixture('yahoo.xml').subarray(100)]);
    expect(await problemOf(bad)).toBe('invalid UTF-8 at byte 101') // 0xc3 starts a character, 0x28 cannot continue it;
  });

  it('names a missing field and a negative count', async () => {
    expect(await problemOf(fixture('missing-report-id.xml'))).toBe('report_metadata/report_id is missing or empty');
    expect(await problemOf(fixture('negative-count.xml'))).toBe('record 2: row/count -7 is negative');
  });

  it('refuses a gzip bomb at the cap without inflating it all', async () => {
    // 100 gzip members of 1 MiB of spaces each (a valid gzip stream): ~100 KiB that unpacks to 100 MiB.
    const bomb = Buffer.concat(new Array(100).fill(gzipSync(Buffer.alloc(1024 * 1024, 0x20))));
    expect(bomb.length).toBeLessThan(DEFAULT_LIMITS.maxInputBytes);
    expect(await problemOf(bomb)).toBe('the gzip unpacks to more than 64 MiB (a gzip bomb?)');
  });

  it('refuses a zip bomb by its declared size, and when the declared size lies', async () => {
    const limits = { ...DEFAULT_LIMITS, maxXmlBytes: 1024 * 1024 };
    const spaces = Buffer.alloc(10 * 1024 * 1024, 0x20);
    expect(await problemOf(makeZip('bomb.xml', spaces), limits)).toMatch(/unpacks to 10 MiB, more than the 1 MiB read \(a zip bomb\?\)/);
    expect(await problemOf(makeZip('bomb.xml', spaces, { declaredSize: 1000 }), limits)).toBe('the zip unpacks to more than 1 MiB (a zip bomb?)');
  });

  it('refuses a zip whose content does not match its CRC', async () => {
    const zip = makeZip('r.xml', fixture('yahoo.xml'), { store: true });
    zip[40] ^= 0xff; // a byte of the stored XML
    expect(await problemOf(zip)).toMatch(/damaged \(size or CRC does not match\)/);
  });

  it('refuses input over the cap', async () => {
    expect(await problemOf(fixture('google.xml'), { ...DEFAULT_LIMITS, maxInputBytes: 100 })).toMatch(/larger than the 0 MiB read/);
  });
});
