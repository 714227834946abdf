import type { ProviderPreset } from './types.ts';

/** iCloud Mail (icloud.com, me.com, mac.com). */
export const icloud: ProviderPreset = {
  id: 'icloud',
  name: 'iCloud Mail',
  imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
  auth: ['app-password'],
  folders: { inbox: 'INBOX', spam: ['Junk', 'Spam'] },
  // Apple writes one Authentication-Results header per check, each with its own authserv-id.
  authservIds: ['dmarc.icloud.com', 'dkim-verifier.icloud.com', 'spf.icloud.com', 'arc.icloud.com', 'bimi.icloud.com'],
  typicalDelayMs: 30_000,
  requirements: 'icloud',
  loginHint: 'iCloud needs an app-specific password (appleid.apple.com > Sign-In and Security)',
  notes: ['Requires SPF, DKIM and DMARC from bulk senders, and one-click unsubscribe'],
};
