/**
 * sendAll's two "do not wait for what cannot come" rules: a route found broken (unreachable, login, TLS) is not
 * tried again for its other probes, which end with its reason; a seed whose login failed gets nothing unless forced.
 */
import { describe, expect, it } from 'vitest';
import type { Route, RouteMessage, SendOutcome } from '../../src/routes/route.ts';
import type { JournalEntry } from '../../src/run/journal.ts';
import { sendAll } from '../../src/run/send.ts';
import { apply, type ProbeState, type RunStates } from '../../src/run/state.ts';
import { fakeConfig, scenario } from './fakes.ts';

/** `count` probes through route relay, to the seeds in turn (seed1 is the fake config's; others are copies of it). */
function setup(count: number, seeds = ['seed1']) {
  const config = fakeConfig('/tmp');
  for (const id of seeds) config.seeds.set(id, { ...config.seeds.get('seed1')!, id, address: `${id}@seed.test` });
  const s = scenario();
  const states: RunStates = new Map();
  for (let i = 0; i < count; i++) {
    const seed = seeds[i % seeds.length]!;
    const id = `invoice/relay/${seed}#${i}`;
    states.set(id, { probe: { id, scenario: 'invoice', route: 'relay', seed, provider: 'imap', token: `landed-${'a'.repeat(15)}${i}`, timeoutMs: 1000, expect: {} }, notes: [] });
  }
  const journal: JournalEntry[] = [];
  const record = async (entry: JournalEntry) => void (journal.push(entry), apply(states, entry));
  return { config, scenarios: new Map([[s.name, s]]), states, journal, record };
}

class CountingRoute implements Route {
  readonly id = 'relay';
  readonly sent: RouteMessage[] = [];
  readonly outcome: SendOutcome;
  constructor(outcome: SendOutcome) {
    this.outcome = outcome;
  }
  async send(message: RouteMessage): Promise<SendOutcome> {
    this.sent.push(message);
    await new Promise((r) => setTimeout(r, 5));
    return structuredClone(this.outcome);
  }
  async close() {}
}

const unreachable: SendOutcome = { status: 'error', failure: 'unreachable', smtp: { attempts: 1, retries: [] }, error: 'route relay (relay.acme.test:587): cannot reach the SMTP server (connect ECONNREFUSED); check smtp.host' };

describe('sendAll', () => {
  it('stops sending through a route once it is found unreachable: the other probes end with the same reason', async () => {
    const { config, scenarios, states, record } = setup(9);
    const route = new CountingRoute(unreachable);
    await sendAll([...states.values()], { config, scenarios, routes: () => route, signal: new AbortController().signal, record, redact: (t) => t });
    expect(route.sent.length).toBeLessThanOrEqual(3); // the first round of the route's parallel sends, no more
    const finals = [...states.values()].map((s: ProbeState) => s.final);
    expect(finals.every((f) => f?.placement === 'error' && f.error === unreachable.error)).toBe(true);
    expect([...states.values()].filter((s) => s.sent?.smtp.attempts === 0)).toHaveLength(9 - route.sent.length);
  });

  it('keeps sending through a route that refused one message (a refusal is the receiver\'s, not a broken route)', async () => {
    const { config, scenarios, states, record } = setup(5);
    const route = new CountingRoute({ status: 'rejected', smtp: { code: 550, attempts: 1, retries: [] } });
    await sendAll([...states.values()], { config, scenarios, routes: () => route, signal: new AbortController().signal, record, redact: (t) => t });
    expect(route.sent).toHaveLength(5);
  });

  it('sends nothing to a seed whose login failed before the send, unless forced', async () => {
    for (const force of [false, true]) {
      const { config, scenarios, states, record } = setup(2);
      const route = new CountingRoute({ status: 'accepted', smtp: { code: 250, attempts: 1, retries: [] } });
      // The seed's watch reports its refused login (its probes become errors), then says it is ready.
      const seedReady = async () => {
        for (const s of states.values()) await record({ type: 'final', id: s.probe.id, placement: 'error', error: 'seed seed1: login refused' });
      };
      await sendAll([...states.values()], { config, scenarios, routes: () => route, signal: new AbortController().signal, record, redact: (t) => t, seedReady, force });
      expect(route.sent, `force=${force}`).toHaveLength(force ? 2 : 0);
      expect([...states.values()].every((s) => s.final?.error === 'seed seed1: login refused')).toBe(true);
    }
  });

  it('sends to the seeds that are ready while another one still logs in: a slow login holds up only its own probes', async () => {
    const { config, scenarios, states, record } = setup(12, ['slow', 'fast']);
    const route = new CountingRoute({ status: 'accepted', smtp: { code: 250, attempts: 1, retries: [] } });
    const to = (m: RouteMessage) => m.envelope.rcptTo[0];
    // The slow seed is ready only once every probe to the fast one went out (or after a second, to end the test).
    const fastDone = new Promise<void>((resolve) => {
      const send = route.send.bind(route);
      route.send = async (m) => ((await send(m)), route.sent.filter((s) => to(s) === 'fast@seed.test').length === 6 && resolve(), route.outcome);
    });
    const seedReady = (id: string) => (id === 'slow' ? Promise.race([fastDone, new Promise<void>((r) => setTimeout(r, 1000))]) : Promise.resolve());
    await sendAll([...states.values()], { config, scenarios, routes: () => route, signal: new AbortController().signal, record, redact: (t) => t, seedReady });
    expect(route.sent.map(to).slice(0, 6)).toEqual(Array(6).fill('fast@seed.test'));
  });
});
