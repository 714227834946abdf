/**
 * The verdicts a receiver gives one message, read from mailauth's `authenticate` result: the lab's receivers
 * file mail by them, `landed dns plan` compares them before and after a DNS change. The parts read are typed
 * by shape, so a test can hand in a plain object.
 */
export interface MailauthVerdicts {
  spf: string;
  /** pass when any signature passes, else the first signature's result, `none` without signatures. */
  dkim: string;
  dmarc: string;
  /** The DMARC policy to apply when DMARC fails (p=, sp= or np=), absent without a record. */
  dmarcPolicy?: string;
  /** The From header's domain (the DMARC author domain). */
  fromDomain?: string;
  signatures: Array<{ domain: string; selector: string; result: string }>;
}

export interface MailauthResultParts {
  spf: { status?: { result?: string } } | false;
  dkim: { results?: Array<{ signingDomain?: string; selector?: string; status?: { result?: string } }> };
  dmarc: { status?: { result?: string; header?: { from?: string } }; policy?: string } | false;
}

export function mailauthVerdicts(result: MailauthResultParts): MailauthVerdicts {
  const signatures = (result.dkim.results ?? []).map((r) => ({ domain: r.signingDomain ?? '', selector: r.selector ?? '', result: r.status?.result || 'none' }));
  return {
    spf: (result.spf && result.spf.status?.result) || 'none',
    dkim: signatures.some((s) => s.result === 'pass') ? 'pass' : (signatures[0]?.result ?? 'none'),
    dmarc: (result.dmarc && result.dmarc.status?.result) || 'none',
    dmarcPolicy: (result.dmarc && result.dmarc.policy) || undefined,
    fromDomain: (result.dmarc && result.dmarc.status?.header?.from?.toLowerCase()) || undefined,
    signatures,
  };
}
