import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeImap, openImap } from '../../src/mailboxes/connect.ts';
import { detectFolders } from '../../src/mailboxes/folders.ts';
import { getProvider } from '../../src/providers/index.ts';
import { startDovecot, type Dovecot, type DovecotOptions } from './fixtures/dovecot.ts';

// One real Dovecot per mailbox shape a provider presents.
const SHAPES: Record<string, DovecotOptions> = {
  // Exchange Online: no SPECIAL-USE capability, "Junk Email" among Outlook's other folders.
  exchange: { users: { u: 'pw' }, specialUse: false, folders: [{ name: 'Sent Items' }, { name: 'Deleted Items' }, { name: 'Junk Email' }, { name: 'Archive' }] },
  // Yahoo: "Bulk", a name imapflow's own table does not know.
  yahoo: { users: { u: 'pw' }, specialUse: false, folders: [{ name: 'Sent' }, { name: 'Bulk' }, { name: 'Trash' }] },
  // GMX in German: "Spamverdacht" plus "Unerwünscht" (blocked senders, not the spam folder).
  gmx: { users: { u: 'pw' }, specialUse: false, folders: [{ name: 'Gesendet' }, { name: 'Unerwünscht' }, { name: 'Spamverdacht' }] },
  // A server with SPECIAL-USE whose \Junk folder has an unusual name, next to a decoy called "Spam".
  flagged: { users: { u: 'pw' }, folders: [{ name: 'Spam' }, { name: 'Quarantine', specialUse: '\\Junk' }, { name: 'Sent', specialUse: '\\Sent' }] },
  // Nothing that looks like a junk folder.
  plain: { users: { u: 'pw' }, specialUse: false, folders: [{ name: 'Sent' }, { name: 'Trash' }, { name: 'Projects' }] },
  // Courier/Cyrus-style: everything under "INBOX." with "." as delimiter.
  courier: { users: { u: 'pw' }, specialUse: false, inboxPrefix: true, folders: [{ name: 'Sent' }, { name: 'Bulk Mail' }] },
  // Gmail's German-account prefix, without SPECIAL-USE.
  googlemail: { users: { u: 'pw' }, specialUse: false, folders: [{ name: '[Google Mail]/Spam' }, { name: '[Google Mail]/Gesendet' }] },
};

const servers: Record<string, Dovecot> = {};

beforeAll(async () => {
  await Promise.all(Object.entries(SHAPES).map(async ([name, options]) => (servers[name] = await startDovecot(options))));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.destroy()));
});

async function detect(shape: string, provider: string, overrides: { inbox?: string; spam?: string } = {}) {
  const client = await openImap(servers[shape]!.endpoint('u'), { where: `seed-${shape}` });
  try {
    return await detectFolders(client, getProvider(provider)!.folders, overrides, `seed-${shape}`);
  } finally {
    await closeImap(client);
  }
}

describe('junk folder detection against Dovecot', () => {
  it('finds Exchange\'s "Junk Email" without SPECIAL-USE from the microsoft365 preset', async () => {
    const found = await detect('exchange', 'microsoft365');
    expect(found.spam).toEqual({ path: 'Junk Email', how: 'preset' });
    expect(found.inbox).toEqual({ path: 'INBOX', how: 'preset' });
  });

  it('still finds "Junk Email" with the generic imap preset, as a guess', async () => {
    expect((await detect('exchange', 'imap')).spam).toEqual({ path: 'Junk Email', how: 'guessed' });
  });

  it('finds Yahoo\'s "Bulk" from the preset, and guesses it for a generic server', async () => {
    expect((await detect('yahoo', 'yahoo')).spam).toEqual({ path: 'Bulk', how: 'preset' });
    expect((await detect('yahoo', 'imap')).spam).toEqual({ path: 'Bulk', how: 'guessed' });
  });

  it('finds the localized "Spamverdacht" at GMX, not the blocked-senders folder', async () => {
    expect((await detect('gmx', 'gmx')).spam).toEqual({ path: 'Spamverdacht', how: 'preset' });
  });

  it('trusts the SPECIAL-USE \\Junk flag over a folder merely named "Spam"', async () => {
    expect((await detect('flagged', 'imap')).spam).toEqual({ path: 'Quarantine', how: 'special-use' });
    expect((await detect('flagged', 'gmail')).spam).toEqual({ path: 'Quarantine', how: 'special-use' });
  });

  it('finds the [Google Mail] prefix from the gmail preset', async () => {
    expect((await detect('googlemail', 'gmail')).spam).toEqual({ path: '[Google Mail]/Spam', how: 'preset' });
  });

  it('lets the seed\'s override win over SPECIAL-USE and the preset, matching case-insensitively', async () => {
    expect((await detect('flagged', 'imap', { spam: 'spam' })).spam).toEqual({ path: 'Spam', how: 'override' });
    expect((await detect('exchange', 'microsoft365', { spam: 'Archive' })).spam).toEqual({ path: 'Archive', how: 'override' });
    expect((await detect('gmx', 'gmx', { inbox: 'Gesendet' })).inbox).toEqual({ path: 'Gesendet', how: 'override' });
  });

  it('refuses an override naming a folder the mailbox does not have, and lists what exists', async () => {
    const error = await detect('yahoo', 'yahoo', { spam: 'Junk' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', where: 'seed-yahoo' });
    expect(error.message).toContain('folders.spam "Junk"');
    expect(error.hint).toContain('"Bulk"');
  });

  it('guesses a known name the preset does not list (GMX\'s folder through the Yahoo preset)', async () => {
    expect((await detect('gmx', 'yahoo')).spam).toEqual({ path: 'Spamverdacht', how: 'guessed' });
  });

  it('finds preset names under an INBOX. prefix with a "." delimiter', async () => {
    expect((await detect('courier', 'yahoo')).spam).toEqual({ path: 'INBOX.Bulk Mail', how: 'preset' });
    expect((await detect('courier', 'imap', { spam: 'Bulk Mail' })).spam).toEqual({ path: 'INBOX.Bulk Mail', how: 'override' });
  });

  it('reports no junk folder when nothing matches', async () => {
    const found = await detect('plain', 'imap');
    expect(found.spam).toBeUndefined();
    expect(found.inbox.path).toBe('INBOX');
  });
});
