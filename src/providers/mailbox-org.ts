import type { ProviderPreset } from './types.ts';

/** mailbox.org. */
export const mailboxOrg: ProviderPreset = {
  id: 'mailbox.org',
  name: 'mailbox.org',
  imap: { host: 'imap.mailbox.org', port: 993, security: 'tls' },
  auth: ['password', 'app-password'],
  folders: { inbox: 'INBOX', spam: ['Spam', 'Junk'] },
  authservIds: ['*.mailbox.org'],
  typicalDelayMs: 20_000,
  loginHint: 'With two-factor authentication, log in with the password plus the current one-time code, or an app password',
};
