import type { MailauthVerdicts } from '../../dns/mailauth-verdicts.ts';
import type { ProviderPolicy } from '../world.ts';

/** A receiver's own verdicts on one message, from its authentication checks (`mailauthVerdicts`). */
export type Verdicts = Omit<MailauthVerdicts, 'signatures'>;

export type Filing =
  | { action: 'inbox' }
  | { action: 'junk'; reason: string }
  | { action: 'reject'; code: number; status: string; text: string };

/**
 * What a provider does with a message, given its verdicts. `strict` is Gmail-like: it honours p=reject
 * with 550 5.7.26 (Gmail's code for a DMARC failure) and junks the rest of what fails; `lenient` (Yahoo,
 * the old ISP) never refuses over DMARC and junks every failure; `accept` files everything in the inbox.
 * Mail that passes neither SPF nor DKIM is junk everywhere, DMARC or not (Gmail's minimum since 2024).
 */
export function fileMessage(policy: ProviderPolicy, v: Verdicts, enforceDmarc = false): Filing {
  // The knob of an inbound MX that enforces DMARC (OpenDMARC's wording); without it the mail host files everything.
  if (enforceDmarc && v.dmarc === 'fail' && v.dmarcPolicy === 'reject') {
    return { action: 'reject', code: 550, status: '5.7.1', text: `Rejected by DMARC policy for ${v.fromDomain ?? 'the sender\'s domain'}` };
  }
  if (policy === 'accept') return { action: 'inbox' };
  if (v.dmarc === 'fail') {
    if (policy === 'strict' && v.dmarcPolicy === 'reject') {
      const domain = v.fromDomain ?? 'the sender\'s domain';
      return { action: 'reject', code: 550, status: '5.7.26', text: `Unauthenticated email from ${domain} is not accepted due to domain's DMARC policy` };
    }
    return { action: 'junk', reason: `dmarc=fail (p=${v.dmarcPolicy ?? 'none'})` };
  }
  if (v.spf !== 'pass' && v.dkim !== 'pass') return { action: 'junk', reason: `neither SPF (${v.spf}) nor DKIM (${v.dkim}) passes` };
  return { action: 'inbox' };
}
