import type { ResolvedConfig } from '../config/types.ts';
import { composeProbe, composeRaw } from '../routes/message.ts';
import { SmtpRoute } from '../routes/smtp.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { JournalEntry } from './journal.ts';
import type { ProbeState } from './state.ts';

/** Messages in flight per route: enough to keep a relay busy, few enough not to look like a flood. */
const PER_ROUTE_CONCURRENCY = 3;

export interface SendOptions {
  config: ResolvedConfig;
  scenarios: Map<string, Scenario>;
  signal: AbortSignal;
  /** Resolves once the entry is on disk. */
  record(entry: JournalEntry): Promise<void>;
  redact(text: string): string;
}

/** Sends every probe through its route, routes in parallel; each outcome is journaled before the next step. */
export async function sendAll(probes: ProbeState[], options: SendOptions): Promise<void> {
  const byRoute = Map.groupBy(probes, (s) => s.probe.route);
  await Promise.all(
    [...byRoute].map(async ([routeId, states]) => {
      const route = new SmtpRoute(options.config.routes.get(routeId)!);
      try {
        await runLimited(states, PER_ROUTE_CONCURRENCY, (state) => sendOne(route, state, options));
      } finally {
        route.close();
      }
    }),
  );
}

async function sendOne(route: SmtpRoute, state: ProbeState, options: SendOptions): Promise<void> {
  // A seed that could not be watched has already ended its probes; the signal ends everything.
  if (state.final || options.signal.aborted) return;
  const { probe } = state;
  const seed = options.config.seeds.get(probe.seed)!;
  const raw = await composeRaw(composeProbe(options.scenarios.get(probe.scenario)!, probe.token, route.route.from, seed.address));
  const outcome = await route.send(raw, seed.address, options.signal);
  // Cut short by Ctrl-C before the server answered: left unjournaled, so it ends `interrupted` and a resume sends it.
  if (options.signal.aborted && outcome.status === 'error') return;
  if (outcome.error) outcome.error = options.redact(outcome.error);
  if (outcome.smtp.response) outcome.smtp.response = options.redact(outcome.smtp.response);
  const sent = options.record({ type: 'sent', id: probe.id, outcome });
  if (outcome.status === 'rejected') void options.record({ type: 'final', id: probe.id, placement: 'rejected' });
  if (outcome.status === 'error') void options.record({ type: 'final', id: probe.id, placement: 'error', error: outcome.error });
  // This worker sends its next probe only once this one is known to be sent: a crash never causes a resend.
  await sent;
}

async function runLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
