/**
 * The fair baseline `landed run` is measured against: the same libraries with the same parallelism as landed,
 * and nothing else. Per route one pooled nodemailer transport with landed's 3 connections and 3 messages in
 * flight; per mailbox folder landed watches (each seed's inbox and junk folder, each route's bounce mailbox)
 * one imapflow connection: SEARCH past the last UID, FETCH the new messages whole, IDLE. A probe is done when
 * the SMTP server refuses it or its token turns up in a fetched message. No journal, no analysis, no retries,
 * no reports: the ratio landed / baseline is landed's own overhead. Its detection (the server's EXISTS -> the
 * token read in a fetched message) is what the libraries and the server take, beside landed's (-> on disk).
 *
 * Run as its own process, like landed: `node bench/baseline.ts JOB.json` (the job is written by baselineJob).
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import type { ResolvedConfig } from '../src/config/types.ts';
import type { LabInfo } from '../src/lab/index.ts';
import type { RunPlan } from '../src/plan/plan.ts';
import { findTokens } from '../src/plan/token.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { DEFAULT_TIMING } from '../src/mailboxes/watch/timing.ts';
import { summary } from './stats.ts';

/** The same number of messages in flight per route as landed (src/run/send.ts, src/routes/smtp.ts). */
const PER_ROUTE = 3;

interface JobRoute {
  host: string;
  port: number;
  security: string;
  auth?: { user: string; pass: string };
  ca?: string;
  envelopeFrom: string;
}
interface JobMailbox {
  host: string;
  port: number;
  user: string;
  pass: string;
  ca?: string;
  folders: string[];
  /** A route's bounce mailbox: what it finds counts as seen, not as detected (landed times seed finds only). */
  bounces?: boolean;
}
export interface BaselineJob {
  routes: Record<string, JobRoute>;
  probes: Array<{ route: string; to: string; from: string; token: string; subject: string; text: string }>;
  mailboxes: JobMailbox[];
  timeoutMs: number;
}

const password = (auth: unknown) => (auth as { pass?: string } | undefined)?.pass ?? '';
const addressOf = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;

/** The baseline's job for a plan: the same probes (fresh tokens), routes, seeds and folders as landed's run. */
export function baselineJob(config: ResolvedConfig, lab: LabInfo, plan: RunPlan, scenarios: Scenario[]): BaselineJob {
  const routes: Record<string, JobRoute> = {};
  const mailboxes = new Map<string, JobMailbox>();
  for (const route of config.routes.values()) {
    const { smtp } = route;
    if (!smtp) continue; // the baseline speaks SMTP only; the lab's landed.yaml has only SMTP routes
    const auth = smtp.auth && { user: smtp.auth.user, pass: password(smtp.auth) };
    routes[route.id] = { host: smtp.host, port: smtp.port, security: smtp.security, auth, ca: smtp.tls.ca, envelopeFrom: route.envelopeFrom ?? addressOf(route.from) };
    const box = route.bounces?.imap;
    if (box) mailboxes.set(box.auth.user, { host: box.host, port: box.port, user: box.auth.user, pass: password(box.auth), ca: box.tls.ca, folders: ['INBOX'], bounces: true });
  }
  for (const seed of config.seeds.values()) {
    const { imap } = seed;
    const junk = lab.providers[lab.seeds[seed.id].provider].junkFolder;
    mailboxes.set(imap.auth.user, { host: imap.host, port: imap.port, user: imap.auth.user, pass: password(imap.auth), ca: imap.tls.ca, folders: ['INBOX', junk] });
  }
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const probes = plan.probes.map((p) => {
    const message = byName.get(p.scenario)!.message;
    return {
      route: p.route,
      to: config.seeds.get(p.seed)!.address,
      from: message.from ?? config.routes.get(p.route)!.from,
      token: p.token,
      subject: `${message.subject} [${p.token}]`,
      text: `${message.text ?? ''}\n\nReference: ${p.token}\n`,
    };
  });
  const timeoutMs = Math.max(...plan.probes.map((p) => p.timeoutMs));
  return { routes, probes, mailboxes: [...mailboxes.values()], timeoutMs };
}

/** Tokens seen in fetched messages (or refused), and when the server announced them (else undefined). */
type Seen = (tokens: string[], noticedAt?: number) => void;

/**
 * Sends and collects every probe of the job; returns the tokens never seen (refused ones count as seen) and
 * the detection of those a server's EXISTS announced.
 */
