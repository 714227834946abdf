import type { ProviderPreset } from './types.ts';

/** Zoho Mail (US data centre; EU accounts use imap.zoho.eu, India imap.zoho.in). */
export const zoho: ProviderPreset = {
  id: 'zoho',
  name: 'Zoho Mail',
  imap: { host: 'imap.zoho.com', port: 993, security: 'tls' },
  auth: ['password', 'app-password', 'oauth2'],
  folders: { inbox: 'INBOX', spam: ['Spam'] },
  authservIds: ['mx.zohomail.com', '*.zoho.com', '*.zohomail.com'],
  typicalDelayMs: 20_000,
  loginHint: 'Turn on IMAP access in Zoho Mail settings; with 2-factor authentication use an app-specific password',
  notes: ['Set imap.host to imap.zoho.eu (or .in, .com.au) for accounts outside the US data centre'],
};
