/**
 * The lab's forwarder and mailing lists (src/lab/forwarding.ts) against the lab providers: SPF breaks when
 * mail is forwarded, DKIM survives unless the list changes the message, ARC is sealed where the service
 * seals and honoured only by a receiver that trusts the sealer. This is the truth table in docs/lab.md.
 */
import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { findMessage, openMailbox, sendThrough, verdictsBy } from './helpers.ts';

type Row = { folder: 'inbox' | 'junk' | 'rejected'; spf?: string; dkim?: string; dmarc?: string; arc?: string; dis?: string };
const TRUTH: Record<string, Record<string, Row>> = {
  relay: {
    'fwd-1': { folder: 'inbox', spf: 'fail', dkim: 'pass', dmarc: 'pass', arc: 'pass' },
    'fwd-2': { folder: 'inbox', spf: 'fail', dkim: 'pass', dmarc: 'pass', arc: 'pass' },
    'list-1': { folder: 'inbox', spf: 'pass', dkim: 'pass', dmarc: 'pass' },
    'list-2': { folder: 'inbox', spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'pass' },
  },
  'stale-dkim': {
    'fwd-1': { folder: 'inbox', spf: 'fail', dkim: 'fail', dmarc: 'fail', arc: 'pass', dis: 'NONE' },
    'fwd-2': { folder: 'junk', spf: 'fail', dkim: 'fail', dmarc: 'fail', arc: 'pass', dis: 'QUARANTINE' },
    'list-1': { folder: 'junk', spf: 'pass', dkim: 'fail', dmarc: 'fail', dis: 'QUARANTINE' },
    'list-2': { folder: 'inbox', spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'pass' },
  },
  internal: {
    'fwd-1': { folder: 'rejected' },
    'fwd-2': { folder: 'junk', spf: 'fail', dkim: 'none', dmarc: 'fail', arc: 'pass', dis: 'REJECT' },
    'list-1': { folder: 'rejected' },
    'list-2': { folder: 'inbox', spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'pass' },
  },
};

let lab: Lab;
const clients: ImapFlow[] = [];

beforeAll(async () => {
  lab = await startLab();
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.logout()));
  await lab?.stop();
});

describe('forwarding in the lab', () => {
  it('writes the forwarded seeds into landed-forwarding.yaml only, tagged apart from the direct ones', async () => {
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(lab.configFile, 'utf8')).not.toContain('fwd-1');
    const yaml = await readFile(lab.forwardingConfigFile, 'utf8');
    expect(yaml).toMatch(/ {2}fwd-1:\n {4}address: fwd1@forward\.test\n {4}provider: lab-strict\n {4}imap: \{[^}]*user: "fwd1@strict\.test"/);
    expect(yaml).toContain('tags: [lab, forwarded, lists]');
    expect(yaml).toContain('tags: [lab, direct, strict]');
  }, 240_000);

  it('gives the truth table: SPF breaks, DKIM survives unless the list rewrites, ARC honoured only where trusted', async () => {
    const sends = Object.entries(TRUTH).flatMap(([route, row]) => Object.entries(row).map(([seed, want]) => ({ route, seed, want, subject: `${route}-${seed}-${randomBytes(4).toString('hex')}` })));
    await Promise.all(sends.map((s) => sendThrough(lab.info, lab.info.routes[s.route], lab.info.forwardedSeeds[s.seed].address, s.subject)));
    const observed: Record<string, Row> = {};
    for (const s of sends) {
      const box = lab.info.forwardedSeeds[s.seed];
      const client = await openMailbox(lab.info, box);
      clients.push(client);
      if (s.want.folder === 'rejected') {
        const event = await lab.waitForEvent((e) => e.part === `mx:${box.provider}` && e.kind === 'rejected' && e.to === box.user && (e.from ?? '') !== '' && !!e.detail?.includes('5.7.26'), 30_000);
        observed[`${s.route} ${s.seed}`] = { folder: event ? 'rejected' : 'inbox' };
        continue;
      }
      const found = await findMessage(client, s.subject, 30_000);
      expect(found, `${s.route} -> ${s.seed}`).toBeDefined();
      const authservId = lab.info.providers[box.provider].authservId;
      const v = verdictsBy(found!.source, authservId)!;
      const header = found!.source.slice(0, found!.source.indexOf('\r\n\r\n'));
      const row: Row = { folder: found!.folder === 'INBOX' ? 'inbox' : 'junk', spf: v.spf, dkim: v.dkim, dmarc: v.dmarc };
      if (v.arc) row.arc = v.arc;
      const dis = /dis=(\w+)/.exec(header)?.[1];
      if (dis) row.dis = dis;
      observed[`${s.route} ${s.seed}`] = row;
    }
    const expected = Object.fromEntries(sends.map((s) => [`${s.route} ${s.seed}`, s.want]));
    expect(observed).toEqual(expected);
  }, 240_000);
});
