import type { ImapFlow, SearchObject } from 'imapflow';
import type { ImapEndpoint } from '../../config/types.ts';
import { closeImap, openImap } from '../connect.ts';
import { sleep, withDeadline } from '../../async/deadline.ts';
import type { LandedError } from '../../errors.ts';
import { imapError, isPermanent, problemText } from '../imap-errors.ts';
import { credentialSecrets } from '../../config/credentials.ts';
import { backoffMs, type WatchTiming } from './timing.ts';
import { Wakeup } from '../../async/wakeup.ts';

export interface FolderSessionOptions {
  endpoint: ImapEndpoint;
  /** A logged-in connection to start with (the one that found the folders); reconnections open their own. */
  client?: ImapFlow;
  /** A login to this mailbox already worked (the folder detection's): what fails now gets the long budget. */
  loggedInBefore?: boolean;
  /** Seed id or "route X bounces", for errors. */
  where: string;
  loginHint?: string;
  /** One folder: IDLE on it. Several: poll them in turn on this one connection. */
  folders: string[];
  /** Messages older than this day are never looked at (earlier runs' probes). */
  since: Date;
  /** What else a message must match (e.g. a Subject containing "landed-"). */
  criteria: SearchObject;
  readOnly: boolean;
  timing: WatchTiming;
  signal: AbortSignal;
  isDone(): boolean;
  /**
   * Called with the new messages, at most about BATCH at a time; it must not leave a command running, and
   * returns the highest UID it looked at. `noticedAt`: when the server's untagged EXISTS that announced them
   * arrived (else when the scan began).
   */
  handle(client: ImapFlow, folder: string, messages: NewMessages, noticedAt: Date): Promise<number | undefined>;
  onProblem(problem: { fatal: boolean; message: string }): void;
}

/**
 * The messages a scan hands over: the UIDs a SEARCH listed, oldest first; or, right after the server announced
 * a few new messages, every UID above the last one seen, fetched without a SEARCH first (one round trip less
 * between the announcement and the probe on disk). `N:*` also matches the highest UID when it is below N:
 * whoever fetches them keeps only UIDs above `above`.
 */
export type NewMessages = { uids: number[] } | { above: number };

/** The UID set to FETCH for them. */
export const uidSetOf = (messages: NewMessages): string => ('uids' in messages ? messages.uids.join(',') : `${messages.above + 1}:*`);

/** Whether a message a FETCH of them brought is one of them. */
export const isNew = (messages: NewMessages, uid: number): boolean => ('uids' in messages ? messages.uids.includes(uid) : uid > messages.above);

/** Of what a FETCH of them brought, the messages that are theirs, and the highest UID among those. */
export function newOnes<T extends { uid: number }>(messages: NewMessages, fetched: T[]): { fresh: T[]; highest: number | undefined } {
  const fresh = fetched.filter(({ uid }) => isNew(messages, uid));
  return { fresh, highest: fresh.length === 0 ? undefined : Math.max(...fresh.map(({ uid }) => uid)) };
}

const BATCH = 50;
/** Consecutive failed connections before giving up: few before the first login, many after one (a restart). */
const ATTEMPTS_BEFORE_FIRST_SUCCESS = 3;
const ATTEMPTS_AFTER_SUCCESS = 100;

/**
 * One IMAP connection watching one folder (or polling a few) until the caller is done: select, search by UID
 * past what it has seen, hand new messages over, then IDLE (or sleep) until the server reports news. A dropped
 * connection is reopened with backoff and the search resumes from the last UID seen, unless UIDVALIDITY changed.
 */
export class FolderSession {
  private readonly options: FolderSessionOptions;
  /**
   * Per folder: the UID up to which every message has been looked at, whether a search established it (before
   * that, the day's earlier messages are unknown), and how many messages the folder held at the last scan.
   */
  private readonly cursors = new Map<string, { uidValidity: bigint; lastUid: number; searched: boolean; exists: number }>();
  private readonly news = new Wakeup();
  /** When the first untagged EXISTS since the last scan arrived, by landed's clock: detection starts there. */
  private noticedAt: Date | undefined;
  private failures = 0;
  private connectedOnce: boolean;

  constructor(options: FolderSessionOptions) {
    this.options = options;
    this.connectedOnce = options.loggedInBefore ?? false;
  }

  /** Makes the session look again now (new tokens, or done elsewhere). */
  wake(): void {
    this.news.notify();
  }

  /** Runs until done or aborted; problems go to onProblem, never thrown. */
  async run(): Promise<void> {
    const { endpoint, where, loginHint, timing, signal } = this.options;
    const context = { where, endpoint, loginHint, secrets: credentialSecrets(endpoint.auth) };
    let handedOver = this.options.client;
    while (!this.stopped()) {
      let client: ImapFlow | undefined = handedOver;
      handedOver = undefined;
      // Stopped (Ctrl-C, the run's end): drop the connection, so a command the server sits on fails now,
      // not at its deadline.
      const drop = () => client?.close();
      signal.addEventListener('abort', drop, { once: true });
      try {
        client ??= await openImap(endpoint, { where, loginHint, timeoutMs: timing.opTimeoutMs, signal });
        // Logged in: the address and credentials work, so what fails from now on (a server restarting) is
        // given the long budget of retries.
        this.connectedOnce = true;
        client.on('exists', () => {
          this.noticedAt ??= new Date();
          this.news.notify();
        });
        client.on('close', () => this.news.notify());
        await this.watch(client);
      } catch (error) {
        if (this.stopped()) return;
        const problem = imapError(error, context);
        this.failures += 1;
        if (givesUp(problem, this.connectedOnce, this.failures)) return this.options.onProblem({ fatal: true, message: problemText(problem) });
        const pause = backoffMs(this.failures, timing.maxBackoffMs);
        this.options.onProblem({ fatal: false, message: `${problemText(problem)}; reconnecting in ${(pause / 1000).toFixed(1)} s` });
        await sleep(pause, signal);
      } finally {
        signal.removeEventListener('abort', drop);
        if (client) await closeImap(client, 2_000);
      }
    }
    // Done before it began: the connection it was given is still open.
    if (handedOver) await closeImap(handedOver, 2_000);
  }

