import type { ProviderPreset } from './types.ts';

/**
 * Proton Mail, read through Proton Mail Bridge: mail is end-to-end encrypted at Proton, so IMAP exists only
 * on the Bridge a user runs on their own machine (paid plans), which decrypts locally. Proton's inbound MXs
 * write `Authentication-Results: mailin025.protonmail.ch; ...` (one field per method) or `mail.protonmail.ch`.
 */
export const proton: ProviderPreset = {
  id: 'proton',
  name: 'Proton Mail (through Proton Mail Bridge)',
  imap: { host: '127.0.0.1', port: 1143, security: 'starttls' },
  auth: ['password'],
  folders: { inbox: 'INBOX', spam: ['Spam'] },
  authservIds: ['*.protonmail.ch'],
  typicalDelayMs: 15_000,
  loginHint: 'use the mailbox password Proton Mail Bridge shows for this account (not the Proton account password), with Bridge running and signed in',
  notes: [
    'IMAP only through Proton Mail Bridge on this machine (or one it can reach); set imap.host/port if Bridge listens elsewhere',
    'Bridge uses a self-signed certificate: export it from Bridge (Settings > Export TLS certificates) and name it in imap.tls.ca',
  ],
};
