import type { ProviderPreset } from './types.ts';

/** GMX (gmx.net, gmx.de, gmx.at, gmx.ch; gmx.com uses imap.gmx.com). */
export const gmx: ProviderPreset = {
  id: 'gmx',
  name: 'GMX',
  imap: { host: 'imap.gmx.net', port: 993, security: 'tls' },
  auth: ['password'],
  folders: { inbox: 'INBOX', spam: ['Spamverdacht', 'Spam', 'Unerwünscht'] },
  authservIds: ['*.gmx.net', 'gmx.net'],
  typicalDelayMs: 30_000,
  requirements: 'united-internet',
  loginHint: 'Turn on "POP3/IMAP access" in the GMX settings (E-Mail > POP3/IMAP Abruf); it is off for new accounts',
  notes: [
    'The spam folder is "Spamverdacht"; the "Unerwünscht" folder holds mail from blocked senders',
    'Requires an aligned DKIM signature and an individual PTR for the sending IP',
  ],
};
