/** A DMARC aggregate report as landed keeps it: RFC 7489 appendix C and RFC 9990 read into one shape. */

export type DmarcVerdict = 'pass' | 'fail';

export interface AggregateRecord {
  sourceIp: string;
  /** Messages this row stands for (>= 0). */
  count: number;
  /** What the receiver did: none, quarantine or reject. */
  disposition: string;
  /** The receiver's DMARC evaluation: was DKIM (resp. SPF) aligned and passing. */
  dkim: DmarcVerdict;
  spf: DmarcVerdict;
  headerFrom: string;
  envelopeFrom?: string;
  /** Domains that signed (with their raw result), and the SPF domain checked, from auth_results. */
  dkimDomains: string[];
  spfDomains: string[];
}

export interface AggregateReport {
  /** 'rfc7489' for the original schema, 'rfc9990' for DMARCbis (namespace urn:ietf:params:xml:ns:dmarc-2.0). */
  schema: 'rfc7489' | 'rfc9990';
  org: string;
  email?: string;
  reportId: string;
  /** ms since the epoch. */
  begin: number;
  end: number;
  /** The policy_published domain. */
  domain: string;
  policy: { p: string; sp?: string; np?: string; adkim?: string; aspf?: string; testing?: string };
  records: AggregateRecord[];
}
