import type { ProviderPreset } from './types.ts';

/** Telekom T-Online Mail. */
export const tOnline: ProviderPreset = {
  id: 't-online',
  name: 'T-Online',
  imap: { host: 'secureimap.t-online.de', port: 993, security: 'tls' },
  auth: ['password'],
  folders: { inbox: 'INBOX', spam: ['Spam', 'Spamverdacht', 'Junk'] },
  authservIds: ['*.t-online.de'],
  typicalDelayMs: 60_000,
  requirements: 't-online',
  loginHint: 'IMAP needs the separate "E-Mail-Passwort" set in the T-Online e-mail settings, not the login password',
  notes: [
    'Blocks unknown sending IPs with 554 ... (NOWL); the sending host name must lead to an imprint',
    'Writes few Authentication-Results; expect many `none` verdicts from the receiver',
  ],
};
