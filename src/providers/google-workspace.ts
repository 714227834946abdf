import type { ProviderPreset } from './types.ts';
import { gmail } from './gmail.ts';

/** Gmail for a company domain: the same servers as Gmail, administered by the customer. */
export const googleWorkspace: ProviderPreset = {
  ...gmail,
  id: 'google-workspace',
  name: 'Google Workspace',
  auth: ['app-password', 'oauth2'],
  loginHint: 'Check that the Workspace admin allows IMAP for the user and that the app password or OAuth2 client is permitted',
  notes: [
    'Inbox tabs are off by default in Workspace; with them off every inbox probe is `primary`',
    'An admin can turn IMAP off for the whole organisation (Admin console > Gmail > End user access)',
    ...gmail.notes!.filter((note) => !note.startsWith('Inbox tabs')),
  ],
};
