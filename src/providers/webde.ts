import type { ProviderPreset } from './types.ts';
import { gmx } from './gmx.ts';

/** WEB.DE FreeMail: the same platform as GMX (United Internet). */
export const webde: ProviderPreset = {
  ...gmx,
  id: 'webde',
  name: 'WEB.DE',
  imap: { host: 'imap.web.de', port: 993, security: 'tls' },
  authservIds: ['*.web.de', 'web.de'],
  loginHint: 'Turn on "POP3/IMAP access" in the WEB.DE settings; it is off for new accounts',
};
