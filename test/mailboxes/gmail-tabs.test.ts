import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSeed } from '../../src/mailboxes/check.ts';
import { startGmailServer, type GmailServer } from './fixtures/gmail-server.ts';
import { probeMessage, seedFor, startWatch, tokens } from './fixtures/seeds.ts';

// A scripted server speaking Gmail's documented X-GM-EXT-1: Dovecot does not implement it.
let gmail: GmailServer;

beforeAll(async () => {
  gmail = await startGmailServer('seed@gmail.test', 'app-password-1');
});
afterAll(async () => {
  await gmail?.close();
});

function gmailSeed(id: string, provider = 'gmail') {
  const imap = { host: gmail.host, port: gmail.port, security: 'none' as const, auth: { user: 'seed@gmail.test', pass: 'app-password-1' }, tls: { insecure: false } };
  return seedFor(id, imap, { provider, maxConnections: 15 });
}

describe('Gmail inbox tabs over X-GM-RAW', () => {
  it('classifies inbox probes by tab and watches [Gmail]/Spam separately', async () => {
    const [primary, promotions, updates, social, forums, spam] = tokens(6);
    const { recorder, handle: watch } = startWatch(gmailSeed('seed-gmail'), [primary!, promotions!, updates!, social!, forums!, spam!]);
    gmail.add('INBOX', probeMessage(primary!), 'primary');
    gmail.add('INBOX', probeMessage(promotions!), 'promotions');
    gmail.add('INBOX', 'Subject: newsletter\n\nnot a probe\n', 'promotions');
    await recorder.until(() => recorder.found.length === 2);
    // Later arrivals come in over IDLE.
    gmail.add('INBOX', probeMessage(updates!), 'updates');
    gmail.add('INBOX', probeMessage(social!), 'social');
    gmail.add('INBOX', probeMessage(forums!), 'forums');
    gmail.add('[Gmail]/Spam', probeMessage(spam!));
    await watch.done;

    const seen = Object.fromEntries(recorder.found.map((f) => [f.token, [f.folder, f.placement, f.tab]]));
    expect(seen).toEqual({
      [primary!]: ['INBOX', 'inbox', 'primary'],
      [promotions!]: ['INBOX', 'inbox', 'promotions'],
      [updates!]: ['INBOX', 'inbox', 'updates'],
      [social!]: ['INBOX', 'inbox', 'social'],
      [forums!]: ['INBOX', 'inbox', 'forums'],
      [spam!]: ['[Gmail]/Spam', 'spam', undefined],
    });
    expect(new Set(gmail.rawQueries)).toEqual(new Set(['category:promotions', 'category:updates', 'category:social', 'category:forums']));
    expect(recorder.problems).toEqual([]);
  });

  it('asks no tab questions of a non-Gmail preset', async () => {
    const [token] = tokens(1);
    const before = gmail.rawQueries.length;
    const { recorder, handle: watch } = startWatch(gmailSeed('seed-imap', 'imap'), [token!]);
    gmail.add('INBOX', probeMessage(token!), 'promotions');
    await watch.done;
    expect(recorder.found[0]!.tab).toBeUndefined();
    expect(gmail.rawQueries.length).toBe(before);
  });

  it('reports the Gmail capabilities and the special-use Spam folder in seeds check', async () => {
    const check = await checkSeed(gmailSeed('seed-gmail'));
    expect(check).toMatchObject({
      ok: true,
      folders: { inbox: { path: 'INBOX' }, spam: { path: '[Gmail]/Spam', how: 'special-use' } },
      capabilities: { idle: true, specialUse: true, gmail: true },
      warnings: [],
    });
  });
});
