import type { ProviderPreset } from './types.ts';
import { MICROSOFT_JUNK_NAMES } from './microsoft365.ts';

/** Outlook.com, Hotmail, Live and MSN personal accounts. */
export const outlook: ProviderPreset = {
  id: 'outlook',
  name: 'Outlook.com / Hotmail',
  imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
  // Basic authentication (password, app password) for IMAP ended in September 2024.
  auth: ['oauth2'],
  oauth2: {
    flavor: 'microsoft',
    tokenUrl: 'https://login.microsoftonline.com/consumers/oauth2/v2.0/token',
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
  },
  folders: { inbox: 'INBOX', spam: ['Junk', ...MICROSOFT_JUNK_NAMES] },
  authservIds: ['*.prod.outlook.com', 'hotmail.com', 'outlook.com'],
  authResultsWithoutId: true,
  maxConnections: 8,
  typicalDelayMs: 30_000,
  requirements: 'outlook',
  loginHint: 'Outlook.com accepts only OAuth2 for IMAP: obtain a refresh token with `landed auth microsoft`',
  notes: [
    'OAuth2 only since September 2024 (scope IMAP.AccessAsUser.All + offline_access)',
    'Authentication-Results is written without an authserv-id ("spf=pass (sender IP is ...)")',
    'Rejects non-compliant bulk mail with 550 5.7.515 since May 2025',
  ],
};