  private stopped(): boolean {
    return this.options.signal.aborted || this.options.isDone();
  }

  private async watch(client: ImapFlow): Promise<void> {
    while (!this.stopped()) {
      for (const folder of this.options.folders) {
        await this.scan(client, folder);
        if (this.stopped()) return;
      }
      this.failures = 0;
      await this.waitForNews(client);
      if (!client.usable && !this.stopped()) throw Object.assign(new Error('connection closed by the server'), { code: 'EConnectionClosed' });
    }
  }

  /** Hands over every matching message with a UID above the last one seen in this folder. */
  private async scan(client: ImapFlow, folder: string): Promise<void> {
    const { timing, readOnly, criteria } = this.options;
    const within = <T>(work: Promise<T>, what: string) => withDeadline(work, timing.opTimeoutMs, `${what} ${folder}`, () => client.close());
    if (this.options.folders.length > 1 || !client.mailbox || client.mailbox.path !== folder) {
      await within(client.mailboxOpen(folder, { readOnly }), 'SELECT');
    } else if (!client.capabilities.has('IDLE')) {
      await within(client.noop(), 'NOOP'); // lets the server announce new mail before the search
    }
    const mailbox = client.mailbox;
    if (!mailbox) throw Object.assign(new Error(`${folder} is not selected`), { code: 'NoConnection' });
    let cursor = this.cursors.get(folder);
    if (!cursor || cursor.uidValidity !== mailbox.uidValidity) {
      // New UIDVALIDITY: every UID we knew is void, so look at the whole day range again.
      cursor = { uidValidity: mailbox.uidValidity, lastUid: 0, searched: false, exists: mailbox.exists };
      this.cursors.set(folder, cursor);
    }
    const announced = this.noticedAt !== undefined;
    const noticedAt = this.noticedAt ?? new Date();
    this.noticedAt = undefined;
    const arrived = mailbox.exists - cursor.exists;
    cursor.exists = mailbox.exists;
    // The server announced a few messages in the one folder this connection idles on, whose every UID up to
    // lastUid has been looked at: fetch what is past it at once. A first look, a periodic recheck or a flood
    // searches (below).
    if (announced && cursor.searched && this.options.folders.length === 1 && arrived <= BATCH) {
      const highest = await this.options.handle(client, folder, { above: cursor.lastUid }, noticedAt);
      if (highest !== undefined && highest > cursor.lastUid) cursor.lastUid = highest;
      return;
    }
    // Search even in an empty folder: the search with its deadline is also the check that the connection
    // still works (a frozen server or a silently dropped link sends no more `exists`).
    const uidNext = Number(mailbox.uidNext ?? 1); // as of now: what is below it, the search sees
    const query: SearchObject = { ...criteria, since: dayBefore(this.options.since) };
    if (cursor.lastUid > 0) query.uid = `${cursor.lastUid + 1}:*`;
    const found = (await within(client.search(query, { uid: true }), 'SEARCH')) || [];
    // "N:*" also matches the highest UID when it is below N: filter.
    const fresh = found.filter((uid) => uid > cursor.lastUid).sort((a, b) => a - b);
    for (let i = 0; i < fresh.length && !this.stopped(); i += BATCH) {
      const batch = fresh.slice(i, i + BATCH);
      await this.options.handle(client, folder, { uids: batch }, noticedAt);
      cursor.lastUid = batch[batch.length - 1]!;
    }
    if (this.stopped()) return;
    // Every message below UIDNEXT has now been searched: what did not match is no probe, so the next look
    // starts past them, also in a folder that held nothing.
    cursor.lastUid = Math.max(cursor.lastUid, uidNext - 1);
    cursor.searched = true;
  }

  private async waitForNews(client: ImapFlow): Promise<void> {
    const { timing, signal } = this.options;
    if (this.options.folders.length === 1 && client.capabilities.has('IDLE')) {
      // Runs until the next command breaks it (imapflow sends DONE first), or the connection closes.
      void client.idle().catch(() => {});
      await this.news.wait(timing.recheckMs, signal);
    } else {
      await this.news.wait(timing.pollMs, signal);
    }
  }
}

/** SINCE compares dates in the server's time zone: start a day early, old probes are filtered by token anyway. */
function dayBefore(date: Date): Date {
  return new Date(date.getTime() - 24 * 3600_000);
}

/**
 * Whether a failed connection ends the watch. Once a login worked, the same TLS settings are known to be right:
 * a handshake cut short then is a server restarting (its old processes closing what they accepted), tried
 * again like any lost connection. A refused login stays final.
 */
export function givesUp(problem: LandedError, loggedIn: boolean, failures: number): boolean {
  if (isPermanent(problem) && !(loggedIn && problem.code === 'TLS_FAILED')) return true;
  return failures >= (loggedIn ? ATTEMPTS_AFTER_SUCCESS : ATTEMPTS_BEFORE_FIRST_SUCCESS);
}
