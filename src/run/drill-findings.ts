import type { ProbeFinding, ProbeResult } from '../results/types.ts';

export type Drill = 'spoof' | 'lookalike';

/** What to change when forged mail from your own domain reaches an inbox: the receiving side's settings. */
const SPOOF_FIXES = [
  'publish and enforce DMARC for your domain: p=reject (start at p=quarantine if reports show legitimate senders still failing)',
  'Microsoft 365: turn on Reject Direct Send (Set-OrganizationConfig -RejectDirectSend $true) and keep spoof intelligence on in the anti-phishing policy',
  'Google Workspace: turn on the spoofing and authentication safeguards (Gmail > Safety) and have inbound DMARC p=reject honoured',
];

/**
 * The findings of a drill probe: forged mail claiming your own domain in an inbox is the most serious
 * finding landed reports (critical); a look-alike domain in an inbox is a warning (filters rarely catch
 * them: users must). Nothing when the drill probe was refused or junked, as it should be.
 */
export function drillFindings(drill: Drill | undefined, probe: Pick<ProbeResult, 'placement' | 'seed' | 'route' | 'folder'>, fromDomain: string): ProbeFinding[] {
  if (!drill || probe.placement !== 'inbox') return [];
  if (drill === 'spoof') {
    return [{
      severity: 'critical',
      key: 'drill:spoof-inbox',
      text: `a mail forged as ${fromDomain} reached the inbox of ${probe.seed} (${probe.folder ?? 'INBOX'}): anyone can phish your staff in your own name`,
      fix: SPOOF_FIXES,
    }];
  }
  return [{
    severity: 'warning',
    key: 'drill:lookalike-inbox',
    text: `a mail from the look-alike domain ${fromDomain} reached the inbox of ${probe.seed}: filters let it through`,
    fix: ['tag external senders in the subject or a banner; register the closest look-alikes of your domain; train staff to check the domain'],
  }];
}
