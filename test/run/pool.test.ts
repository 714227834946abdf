import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { parseBounce } from '../../src/mailboxes/bounces/parse.ts';
import { AnalysisPool, BACKLOG } from '../../src/run/pool.ts';
import type { Resolver } from '../../src/dns/resolver.ts';
import { quotedTxt, zonesResolver } from '../dns/support/zones.ts';
import { compose, deliver, rsaKeys, sign } from '../analysis/support.ts';

const s1 = rsaKeys();
const stale = rsaKeys();
const zones = zonesResolver(
  ['acme.test', `@ TXT "v=spf1 ip4:192.0.2.10 -all"
s1._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${s1.publicKey}`)}
_dmarc TXT "v=DMARC1; p=reject"
relay A 192.0.2.10
`],
  ['2.0.192.in-addr.arpa', '10 PTR relay.acme.test.\n'],
);
const asked: string[] = [];
/** The run's resolver: every question the workers ask is answered here, errors with their codes. */
const resolver: Resolver = (name, rrtype) => (asked.push(`${rrtype} ${name}`), zones(name, rrtype));
const context = { authservIds: ['mx.strict.test'], requirements: ['gmail'], bulk: true };
const pool = new AnalysisPool(resolver, { size: 2 });
afterAll(() => pool.close());

async function messages() {
  const verdict = 'dkim=pass header.d=acme.test; spf=pass smtp.mailfrom=sales@acme.test; dmarc=pass header.from=acme.test';
  return [
    deliver(await sign(compose(), 'acme.test', 's1', s1), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict }),
    // Signed with a key DNS does not publish under s9: NXDOMAIN must reach mailauth as NXDOMAIN.
    deliver(await sign(compose({ subject: 'stale' }), 'acme.test', 's9', stale), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict }),
    deliver(compose({ subject: 'unsigned' }), { clientIp: '198.51.100.7', mailFrom: 'sales@acme.test', verdict: 'spf=fail smtp.mailfrom=sales@acme.test' }),
  ];
}

describe('bounces read on worker threads', () => {
  it('reads every fixture notification as the run\'s own thread would, a vacation reply as none', async () => {
    const dir = join(import.meta.dirname, '../mailboxes/fixtures/bounces');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toContain('vacation.eml');
    for (const file of files) {
      const raw = readFileSync(join(dir, file));
      expect(await pool.parseBounce(raw), file).toEqual(JSON.parse(JSON.stringify((await parseBounce(raw)) ?? null)) ?? undefined);
    }
    expect(await pool.parseBounce(readFileSync(join(dir, 'vacation.eml')))).toBeUndefined();
  });
});

describe('analysis on worker threads', () => {
  it('gives exactly the analysis of the run\'s own thread, DNS answered by the run\'s resolver', async () => {
    const raws = await messages();
    const inThread = await Promise.all(raws.map((raw) => analyzeMessage(Buffer.from(raw), { ...context, resolver: zones })));
    asked.length = 0;
    const onWorkers = await Promise.all(raws.map((raw) => pool.analyse(Buffer.from(raw), context)));
    expect(onWorkers).toEqual(inThread);
    expect(onWorkers[1].verified.dkim.signatures[0]).toMatchObject({ selector: 's9' });
    expect(onWorkers[1].verified.dkim.result).not.toBe('pass');
    expect(asked).toContain('TXT s9._domainkey.acme.test');
  });

  it('analyses at a lower priority than the run\'s own thread, which keeps its own', async () => {
    const [raw] = await messages();
    const own = new AnalysisPool(resolver, { size: 1 });
    try {
      const before = niceOfThreads();
      await own.analyse(Buffer.from(raw!), context);
      // Linux keeps a nice value per thread (/proc/self/task/TID/stat, field 19): the worker's thread is new.
      const added = [...niceOfThreads()].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
      expect(added).toContain(10);
      expect(niceOfThreads().get(process.pid)).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('keeps going after many messages, spread over both workers', async () => {
    const [raw] = await messages();
    const all = await Promise.all(Array.from({ length: 2 * BACKLOG }, () => pool.analyse(Buffer.from(raw!), context)));
    expect(new Set(all.map((a) => a.verified.dkim.result))).toEqual(new Set(['pass']));
    expect(pool.workers).toBe(2);
  });

  it('starts a second worker only for a backlog bigger than it would take the first to clear while one loads', async () => {
    const [raw] = await messages();
    const own = new AnalysisPool(resolver, { size: 2 });
    try {
      own.warm();
      // A small run's end: a hundred messages at once, cleared by the one worker before another could load.
      await Promise.all(Array.from({ length: 100 }, () => own.analyse(Buffer.from(raw!), context)));
      expect(own.workers).toBe(1);
      await Promise.all(Array.from({ length: BACKLOG + 1 }, () => own.analyse(Buffer.from(raw!), context)));
      expect(own.workers).toBe(2);
    } finally {
      await own.close();
    }
  });

  it('starts a second worker once the first has been busy with a message waiting too long', async () => {
    // Messages of 1 MB: each takes the worker milliseconds of parsing and hashing (7-12 ms here).
    const big = deliver(await sign(compose({ body: 'Invoice line, amount and VAT.\r\n'.repeat(33_000) }), 'acme.test', 's1', s1), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test' });
    const own = new AnalysisPool(resolver, { size: 2, lagMs: 300 });
    try {
      await own.analyse(Buffer.from(big), context); // loaded: its modules' loading is not what is measured
      const queued = Array.from({ length: BACKLOG - 10 }, () => own.analyse(Buffer.from(big), context));
      let cleared = false;
      void Promise.allSettled(queued).then(() => (cleared = true));
      await sleep(400);
      expect(cleared, `the first worker cleared ${queued.length} messages of 1 MB within 400 ms: make them bigger`).toBe(false);
      const one = own.analyse(Buffer.from(big), context);
      expect(own.workers).toBe(2);
      await Promise.all([...queued, one]);
    } finally {
      await own.close();
    }
  });

  it('starts no second worker for a message that waits on slow DNS answers while the first idles', async () => {
    const [raw] = await messages();
    let stalled = true;
    const slow: Resolver = async (name, rrtype) => {
      while (stalled) await sleep(20);
      return resolver(name, rrtype);
    };
    const own = new AnalysisPool(slow, { size: 2, lagMs: 300 });
    try {
      own.warm();
      const first = own.analyse(Buffer.from(raw!), context);
      await sleep(400);
      const second = own.analyse(Buffer.from(raw!), context);
      expect(own.workers).toBe(1);
      stalled = false;
      await Promise.all([first, second]);
    } finally {
      await own.close();
    }
  });

  it('asks the run\'s resolver once per name and worker, not once per message', async () => {
    const [raw] = await messages();
    const own = new AnalysisPool(resolver, { size: 2 });
    try {
      asked.length = 0;
      const all = await Promise.all(Array.from({ length: 20 }, () => own.analyse(Buffer.from(raw!), context)));
      expect(new Set(all.map((a) => a.verified.dkim.result))).toEqual(new Set(['pass']));
      const key = asked.filter((q) => q === 'TXT s1._domainkey.acme.test').length;
      expect(key).toBeGreaterThanOrEqual(1);
      expect(key).toBeLessThanOrEqual(2);
    } finally {
      await own.close();
    }
  });
});

/** Each thread of this process and its nice value. */
function niceOfThreads(): Map<number, number> {
  const tids = readdirSync('/proc/self/task').map(Number);
  return new Map(tids.map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return [tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
  }));
}
