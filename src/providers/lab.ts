import type { ProviderPreset } from './types.ts';

/**
 * The local lab's three providers (docs/lab.md). Their hosts change with every lab (a free 127.A.B.0/24), so
 * the seed names them, as for `imap`; the rest is what a preset is for: junk folder names, whose
 * Authentication-Results to trust, and which big provider's sender rules to judge by.
 */
const lab = (id: string, name: string, spam: string[], requirements: string): ProviderPreset => ({
  id: `lab-${id}`,
  name: `Local lab: ${name}`,
  auth: ['password'],
  folders: { inbox: 'INBOX', spam },
  authservIds: [`mx.${id}.test`],
  requirements,
  notes: ['Started by `landed lab up`; its landed.yaml names the IMAP host'],
});

export const labStrict = lab('strict', 'strict, Gmail-like', ['Junk'], 'gmail');
export const labBulk = lab('bulk', 'bulk, Yahoo-like', ['Bulk'], 'yahoo');
export const labIsp = lab('isp', 'older ISP, GMX-like', ['Spamverdacht'], 'gmx');
