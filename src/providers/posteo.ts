import type { ProviderPreset } from './types.ts';

/** Posteo. */
export const posteo: ProviderPreset = {
  id: 'posteo',
  name: 'Posteo',
  imap: { host: 'posteo.de', port: 993, security: 'tls' },
  auth: ['password'],
  folders: { inbox: 'INBOX', spam: ['Spam', 'Junk'] },
  authservIds: ['*.posteo.de'],
  typicalDelayMs: 20_000,
  notes: ['Check the spam filter setting: when it only marks spam, spam-classified probes arrive in the inbox'],
};
