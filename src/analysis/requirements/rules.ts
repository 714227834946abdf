import type { CheckId } from './checks.ts';

/**
 * Published sender requirements of the big mailbox providers, as data: when a provider changes its rules,
 * change a line here. `check` names the evaluator (checks.ts); `appliesTo: 'bulk'` rules only count for
 * bulk mail (a scenario's `bulk: true`, `landed inspect --bulk`).
 */
export interface RequirementRule {
  id: string;
  provider: string;
  appliesTo: 'all' | 'bulk';
  description: string;
  source: string;
  check: CheckId;
}

const GMAIL = 'https://support.google.com/a/answer/81126';
const YAHOO = 'https://senders.yahooinc.com/best-practices/';
const OUTLOOK = 'https://techcommunity.microsoft.com/blog/microsoftdefenderforoffice365blog/strengthening-email-ecosystem-outlook%E2%80%99s-new-requirements-for-high%E2%80%90volume-senders/4399730';
const ICLOUD = 'https://support.apple.com/en-us/102322';
const WEBDE = 'https://postmaster.web.de/de/anforderungen-und-empfehlungen';
const GMX_BULK = 'https://postmaster.gmx.net/de/best-practices';
const TONLINE = 'https://postmaster.t-online.de/index.en.html#4.1';

const rule = (provider: string, source: string) =>
  (id: string, appliesTo: 'all' | 'bulk', check: CheckId, description: string): RequirementRule => ({ id: `${provider}.${id}`, provider, appliesTo, description, source, check });

const gmail = rule('gmail', GMAIL);
const yahoo = rule('yahoo', YAHOO);
const outlook = rule('outlook', OUTLOOK);
const icloud = rule('icloud', ICLOUD);
const unitedInternet = rule('gmx-webde', WEBDE);
const tOnline = rule('t-online', TONLINE);

export const RULE_SETS: Record<string, RequirementRule[]> = {
  gmail: [
    gmail('spf-or-dkim', 'all', 'spf-or-dkim-pass', 'SPF or DKIM passes'),
    gmail('ptr', 'all', 'ptr-valid', 'The sending IP has valid forward and reverse DNS (PTR)'),
    gmail('tls', 'all', 'tls', 'The message is transmitted over TLS'),
    gmail('rfc5322', 'all', 'rfc5322', 'The message is formatted according to RFC 5322'),
    gmail('dkim-key', 'all', 'dkim-key-1024', 'DKIM keys are at least 1024 bits'),
    gmail('spf-and-dkim', 'bulk', 'spf-and-dkim-pass', 'Both SPF and DKIM pass'),
    gmail('dmarc', 'bulk', 'dmarc-published', 'A DMARC record is published (p=none is enough)'),
    gmail('alignment', 'bulk', 'dmarc-aligned', 'The From domain is aligned with the SPF or the DKIM domain'),
    gmail('one-click-unsubscribe', 'bulk', 'one-click-unsubscribe', 'Marketing mail has one-click unsubscribe (RFC 8058), DKIM-signed'),
  ],
  yahoo: [
    yahoo('spf-or-dkim', 'all', 'spf-or-dkim-pass', 'SPF or DKIM passes'),
    yahoo('ptr', 'all', 'ptr-valid', 'The sending IP has valid forward and reverse DNS (PTR)'),
    yahoo('rfc5322', 'all', 'rfc5322', 'The message complies with RFC 5322'),
    yahoo('spf-and-dkim', 'bulk', 'spf-and-dkim-pass', 'Both SPF and DKIM pass'),
    yahoo('dmarc', 'bulk', 'dmarc-published', 'A DMARC record is published (p=none is enough)'),
    yahoo('alignment', 'bulk', 'dmarc-aligned', 'The From domain is aligned with the SPF or the DKIM domain'),
    yahoo('one-click-unsubscribe', 'bulk', 'one-click-unsubscribe', 'One-click unsubscribe (RFC 8058)'),
  ],
  outlook: [
    outlook('spf', 'bulk', 'spf-pass', 'SPF passes for the sending domain (over 5,000 messages a day; else 550 5.7.515)'),
    outlook('dkim', 'bulk', 'dkim-pass', 'DKIM passes (over 5,000 messages a day)'),
    outlook('dmarc', 'bulk', 'dmarc-published', 'A DMARC record with at least p=none is published'),
    outlook('alignment', 'bulk', 'dmarc-aligned', 'DMARC aligns with SPF or DKIM'),
  ],
  icloud: [
    icloud('rfc5322', 'bulk', 'rfc5322', 'The message complies with RFC 5322'),
    icloud('ptr', 'bulk', 'ptr-valid', 'Reverse DNS is published for the sending IP'),
    icloud('spf-and-dkim', 'bulk', 'spf-and-dkim-pass', 'SPF and DKIM authenticate the message'),
    icloud('dmarc', 'bulk', 'dmarc-published', 'A DMARC policy is published'),
    icloud('unsubscribe', 'bulk', 'list-unsubscribe', 'An unsubscribe link is offered'),
  ],
  'united-internet': [
    unitedInternet('ptr', 'all', 'ptr-valid', 'The sending IP has a valid PTR to a full host name'),
    unitedInternet('ptr-individual', 'all', 'ptr-not-generic', 'The PTR is individual, not a generic provider name'),
    unitedInternet('rfc5322', 'all', 'rfc5322', 'The message complies with RFC 5321 and 5322'),
    unitedInternet('dkim-aligned', 'all', 'dkim-aligned', 'A valid DKIM signature aligned with the From domain (relaxed at least)'),
    { ...unitedInternet('one-click-unsubscribe', 'bulk', 'one-click-unsubscribe', 'One-click unsubscribe (RFC 8058)'), source: GMX_BULK },
  ],
  't-online': [
    tOnline('ptr', 'all', 'ptr-valid', 'Forward-confirmed reverse DNS for the sending IP (RFC 1912)'),
    tOnline('imprint', 'all', 'manual-imprint', 'The host name of the sending IP leads to the operator\'s website with an imprint'),
    tOnline('rfc5322', 'all', 'rfc5322', 'The message follows the technical standards (RFC 5322)'),
  ],
};

/** Preset `requirements` values and provider ids that name the same rule set. */
const ALIASES: Record<string, string> = { gmx: 'united-internet', webde: 'united-internet', 'web.de': 'united-internet', aol: 'yahoo', microsoft365: 'outlook' };

/** The rule sets for the given names ('all' = every set); unknown names are skipped. */
export function ruleSets(names: readonly string[]): RequirementRule[] {
  const keys = names.includes('all') ? Object.keys(RULE_SETS) : names.map((n) => ALIASES[n.toLowerCase()] ?? n.toLowerCase());
  return [...new Set(keys)].flatMap((key) => RULE_SETS[key] ?? []);
}
