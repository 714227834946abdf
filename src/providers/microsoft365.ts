import type { ProviderPreset } from './types.ts';

/**
 * Names of the Junk Email folder in the Outlook/Exchange languages. Exchange Online advertises no SPECIAL-USE,
 * so the name is all there is; it follows the mailbox language chosen at first login.
 */
export const MICROSOFT_JUNK_NAMES = [
  'Junk Email',
  'Junk E-mail',
  'Junk-E-Mail',
  'Courrier indésirable',
  'Correo no deseado',
  'Posta indesiderata',
  'Ongewenste e-mail',
  'Lixo Eletrônico',
  'Lixo Electrónico',
  'Skräppost',
  'Uønsket e-post',
  'Uønsket mail',
  'Roskaposti',
  'Wiadomości-śmieci',
  'Nevyžádaná pošta',
  'Levélszemét',
  'Нежелательная почта',
  'Gereksiz E-posta',
  '迷惑メール',
  '垃圾邮件',
  '정크 메일',
];

/** Exchange Online (Microsoft 365 business mailboxes). */
export const microsoft365: ProviderPreset = {
  id: 'microsoft365',
  name: 'Microsoft 365 (Exchange Online)',
  imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
  // Basic authentication for IMAP ended in 2022: delegated OAuth2 (refresh token) or app-only
  // (client credentials, IMAP.AccessAsApp, scope https://outlook.office365.com/.default).
  auth: ['oauth2'],
  oauth2: {
    flavor: 'microsoft',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
  },
  folders: { inbox: 'INBOX', spam: MICROSOFT_JUNK_NAMES },
  authservIds: ['*.prod.outlook.com', '*.protection.outlook.com'],
  authResultsWithoutId: true,
  maxConnections: 8,
  typicalDelayMs: 30_000,
  requirements: 'outlook',
  loginHint: 'Check that IMAP is enabled for the mailbox (Set-CASMailbox -ImapEnabled), and for app-only access that the service principal has FullAccess to it',
  notes: [
    'No SPECIAL-USE: the junk folder is found by name ("Junk Email", localized)',
    'App-only access: grant: client_credentials with the tenant set; the app needs IMAP.AccessAsApp and a service principal with mailbox permission',
    'Authentication-Results is written without an authserv-id ("spf=pass (sender IP is ...)")',
  ],
};
