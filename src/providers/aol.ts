import type { ProviderPreset } from './types.ts';
import { yahoo } from './yahoo.ts';

/** AOL Mail: runs on Yahoo's platform. */
export const aol: ProviderPreset = {
  ...yahoo,
  id: 'aol',
  name: 'AOL Mail',
  imap: { host: 'imap.aol.com', port: 993, security: 'tls' },
  authservIds: ['*.yahoo.com', '*.aol.com'],
  loginHint: 'AOL needs an app password (Account security > Generate app password)',
  notes: ['Runs on Yahoo\'s platform: the spam folder is "Bulk" (older accounts: "Spam")'],
};