export async function baselineRun(job: BaselineJob): Promise<{ lost: number; refused: number; detection: ReturnType<typeof summary> }> {
  const waiting = new Set(job.probes.map((p) => p.token));
  const detectionMs: number[] = [];
  let allFound!: () => void;
  const done = new Promise<void>((resolve) => (allFound = resolve));
  const seen: Seen = (tokens, noticedAt) => {
    for (const token of tokens) {
      if (waiting.delete(token) && noticedAt !== undefined) detectionMs.push(Date.now() - noticedAt);
    }
    if (waiting.size === 0) allFound();
  };
  const clients = await Promise.all(job.mailboxes.flatMap((box) => box.folders.map((folder) => watchFolder(box, folder, seen, () => waiting.size === 0))));
  let refused = 0;
  const byRoute = Map.groupBy(job.probes, (p) => p.route);
  await Promise.all(
    [...byRoute].map(async ([id, probes]) => {
      const r = job.routes[id];
      const transport = nodemailer.createTransport({
        pool: true, maxConnections: PER_ROUTE, host: r.host, port: r.port, secure: r.security === 'tls',
        requireTLS: r.security === 'starttls', ignoreTLS: r.security === 'none', auth: r.auth, tls: { ca: r.ca },
      });
      let next = 0;
      const sender = async () => {
        for (let p = probes[next++]; p; p = probes[next++]) {
          const message = { from: p.from, to: p.to, subject: p.subject, text: p.text, headers: { 'X-Landed-Token': p.token }, envelope: { from: r.envelopeFrom, to: [p.to] } };
          await transport.sendMail(message).catch((error: { responseCode?: number }) => {
            if (!error.responseCode || error.responseCode < 500) throw error;
            refused++;
            seen([p.token]);
          });
        }
      };
      await Promise.all(Array.from({ length: PER_ROUTE }, sender));
      transport.close();
    }),
  );
  // What never turns up is lost: after the scenario timeout landed would call it missing too.
  if (waiting.size > 0) await Promise.race([done, sleep(job.timeoutMs, undefined, { ref: false })]);
  await Promise.all(clients.map((c) => c.logout().catch(() => {})));
  return { lost: waiting.size, refused, detection: summary(detectionMs) };
}

/**
 * One connection on one folder: SEARCH by UID, FETCH the new messages whole, then IDLE until EXISTS, or until
 * landed's recheck interval has passed: an EXISTS the server never sends (Dovecot's notification can miss a
 * message delivered while IDLE starts) costs both sides the same wait, not the baseline the whole timeout.
 */
async function watchFolder(box: JobMailbox, folder: string, seen: Seen, finished: () => boolean): Promise<ImapFlow> {
  const client = await connectWithRetry(box);
  await client.mailboxOpen(folder);
  let wake = () => {};
  /** The first EXISTS since the last search (landed's FolderSession keeps the same time). */
  let noticedAt: number | undefined;
  client.on('exists', () => {
    noticedAt ??= Date.now();
    wake();
  });
  void (async () => {
    let lastUid = 0;
    while (!finished()) {
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const announced = noticedAt;
      noticedAt = undefined;
      const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || []).filter((u) => u > lastUid);
      if (uids.length > 0) {
        for await (const message of client.fetch(uids, { source: true }, { uid: true })) {
          lastUid = Math.max(lastUid, message.uid);
          seen(findTokens(message.source?.toString('latin1') ?? ''), box.bounces ? undefined : announced);
        }
      }
      if (finished()) return;
      void client.idle();
      await Promise.race([woken, sleep(DEFAULT_TIMING.recheckMs, undefined, { ref: false })]);
    }
  })();
  return client;
}

/** Hundreds of logins at once on a busy machine: Dovecot may greet late; a plain client tries again too. */
async function connectWithRetry(box: JobMailbox, attempts = 5): Promise<ImapFlow> {
  for (let attempt = 1; ; attempt++) {
    const client = new ImapFlow({
      host: box.host, port: box.port, secure: false, auth: { user: box.user, pass: box.pass }, tls: { ca: box.ca }, logger: false,
      greetingTimeout: 60_000, connectionTimeout: 60_000,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(250 * 2 ** attempt);
    }
  }
}

if (import.meta.main) {
  const job = JSON.parse(await readFile(process.argv[2], 'utf8')) as BaselineJob;
  const outcome = await baselineRun(job);
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
}
