import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { createResolver } from '../../src/dns/resolver.ts';
import { connectLab, startLab, type Lab } from '../../src/lab/index.ts';
import { daemonPid, processesOfLab } from '../../src/lab/processes.ts';
import { labLayout } from '../../src/lab/files/layout.ts';
import { findMessage, openMailbox, sendThrough, verdictsBy } from './helpers.ts';

/** What each route must produce at each provider: the lab's truth table (docs/lab.md). */
const TRUTH: Record<string, { spf: string; dkim: string; dmarc: string; strict: 'inbox' | 'junk' | 'rejected'; others: 'inbox' | 'junk' }> = {
  relay: { spf: 'pass', dkim: 'pass', dmarc: 'pass', strict: 'inbox', others: 'inbox' },
  internal: { spf: 'fail', dkim: 'none', dmarc: 'fail', strict: 'rejected', others: 'junk' },
  erp: { spf: 'pass', dkim: 'fail', dmarc: 'fail', strict: 'rejected', others: 'junk' },
  'stale-dkim': { spf: 'pass', dkim: 'fail', dmarc: 'pass', strict: 'inbox', others: 'inbox' },
  'no-dmarc': { spf: 'pass', dkim: 'pass', dmarc: 'none', strict: 'inbox', others: 'inbox' },
};

let lab: Lab;
let second: Lab;
let crashed: Lab;
const mailboxes = new Map<string, ImapFlow>();
const token = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

async function mailbox(address: string): Promise<ImapFlow> {
  if (!mailboxes.has(address)) {
    const box = Object.values(lab.info.seeds).find((s) => s.address === address) ?? lab.info.bounceMailboxes[address];
    mailboxes.set(address, await openMailbox(lab.info, box));
  }
  return mailboxes.get(address)!;
}

beforeAll(async () => {
  [lab, second, crashed] = await Promise.all([startLab(), startLab(), startLab()]);
});

afterAll(async () => {
  await Promise.allSettled([...mailboxes.values()].map((c) => c.logout()));
  await Promise.allSettled([lab?.stop(), second?.stop(), crashed?.stop()]);
});

