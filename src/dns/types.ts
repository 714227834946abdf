/** What the DNS checks report: one Finding per problem, each saying what it breaks and how to fix it. */

export type Severity = 'error' | 'warning' | 'info';
export type CheckName = 'spf' | 'dkim' | 'dmarc' | 'mx' | 'ptr' | 'mta-sts' | 'tls-rpt' | 'bimi' | 'blocklist';

export interface Finding {
  /** Stable kind, e.g. `spf.lookup-limit`; with `domain` and `subject` it identifies the finding across runs. */
  id: string;
  domain: string;
  severity: Severity;
  check: CheckName;
  /** The selector, IP or MX host the finding is about, when a domain has several. */
  subject?: string;
  message: string;
  /** What fails because of it, in plain words. */
  breaks: string;
  /** How to fix it. */
  fix: string;
  details?: Record<string, unknown>;
}

/** Fetches `https://mta-sts.<domain>/.well-known/mta-sts.txt`; injectable so tests never reach the internet. */
export type PolicyFetcher = (url: string) => Promise<{ status: number; contentType?: string; body: string }>;

export interface CheckOptions {
  /** Per domain (the MAIL FROM domain), the addresses that really send for it: SPF coverage and PTR. */
  sendingIps?: Record<string, string[]>;
  /** Per domain (the d= of signatures), the DKIM selectors in use. */
  selectors?: Record<string, string[]>;
  fetchPolicy?: PolicyFetcher;
  /** Which checks to run; all by default. */
  checks?: CheckName[];
}

/** Makes findings for one check and domain without repeating both on every line. */
export function findingsFor(check: CheckName, domain: string) {
  return (severity: Severity, id: string, text: { message: string; breaks: string; fix: string }, extra: Partial<Finding> = {}): Finding => ({
    id: `${check}.${id}`,
    domain,
    severity,
    check,
    ...text,
    ...extra,
  });
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
