/**
 * Content scores kept between runs: two builds of the same scenario share one entry whatever the composer
 * picked anew (Date, Message-ID, MIME boundaries), any change to the message, envelope or scorer is another
 * entry, an entry is read like any file (size cap, shape, printable strings) and a week old at most, and a
 * scorer that finds a message's score there does not start rspamd.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ContentScorer } from '../../src/content/scorer.ts';
import { canonicalMessage, SCORE_MAX_AGE_MS, ScoreCache } from '../../src/content/score-cache.ts';
import type { ContentScore } from '../../src/content/types.ts';
import { composeProbe, composeRaw } from '../../src/routes/message.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { tempDir } from '../e2e/cli.ts';

const TOKEN = 'landed-scoredbeforesend';
const scenario = (text: string) =>
  ({
    name: 'quote',
    message: { subject: 'Ihr Angebot über 3 Artikel', text, html: '<p>Guten Tag</p>', attachments: [{ filename: 'quote.txt', content: 'Position 1' }] },
  }) as unknown as Scenario;
const build = (text: string, date: string) => composeRaw({ ...composeProbe(scenario(text), TOKEN, 'Acme Sales <sales@acme.test>', 'seed1@bulk.test'), date: new Date(date) });
const envelope = { mailFrom: 'sales@acme.test', rcptTo: 'seed1@bulk.test' };
const score: ContentScore = {
  scorer: 'rspamd 3.4',
  score: 2.5,
  action: 'no action',
  thresholds: { greylist: 4, junk: 6, reject: 15 },
  symbols: [{ name: 'MIME_HTML_ONLY', score: 2.5, meaning: 'HTML only', details: ['a'] }],
  elapsedMs: 12,
};

describe('the content score cache', () => {
  let dir: string;
  let now: number;
  let cache: ScoreCache;
  beforeEach(async () => {
    dir = join(await tempDir('landed-scores-'), 'scores');
    now = Date.parse('2026-12-05T08:00:00Z');
    cache = new ScoreCache(dir, 'rspamd 3.4 / landed 1', () => now);
  });

  it('gives two builds of the same message one key, and any change to message, envelope or scorer another', async () => {
    const [first, second] = [await build('Guten Tag', '2026-12-01T10:00:00Z'), await build('Guten Tag', '2026-12-05T07:59:00Z')];
    expect(first.equals(second)).toBe(false); // Date, Message-ID and boundaries all differ
    expect(canonicalMessage(first).equals(canonicalMessage(second))).toBe(true);
    const key = cache.keyOf(first, envelope);
    expect(cache.keyOf(second, envelope)).toBe(key);
    expect(cache.keyOf(await build('Guten Abend', '2026-12-01T10:00:00Z'), envelope)).not.toBe(key);
    expect(cache.keyOf(first, { ...envelope, mailFrom: 'bounces@acme.test' })).not.toBe(key);
    expect(cache.keyOf(first, { ...envelope, bulk: true })).not.toBe(key);
    expect(new ScoreCache(dir, 'rspamd 3.5 / landed 1').keyOf(first, envelope)).not.toBe(key);
  });

  it('keeps a body line that starts with "Date:" in the key', () => {
    const raw = (body: string) => Buffer.from(`Date: Sat, 05 Dec 2026 08:00:00 +0000\r\nSubject: x\r\n\r\n${body}\r\n`);
    expect(cache.keyOf(raw('Date: Monday'), envelope)).not.toBe(cache.keyOf(raw('Date: Friday'), envelope));
  });

  it('answers with what was kept for a week, then no more', async () => {
    const key = cache.keyOf(await build('Guten Tag', '2026-12-01T10:00:00Z'), envelope);
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, score);
    expect(await cache.get(key)).toEqual({ result: score, scoredAt: '2026-12-05T08:00:00.000Z' });
    now += SCORE_MAX_AGE_MS + 1;
    expect(await cache.get(key)).toBeUndefined();
  });

  it('reads an entry as hostile input: control characters out, broken, huge or device files are misses', async () => {
    await mkdir(dir, { recursive: true });
    const entry = { scoredAt: '2026-12-05T07:00:00.000Z', result: { ...score, symbols: [{ ...score.symbols[0], name: 'EVIL\u001b]0;owned\u0007', details: ['\u001b[2J'] }] } };
    await writeFile(join(dir, 'evil.json'), JSON.stringify(entry));
    const read = await cache.get('evil');
    expect(JSON.stringify(read)).not.toMatch(/\\u001b|\\u0007/);
    expect(read!.result.symbols[0].name).toContain('EVIL');

    await writeFile(join(dir, 'broken.json'), '{"scoredAt": "2026-12-05T07:00:00.000Z", "result": {"score": "high"}}');
    await writeFile(join(dir, 'huge.json'), JSON.stringify({ ...entry, pad: 'x'.repeat(300 * 1024) }));
    await symlink('/dev/zero', join(dir, 'zero.json'));
    for (const key of ['broken', 'huge', 'zero', 'absent']) expect(await cache.get(key)).toBeUndefined();
  });

  it('a scorer that finds the message in its cache answers without starting rspamd; without reuse it asks', async () => {
    const raw = await build('Guten Tag', '2026-12-01T10:00:00Z');
    await cache.set(cache.keyOf(raw, envelope), score);
    // A binary that is not there: any start of rspamd would fail the call.
    const reusing = new ContentScorer({ binary: '/nonexistent/rspamd', cache, reuse: true });
    expect(await reusing.score(await build('Guten Tag', '2026-12-05T08:00:00Z'), envelope)).toEqual({ ...score, reusedFrom: '2026-12-05T08:00:00.000Z' });
    await expect(reusing.score(await build('Guten Abend', '2026-12-05T08:00:00Z'), envelope)).rejects.toThrow();
    await expect(new ContentScorer({ binary: '/nonexistent/rspamd', cache }).score(raw, envelope)).rejects.toThrow();
    await reusing.close();
  });
});