describe('the lab world', () => {
  it('serves its zones over the lab DNS and answers NXDOMAIN for anything else', async () => {
    const resolve = createResolver({ servers: lab.resolverServers });
    expect((await resolve('_dmarc.acme.test', 'TXT')).flat().join('')).toContain('p=reject');
    expect((await resolve('acme.test', 'TXT')).flat().join('')).toBe(`v=spf1 ip4:${lab.info.routes.relay.egress} -all`);
    expect((await resolve('s1._domainkey.acme.test', 'TXT')).flat().join('')).toMatch(/^v=DKIM1; k=rsa; p=MII/);
    expect(await resolve('strict.test', 'MX')).toEqual([{ exchange: 'mx.strict.test', priority: 10 }]);
    const ptr = `${lab.info.routes.internal.egress.split('.').reverse().join('.')}.in-addr.arpa`;
    expect(await resolve(ptr, 'PTR')).toEqual(['internal.acme.test']);
    await expect(resolve('gmail.com', 'A')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('_dmarc.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('_dmarc.nodmarc.test', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers a burst of lookups from one address, as a 10,000-probe run asks them, without rate limiting', async () => {
    // One try each: an answer NSD's rate limit dropped would be a timeout here, and a temperror at the MX.
    const resolve = createResolver({ servers: lab.resolverServers, timeoutMs: 3000, tries: 1 });
    // 600 a second, paced (a thousand at once would overflow this process's own socket buffer instead).
    const asked: Array<Promise<unknown>> = [];
    for (let i = 0; i < 20; i++, await sleep(50)) for (let j = 0; j < 30; j++) asked.push(resolve('_dmarc.acme.test', 'TXT'));
    const answers = await Promise.allSettled(asked);
    expect(answers.filter((a) => a.status === 'rejected').map((a) => (a.reason as { code?: string }).code)).toEqual([]);
  });

  it('writes a landed.yaml that the config loader accepts, with secrets only in a 0600 .env', async () => {
    const config = await loadConfig(lab.configFile, { env: {}, cwd: lab.dir });
    expect([...config.routes.keys()]).toEqual(Object.keys(lab.info.routes));
    expect([...config.seeds.keys()]).toEqual(Object.keys(lab.info.seeds));
    expect(config.dnsServers).toEqual(lab.resolverServers);
    expect(config.seeds.get('isp-1')).toMatchObject({ provider: 'lab-isp', authservIds: ['mx.isp.test'], requirements: ['gmx'] });
    const yaml = await readFile(lab.configFile, 'utf8');
    for (const secret of Object.values(lab.info.passwords)) expect(yaml).not.toContain(secret);
    expect((await stat(lab.envFile)).mode & 0o777).toBe(0o600);
  });

  it('files every route at every provider as the truth table says, with the provider\'s own verdicts', async () => {
    const probes = Object.keys(TRUTH).flatMap((route) =>
      Object.values(lab.info.seeds).map((seed) => ({ route, seed, subject: token(`${route}-${seed.provider}`) })),
    );
    // Every route accepts and queues, whatever happens downstream: refusals come back as DSNs.
    for (const p of probes) expect((await sendThrough(lab.info, lab.info.routes[p.route], p.seed.address, p.subject)).response).toMatch(/^250 2\.0\.0 Ok: queued as /);
    for (const p of probes) {
      const expected = TRUTH[p.route];
      const provider = lab.info.providers[p.seed.provider];
      const placement = p.seed.provider === 'strict' ? expected.strict : expected.others;
      if (placement === 'rejected') {
        const dsn = await findMessage(await mailbox(lab.info.routes[p.route].bounceMailbox), p.subject, 20_000, true);
        expect(dsn?.source, `${p.route} -> ${p.seed.provider}: DSN`).toMatch(/Content-Type: multipart\/report; report-type=delivery-status/);
        expect(dsn?.source).toMatch(/^Status: 5\.7\.26$/m);
        expect(dsn?.source).toMatch(/^Diagnostic-Code: smtp; 550 5\.7\.26 /m);
        expect(await findMessage(await mailbox(p.seed.address), p.subject, 0), `${p.route} -> strict must not be filed`).toBeUndefined();
        continue;
      }
      const found = await findMessage(await mailbox(p.seed.address), p.subject);
      expect(found, `${p.route} -> ${p.seed.provider}`).toBeDefined();
      expect(found!.folder, `${p.route} -> ${p.seed.provider}: folder`).toBe(placement === 'inbox' ? 'INBOX' : provider.junkFolder);
      if (placement === 'junk') expect(found!.specialUse).toBe(provider.junkSpecialUse ? '\\Junk' : undefined);
      const verdicts = verdictsBy(found!.source, provider.authservId);
      expect(verdicts, `${p.route} -> ${p.seed.provider}: verdicts`).toMatchObject({ spf: expected.spf, dkim: expected.dkim, dmarc: expected.dmarc });
      expect(found!.source).toMatch(new RegExp(`^Received: from \\S+ \\(\\S+ \\[${lab.info.routes[p.route].egress.replaceAll('.', '\\.')}\\]\\)\\r\\n\\tby ${provider.mx.hostname} `, 'm'));
    }
  });

  it('gives each provider its own IMAP: STARTTLS and IDLE everywhere, SPECIAL-USE except at the old ISP', async () => {
    for (const seed of Object.values(lab.info.seeds)) {
      const client = await mailbox(seed.address);
      expect(client.secureConnection, seed.address).toBe(true);
      expect(client.capabilities.has('IDLE')).toBe(true);
      expect(client.capabilities.has('SPECIAL-USE'), seed.address).toBe(lab.info.providers[seed.provider].junkSpecialUse);
    }
  });

  it('makes the relay ask for AUTH over STARTTLS', async () => {
    const relay = lab.info.routes.relay;
    await expect(sendThrough(lab.info, { ...relay, auth: undefined }, 'seed1@strict.test', token('noauth'))).rejects.toMatchObject({ responseCode: 530 });
    await expect(sendThrough(lab.info, { ...relay, auth: { user: relay.auth!.user, pass: 'wrong' } }, 'seed1@strict.test', token('badpass'))).rejects.toMatchObject({ responseCode: 535 });
    await expect(sendThrough(lab.info, { ...relay, security: 'none' }, 'seed1@strict.test', token('plain'))).rejects.toThrow(/538 .*STARTTLS/);
  });
});

describe('fault knobs', () => {
  it('greylists the first attempt with 451 4.7.1, and the route retries from its queue', async () => {
    await lab.faults.provider('bulk', { greylist: true });
    try {
      const subject = token('greylist');
      const { seq } = (await lab.events()).at(-1) ?? { seq: 0 };
      await sendThrough(lab.info, lab.info.routes.relay, 'seed1@bulk.test', subject);
      expect((await findMessage(await mailbox('seed1@bulk.test'), subject))?.folder).toBe('INBOX');
      const events = await lab.events(seq);
      expect(events.find((e) => e.part === 'mx:bulk' && e.kind === 'greylisted')).toBeDefined();
      expect(events.find((e) => e.part === 'mta:relay' && e.kind === 'deferred' && e.attempt === 1)?.detail).toMatch(/451 4\.7\.1/);
      expect(events.find((e) => e.part === 'mta:relay' && e.kind === 'delivered')?.attempt).toBe(2);
    } finally {
      await lab.faults.reset();
    }
  });

  it('keeps mail for a provider whose MX refuses connections, and delivers it once it is back', async () => {
    await lab.faults.provider('isp', { unavailable: 'refuse' });
    const subject = token('refused');
    await sendThrough(lab.info, lab.info.routes.relay, 'seed1@isp.test', subject);
    const deferred = await lab.waitForEvent((e) => e.part === 'mta:relay' && e.kind === 'deferred' && e.to === 'seed1@isp.test');
    expect(deferred.detail).toMatch(/ECONNREFUSED|connect/i);
    expect((await lab.status()).parts['mx:isp']).toBe('stopped');
    await lab.faults.provider('isp', { unavailable: false });
    expect((await findMessage(await mailbox('seed1@isp.test'), subject))?.folder).toBe('INBOX');
  });

  it('answers 421 while a provider is unavailable, and the route delivers once it is back', async () => {
    await lab.faults.provider('strict', { unavailable: '421' });
    const subject = token('unavailable');
    await sendThrough(lab.info, lab.info.routes.relay, 'seed1@strict.test', subject);
    const deferred = await lab.waitForEvent((e) => e.part === 'mta:relay' && e.kind === 'deferred' && e.to === 'seed1@strict.test');
    expect(deferred.detail).toMatch(/^421 4\.3\.2 /);
    await lab.faults.reset();
    expect((await findMessage(await mailbox('seed1@strict.test'), subject))?.folder).toBe('INBOX');
  });

  it('files mail late when a delivery delay is set', async () => {
    await lab.faults.provider('bulk', { deliveryDelayMs: 1500 });
    try {
      const subject = token('delayed');
      const { seq } = (await lab.events()).at(-1) ?? { seq: 0 };
      await sendThrough(lab.info, lab.info.routes.relay, 'seed1@bulk.test', subject);
      expect((await findMessage(await mailbox('seed1@bulk.test'), subject))?.folder).toBe('INBOX');
      const events = await lab.events(seq);
      const accepted = events.find((e) => e.part === 'mx:bulk' && e.kind === 'accepted')!;
      const filed = events.find((e) => e.part === 'mx:bulk' && e.kind === 'filed' && e.queueId === accepted.queueId)!;
      expect(Date.parse(filed.at) - Date.parse(accepted.at)).toBeGreaterThanOrEqual(1500);
    } finally {
      await lab.faults.reset();
    }
  });

  it('refuses unknown knobs and values', async () => {
    await expect(lab.faults.provider('bulk', { greylist: 'yes' } as never)).rejects.toThrow(/greylist: "yes" is not a valid value/);
    await expect(lab.faults.mta('relay', { explode: true } as never)).rejects.toThrow(/explode: no such mta knob/);
    await expect(lab.faults.provider('gmail', { greylist: true })).rejects.toThrow(/no provider gmail/);
  });

  it('drops the connection after DATA once, without replying, and is normal again afterwards', async () => {
    await lab.faults.mta('internal', { dropNextData: 'discard' });
    await expect(sendThrough(lab.info, lab.info.routes.internal, 'seed1@bulk.test', token('dropped'))).rejects.toThrow(/closed|ECONNRESET|socket/i);
    const again = token('after-drop');
    await sendThrough(lab.info, lab.info.routes.internal, 'seed1@bulk.test', again);
    expect((await findMessage(await mailbox('seed1@bulk.test'), again))?.folder).toBe('Bulk');
  });

  it('stops and starts the DNS server and a provider\'s Dovecot; mail waits in the queues meanwhile', async () => {
    await lab.stopPart('dns');
    await lab.stopPart('dovecot:strict');
    const subject = token('parts');
    await sendThrough(lab.info, lab.info.routes.relay, 'seed1@strict.test', subject);
    await lab.waitForEvent((e) => e.part === 'mta:relay' && e.kind === 'deferred' && e.to === 'seed1@strict.test');
    await lab.startPart('dns');
    await lab.waitForEvent((e) => e.part === 'mx:strict' && e.kind === 'deferred' && e.detail?.startsWith('LMTP') === true);
    mailboxes.delete('seed1@strict.test'); // its IMAP connection went down with Dovecot
    await lab.startPart('dovecot:strict');
    const found = await findMessage(await mailbox('seed1@strict.test'), subject);
    expect(found?.folder).toBe('INBOX');
    expect(verdictsBy(found!.source, 'mx.strict.test')).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
  });
});

describe('two labs at once', () => {
  it('run side by side on their own addresses, and each keeps its own mail', async () => {
    expect(new Set([lab.info.prefix, second.info.prefix, crashed.info.prefix]).size).toBe(3);
    const subject = token('second-lab');
    await sendThrough(second.info, second.info.routes.relay, 'seed1@strict.test', subject);
    const client = await openMailbox(second.info, second.info.seeds['strict-1']);
    try {
      expect((await findMessage(client, subject))?.folder).toBe('INBOX');
    } finally {
      await client.logout();
    }
    expect(await findMessage(await mailbox('seed1@strict.test'), subject, 0)).toBeUndefined();
  });

  it('stop leaves no process behind', async () => {
    const layout = labLayout(second.dir);
    const pgid = (await daemonPid(layout))!;
    expect((await processesOfLab(pgid, second.dir)).length).toBeGreaterThan(5);
    await second.stop();
    expect(await processesOfLab(pgid, second.dir)).toEqual([]);
    expect(await processesNaming(second.dir)).toEqual([]);
  });

  it('stop still ends NSD and every Dovecot when the daemon itself was killed', async () => {
    const pgid = (await daemonPid(labLayout(crashed.dir)))!;
    process.kill(pgid, 'SIGKILL');
    await expect(crashed.status()).rejects.toThrow(/does not answer/);
    expect((await processesOfLab(pgid, crashed.dir)).length).toBeGreaterThan(5);
    await crashed.stop();
    expect(await processesNaming(crashed.dir)).toEqual([]);
    expect(await processesOfLab(pgid, crashed.dir)).toEqual([]);
  });
});

describe('a lab started by a process that exits without stopping it', () => {
  it('stops itself, so a killed test run leaves no lab behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'landed-lab-'));
    try {
      const script = `const { startLab } = await import(${JSON.stringify(new URL('../../src/lab/index.ts', import.meta.url).href)});
        await startLab({ dir: ${JSON.stringify(dir)} }); process.exit(0);`;
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
      const pgid = (await daemonPid(labLayout(dir)))!;
      for (let i = 0; i < 100 && (await processesOfLab(pgid, dir)).length; i++) await sleep(100);
      expect(await processesNaming(dir)).toEqual([]);
    } finally {
      await connectLab(dir).then((left) => left.stop(), () => undefined); // only if the check above failed
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Every live process whose command line names `text`, whatever its group. */
async function processesNaming(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of (await readdir('/proc')).filter((e) => /^\d+$/.test(e))) {
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.replaceAll('\0', ' ').includes(text)) pids.push(Number(entry));
  }
  return pids;
}
