import type { ProviderPreset } from './types.ts';

/** Yahoo Mail. */
export const yahoo: ProviderPreset = {
  id: 'yahoo',
  name: 'Yahoo Mail',
  imap: { host: 'imap.mail.yahoo.com', port: 993, security: 'tls' },
  auth: ['app-password'],
  folders: { inbox: 'INBOX', spam: ['Bulk', 'Bulk Mail', 'Spam'] },
  authservIds: ['*.yahoo.com'],
  maxConnections: 5,
  typicalDelayMs: 30_000,
  requirements: 'yahoo',
  loginHint: 'Yahoo needs an app password (Account security > Generate app password); the account password is refused',
  notes: ['The spam folder is called "Bulk" over IMAP', 'Bulk sender rules since 2024 (aligned DMARC, one-click unsubscribe)'],
};
