/**
 * XML text of an aggregate report -> AggregateReport. Reads both schemas: RFC 7489 appendix C and RFC 9990
 * (DMARCbis: namespace urn:ietf:params:xml:ns:dmarc-2.0, `np`, `testing` and `discovery_method`, no `pct`).
 * Every missing or impossible value is a ReportProblem naming the element; the report is then skipped whole
 * rather than half-imported.
 */
import { isIP } from 'node:net';
import { capPrintable } from '../analysis/limits.ts';
import { DEFAULT_LIMITS, ReportProblem, type ReportLimits } from './problem.ts';
import type { AggregateRecord, AggregateReport, DmarcVerdict } from './types.ts';
import { child, children, parseXml, textAt, type XmlElement } from './xml.ts';

// RFC 9990 adds `pass`: no action, the message passed DMARC under an enforcing policy.
const DISPOSITIONS = new Set(['none', 'pass', 'quarantine', 'reject']);
const DMARCBIS_NS = 'urn:ietf:params:xml:ns:dmarc-2.0';
const SHORT = 255;

export function parseAggregateReport(xml: string, limits: ReportLimits = DEFAULT_LIMITS): AggregateReport {
  const root = parseXml(xml);
  if (root.name !== 'feedback') throw new ReportProblem(`the root element is <${clean(root.name)}>, not <feedback>: not a DMARC aggregate report`);
  const metadata = need(child(root, 'report_metadata'), 'report_metadata');
  const published = need(child(root, 'policy_published'), 'policy_published');
  const begin = timestamp(textAt(metadata, 'date_range', 'begin'), 'report_metadata/date_range/begin');
  const end = timestamp(textAt(metadata, 'date_range', 'end'), 'report_metadata/date_range/end');
  if (end < begin) throw new ReportProblem('report_metadata/date_range: end is before begin');
  const recordElements = children(root, 'record');
  if (recordElements.length === 0) throw new ReportProblem('no <record>: a report holds at least one');
  if (recordElements.length > limits.maxRecords) throw new ReportProblem(`${recordElements.length} records: more than the ${limits.maxRecords} read from one report`);
  return {
    // Both schemas allow <version>1.0</version>; only the namespace tells DMARCbis apart.
    schema: xml.includes(DMARCBIS_NS) ? 'rfc9990' : 'rfc7489',
    org: clean(required(metadata, 'org_name', 'report_metadata')),
    email: optional(metadata, 'email'),
    reportId: clean(required(metadata, 'report_id', 'report_metadata')),
    begin: begin * 1000,
    end: end * 1000,
    domain: domainName(required(published, 'domain', 'policy_published')),
    policy: {
      p: clean(required(published, 'p', 'policy_published')),
      sp: optional(published, 'sp'),
      np: optional(published, 'np'),
      adkim: optional(published, 'adkim'),
      aspf: optional(published, 'aspf'),
      testing: optional(published, 'testing'),
    },
    records: recordElements.map((element, i) => parseRecord(element, i + 1)),
  };
}

function parseRecord(record: XmlElement, n: number): AggregateRecord {
  const where = `record ${n}`;
  const row = need(child(record, 'row'), `${where}: row`);
  const sourceIp = required(row, 'source_ip', `${where}: row`);
  if (!isIP(sourceIp)) throw new ReportProblem(`${where}: row/source_ip "${clean(sourceIp)}" is not an IP address`);
  const countText = required(row, 'count', `${where}: row`);
  if (!/^-?\d+$/.test(countText)) throw new ReportProblem(`${where}: row/count "${clean(countText)}" is not a whole number`);
  const count = Number(countText);
  if (count < 0) throw new ReportProblem(`${where}: row/count ${count} is negative`);
  if (!Number.isSafeInteger(count)) throw new ReportProblem(`${where}: row/count ${clean(countText)} is too large`);
  const evaluated = need(child(row, 'policy_evaluated'), `${where}: row/policy_evaluated`);
  const disposition = required(evaluated, 'disposition', `${where}: row/policy_evaluated`).toLowerCase();
  if (!DISPOSITIONS.has(disposition)) throw new ReportProblem(`${where}: disposition "${clean(disposition)}" is not none, pass, quarantine or reject`);
  const identifiers = need(child(record, 'identifiers'), `${where}: identifiers`);
  const auth = child(record, 'auth_results');
  return {
    sourceIp: sourceIp.toLowerCase(),
    count,
    disposition,
    dkim: verdict(evaluated, 'dkim', where),
    spf: verdict(evaluated, 'spf', where),
    headerFrom: domainName(required(identifiers, 'header_from', `${where}: identifiers`)),
    envelopeFrom: optionalDomain(textAt(identifiers, 'envelope_from')),
    dkimDomains: authDomains(auth, 'dkim'),
    spfDomains: authDomains(auth, 'spf'),
  };
}

/** "example.com:pass" per auth_results entry, capped: what the report shows beside each source. */
function authDomains(auth: XmlElement | undefined, method: 'dkim' | 'spf'): string[] {
  return children(auth, method)
    .slice(0, 20)
    .map((e) => `${optionalDomain(textAt(e, 'domain')) ?? '?'}:${clean(textAt(e, 'result') ?? 'none').toLowerCase()}`);
}

function verdict(evaluated: XmlElement, name: 'dkim' | 'spf', where: string): DmarcVerdict {
  const value = required(evaluated, name, `${where}: row/policy_evaluated`).toLowerCase();
  if (value !== 'pass' && value !== 'fail') throw new ReportProblem(`${where}: policy_evaluated/${name} "${clean(value)}" is not pass or fail`);
  return value;
}

function need(element: XmlElement | undefined, path: string): XmlElement {
  if (!element) throw new ReportProblem(`<${path.split(/[:/] ?/).pop()}> is missing (${path})`);
  return element;
}

function required(parent: XmlElement, name: string, path: string): string {
  const value = textAt(parent, name);
  if (value === undefined) throw new ReportProblem(`${path}/${name} is missing or empty`);
  return value;
}

function optional(parent: XmlElement, name: string): string | undefined {
  const value = textAt(parent, name);
  return value === undefined ? undefined : clean(value);
}

function timestamp(value: string | undefined, path: string): number {
  if (value === undefined) throw new ReportProblem(`${path} is missing or empty`);
  if (!/^\d{1,12}$/.test(value)) throw new ReportProblem(`${path} "${clean(value)}" is not seconds since the epoch`);
  return Number(value);
}

function domainName(value: string): string {
  return clean(value.toLowerCase().replace(/\.$/, ''));
}

function optionalDomain(value: string | undefined): string | undefined {
  return value === undefined ? undefined : domainName(value);
}

/** Report values are the sender's words: printable, and short. */
const clean = (value: string) => capPrintable(value.trim(), SHORT);
