import type { ImapFlow } from 'imapflow';

export type GmailTab = 'primary' | 'promotions' | 'updates' | 'social' | 'forums';

const CATEGORIES = ['promotions', 'updates', 'social', 'forums'] as const;

/**
 * The inbox tab of each message, read with Gmail's X-GM-RAW search (`category:promotions` ...): tabs are not
 * folders, and their category labels are not exposed over IMAP. One search per category over the given UIDs;
 * what no category claims is Primary. Needs the INBOX selected and X-GM-EXT-1.
 */
export async function classifyTabs(
  client: ImapFlow,
  uids: number[],
  within: <T>(work: Promise<T>, what: string) => Promise<T>,
): Promise<Map<number, GmailTab>> {
  const tabs = new Map<number, GmailTab>();
  const range = uids.join(',');
  for (const category of CATEGORIES) {
    const hits = (await within(client.search({ uid: range, gmraw: `category:${category}` }, { uid: true }), `X-GM-RAW category:${category}`)) || [];
    for (const uid of hits) if (uids.includes(uid) && !tabs.has(uid)) tabs.set(uid, category);
  }
  for (const uid of uids) if (!tabs.has(uid)) tabs.set(uid, 'primary');
  return tabs;
}

/** Whether tabs can be read on this connection. */
export function canReadTabs(client: ImapFlow): boolean {
  return client.capabilities.has('X-GM-EXT-1');
}
