import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../config/types.ts';
import { addressOf } from '../address.ts';
import { linkedAbort } from '../async/linked-abort.ts';
import { routeMessage } from '../routes/message.ts';
import type { Route, RouteFactory, RouteMessage, SendOutcome } from '../routes/route.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { JournalEntry } from './journal.ts';
import type { Clock } from './ports.ts';
import type { ProbeState } from './state.ts';
import { ReadyQueue } from './ready-queue.ts';

/** How long a route told to stop at the deadline may take to say what it had done. */
const ANSWER_AFTER_STOP_MS = 1_000;

/** Messages in flight per route: enough to keep a relay busy, few enough not to look like a flood. */
const PER_ROUTE_CONCURRENCY = 3;

export interface SendOptions {
  config: ResolvedConfig;
  scenarios: Map<string, Scenario>;
  routes: RouteFactory;
  signal: AbortSignal;
  /** Resolves once the entry is on disk. */
  record(entry: JournalEntry): Promise<void>;
  redact(text: string): string;
  /** Resolves once the seed's mailbox was logged into or found unusable; its probes wait for it before sending. */
  seedReady?(seedId: string): Promise<void>;
  /** Send to seeds whose mailbox cannot be watched too (the user's --force): the probes still end as `error`. */
  force?: boolean;
  /** The run's clock: a probe not sent within its scenario's timeout from the start of sending is not sent (none: no deadline). */
  clock?: Clock;
}

/** Failures that say the route itself is broken: the next probe through it would fail the same way. */
const BROKEN_ROUTE: ReadonlySet<string> = new Set(['login', 'unreachable', 'tls']);

/** Sends every probe through its route, routes in parallel; each outcome is journaled before the next step. */
export async function sendAll(probes: ProbeState[], options: SendOptions): Promise<void> {
  const startedAt = options.clock?.now() ?? 0;
  const byRoute = Map.groupBy(probes, (s) => s.probe.route);
  await Promise.all(
    [...byRoute].map(async ([routeId, states]) => {
      let route: Route;
      try {
        route = options.routes(routeId);
      } catch (error) {
        // A route that cannot even be opened ends its own probes, never the others.
        for (const state of states.filter((s) => !s.final)) await recordOutcome(state, broken(routeId, error), options);
        return;
      }
      // Once the route is known to be broken, its other probes are not tried again (each would wait out its
      // own retries for the same answer): they end with the same reason.
      let brokenBy: SendOutcome | undefined;
      const send = async (state: ProbeState) => {
        if (brokenBy && !state.final && !state.sent) return recordOutcome(state, { ...brokenBy, smtp: { attempts: 0, retries: [] } }, options);
        const outcome = await sendOne(route, state, options, options.clock ? startedAt + state.probe.timeoutMs : Infinity);
        if (outcome?.status === 'error' && BROKEN_ROUTE.has(outcome.failure ?? '')) brokenBy ??= outcome;
      };
      const queue = new ReadyQueue(states, (state) => state.probe.seed, options.seedReady ?? (async () => {}));
      const sender = async () => {
        for (let state = await queue.next(); state; state = await queue.next()) await send(state);
      };
      try {
        await Promise.all(Array.from({ length: PER_ROUTE_CONCURRENCY }, sender));
      } finally {
        await route.close().catch(() => {});
      }
    }),
  );
}

async function sendOne(route: Route, state: ProbeState, options: SendOptions, until: number): Promise<SendOutcome | undefined> {
  const { probe } = state;
  // A seed whose login failed has ended its probes as errors by now (sendAll waits for it), unless forced.
  const forced = options.force && state.final?.placement === 'error' && !state.sent;
  if ((state.final && !forced) || options.signal.aborted) return undefined;
  const seed = options.config.seeds.get(probe.seed)!;
  let outcome: SendOutcome;
  let envelope: { envelopeFrom: string; from: string; messageId: string } | undefined;
  try {
    const message = await routeMessage(probe, options.scenarios.get(probe.scenario)!, options.config.routes.get(probe.route)!, seed.address);
    envelope = { envelopeFrom: message.envelope.mailFrom, from: addressOf(message.fields.from), messageId: message.fields.messageId };
    if (!options.clock || until === Infinity) outcome = await route.send(message, options.signal);
    else outcome = options.clock.now() < until ? await sendBefore(route, message, until, probe.timeoutMs, options.clock, options) : late(route.id, probe.timeoutMs);
  } catch (error) {
    outcome = broken(route.id, error);
  }
  // Cut short by Ctrl-C before the server answered: left unjournaled, so it ends `interrupted` and a resume sends it.
  if (options.signal.aborted && outcome.status === 'error') return undefined;
  await recordOutcome(state, outcome, options, envelope);
  return outcome;
}

async function recordOutcome(state: ProbeState, outcome: SendOutcome, options: SendOptions, envelope?: { envelopeFrom: string; from: string; messageId: string }): Promise<void> {
  const { probe } = state;
  if (outcome.error) outcome.error = options.redact(outcome.error);
  if (outcome.smtp.response) outcome.smtp.response = options.redact(outcome.smtp.response);
  const sent = options.record({ type: 'sent', id: probe.id, outcome, ...envelope });
  if (outcome.status === 'rejected') void options.record({ type: 'final', id: probe.id, placement: 'rejected' });
  if (outcome.status === 'error') void options.record({ type: 'final', id: probe.id, placement: 'error', error: outcome.error });
  // This worker sends its next probe only once this one is known to be sent: a crash never causes a resend.
  await sent;
}

/**
 * The route's send, given up at the probe's deadline: a route that accepts the connection and never answers
 * (a tarpit), or crawls through its retries, cannot hold the run past its scenario's timeout.
 */
async function sendBefore(route: Route, message: RouteMessage, until: number, timeoutMs: number, clock: Clock, options: SendOptions): Promise<SendOutcome> {
  const gaveUp = linkedAbort(options.signal);
  const sending = route.send(message, gaveUp.signal);
  sending.catch(() => {}); // given up on: its late end, whatever it is, is nobody's business
  const deadline = linkedAbort(options.signal);
  const expired = (async () => {
    while (!deadline.signal.aborted && clock.now() < until) await clock.sleep(until - clock.now(), deadline.signal);
  })();
  try {
    const outcome = await Promise.race([sending, expired.then(() => undefined)]);
    if (outcome) return outcome;
    gaveUp.abort();
    // A route that had the message already (an application still reporting its queue) says so once told to
    // stop: that answer stands. A route that had nothing to say (a tarpit) was not sent through.
    const last = await Promise.race([sending.catch(() => undefined), sleep(ANSWER_AFTER_STOP_MS, undefined, { ref: false })]);
    return last && last.status !== 'error' ? last : late(route.id, timeoutMs);
  } finally {
    deadline.abort();
    gaveUp.release();
  }
}

/** Not sent before the probe's deadline: the route's failure (it did not take the message in time), never a refusal. */
function late(routeId: string, timeoutMs: number): SendOutcome {
  const error = `route ${routeId}: not sent within the scenario's timeout (${Math.round(timeoutMs / 1000)} s): the route did not take the message in time`;
  return { status: 'error', failure: 'unreachable', smtp: { attempts: 0, retries: [] }, error };
}

/** A route that threw instead of saying how the send ended: its own failure, never the receiver's refusal. */
function broken(routeId: string, error: unknown): SendOutcome {
  return { status: 'error', failure: 'other', smtp: { attempts: 0, retries: [] }, error: `route ${routeId}: ${(error as Error)?.message ?? String(error)}` };
}
