import type { ProviderPreset } from './types.ts';

/** Any other IMAP server: the seed names the host; folders are found by SPECIAL-USE or guessed by name. */
export const imap: ProviderPreset = {
  id: 'imap',
  name: 'Generic IMAP server',
  auth: ['password', 'oauth2'],
  folders: { inbox: 'INBOX', spam: [] },
  authservIds: [],
  notes: ['Set imap.host; set folders.spam if the server has no SPECIAL-USE and an unusual junk folder name'],
};
