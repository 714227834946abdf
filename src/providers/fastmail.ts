import type { ProviderPreset } from './types.ts';

/** Fastmail. */
export const fastmail: ProviderPreset = {
  id: 'fastmail',
  name: 'Fastmail',
  imap: { host: 'imap.fastmail.com', port: 993, security: 'tls' },
  auth: ['app-password'],
  folders: { inbox: 'INBOX', spam: ['Spam', 'Junk Mail'] },
  authservIds: ['*.messagingengine.com'],
  typicalDelayMs: 10_000,
  loginHint: 'Fastmail needs an app password with IMAP access (Settings > Privacy & Security > App passwords)',
  notes: ['Advertises SPECIAL-USE'],
};
