import type { ProviderPreset } from './types.ts';

/** Personal Gmail (gmail.com, googlemail.com). */
export const gmail: ProviderPreset = {
  id: 'gmail',
  name: 'Gmail',
  imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
  auth: ['app-password', 'oauth2'],
  oauth2: { flavor: 'google', tokenUrl: 'https://oauth2.googleapis.com/token', scope: 'https://mail.google.com/' },
  // Gmail advertises SPECIAL-USE; these names are the fallback. The prefix is [Gmail] or, for accounts opened
  // in Germany and the UK, [Google Mail]; the folder name follows the account language.
  folders: {
    inbox: 'INBOX',
    spam: ['[Gmail]/Spam', '[Google Mail]/Spam', '[Gmail]/Pourriel', '[Gmail]/Спам', '[Gmail]/迷惑メール', '[Gmail]/垃圾邮件'],
  },
  authservIds: ['mx.google.com'],
  maxConnections: 15,
  typicalDelayMs: 15_000,
  gmailTabs: true,
  requirements: 'gmail',
  loginHint: 'Gmail needs an app password (with 2-step verification) or OAuth2; a normal password is refused',
  notes: [
    'At most 15 IMAP connections per account, shared with every other client of the account',
    'Inbox tabs (Promotions, Updates, Social, Forums) are read with X-GM-RAW, not folders',
    'Spam is not in All Mail: landed watches the Spam folder itself',
    'Deleting a probe from INBOX over IMAP only removes its label; it stays in All Mail',
  ],
};
