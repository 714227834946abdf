import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../src/lab/index.ts';
import { findMessage, openMailbox, verdictsBy } from './helpers.ts';

let lab: Lab;
let staff: ImapFlow;
const token = (label: string) => `${label}-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  lab = await startLab();
  staff = await openMailbox(lab.info, lab.info.drills.ownSeed);
});
afterAll(async () => {
  await staff?.logout().catch(() => {});
  await lab?.stop();
});

/** What an outsider does: connect from its own address straight to the MX, no AUTH, forged From. */
async function forge(mx: { host: string; port: number }, to: string, subject: string, from = 'ceo@acme.test') {
  const transport = nodemailer.createTransport({ host: mx.host, port: mx.port, ignoreTLS: true, localAddress: lab.info.drills.outsider.address, name: lab.info.drills.outsider.helo });
  try {
    return await transport.sendMail({ from: `Acme CEO <${from}>`, to, subject, text: 'pay now' });
  } finally {
    transport.close();
  }
}

describe("the company's own inbound MX", () => {
  it('takes a mail forged as acme.test into the employee\'s inbox while it does not enforce DMARC, and refuses it with 5.7.1 once it does', async () => {
    const { ownSeed } = lab.info.drills;
    const first = token('spoof');
    await forge(lab.info.mailhost.mx, ownSeed.address, first);
    const found = await findMessage(staff, first);
    expect(found?.folder).toBe('INBOX');
    expect(verdictsBy(found!.source, lab.info.mailhost.authservId)).toMatchObject({ spf: 'fail', dmarc: 'fail' });

    await lab.faults.provider('mailhost', { enforceDmarc: true });
    try {
      await expect(forge(lab.info.mailhost.mx, ownSeed.address, token('spoof'))).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining('5.7.1 Rejected by DMARC policy for acme.test') });
      // A domain without DMARC is not refused by the knob: the look-alike still gets in.
      const lookalike = token('lookalike');
      await forge(lab.info.mailhost.mx, ownSeed.address, lookalike, `ceo@${lab.info.drills.lookalikeDomain}`);
      expect((await findMessage(staff, lookalike))?.folder).toBe('INBOX');
    } finally {
      await lab.faults.reset();
    }
  });

  it('is a seed of its own, not a bounce mailbox', () => {
    expect(Object.keys(lab.info.bounceMailboxes)).not.toContain(lab.info.drills.ownSeed.address);
    expect(Object.values(lab.info.seeds).map((s) => s.address)).not.toContain(lab.info.drills.ownSeed.address);
  });
});

describe('the ERP-like application', () => {
  const call = (path: string, init: { method?: string; body?: string; auth?: string } = {}) =>
    fetch(`${lab.info.drills.app.url}${path}`, {
      method: init.method ?? 'GET',
      body: init.body,
      headers: { authorization: `Bearer ${init.auth ?? lab.info.passwords.app}`, 'content-type': 'application/json' },
    });
  const enqueue = async (subject: string) => {
    const res = await call('/api/mail', { method: 'POST', body: JSON.stringify({ to: lab.info.drills.ownSeed.address, subject, text: subject }) });
    expect(res.status).toBe(202);
    return (await res.json()) as { id: string; state: string };
  };
  const stateOf = async (id: string) => ((await (await call(`/api/mail/${id}`)).json()) as { state: string; mtaQueueIds: string[] });

  it('queues a request, its worker sends it through the erp MTA, and it says so', async () => {
    const subject = token('order');
    const queued = await enqueue(subject);
    expect(queued.state).toBe('queued');
    const found = await findMessage(staff, subject);
    expect(found?.folder).toBe('INBOX');
    expect(found!.source).toMatch(/Received: from erp\.acme\.test/);
    expect(await stateOf(queued.id)).toMatchObject({ state: 'sent', mtaQueueIds: [expect.any(String)] });
  });

  it('keeps requests queued while the worker is stopped, drops one, sends one twice', async () => {
    await lab.faults.app('erp', { workerStopped: true });
    const waiting = await enqueue(token('stuck'));
    await sleep(500);
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'queued' });
    expect(await (await call('/api/queue')).json()).toMatchObject({ queued: 1, workerStopped: true });

    await lab.faults.app('erp', { workerStopped: false, dropNext: 1 });
    await lab.waitForEvent((e) => e.kind === 'dropped' && e.queueId === waiting.id);
    expect(await stateOf(waiting.id)).toMatchObject({ state: 'sent', mtaQueueIds: [] }); // it believes it sent it

    await lab.faults.app('erp', { duplicateNext: 1 });
    const twice = token('twice');
    const doubled = await enqueue(twice);
    await lab.waitForEvent((e) => e.part === 'app:erp' && e.kind === 'delivered' && e.queueId === doubled.id);
    expect((await stateOf(doubled.id)).mtaQueueIds).toHaveLength(2);
    await lab.faults.reset();
  });

  it('refuses a wrong token, a body over its cap and a request without recipient', async () => {
    expect((await call('/api/queue', { auth: 'wrong' })).status).toBe(401);
    expect((await call('/api/mail', { method: 'POST', body: JSON.stringify({ subject: 'x', text: 'y'.repeat(300 * 1024) }) })).status).toBe(413);
    expect((await call('/api/mail', { method: 'POST', body: JSON.stringify({ subject: 'x' }) })).status).toBe(400);
  });
});
