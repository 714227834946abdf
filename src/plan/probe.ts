import type { Expectation } from '../scenarios/types.ts';

/** Which probe: the same from the plan to the results (the plan creates it, every later stage reads it). */
export interface ProbeIdentity {
  /** Stable across runs and shards: `${scenario}/${route}/${seed}`. */
  id: string;
  scenario: string;
  route: string;
  seed: string;
  /** Provider preset id of the seed (gmail, outlook, imap...). */
  provider: string;
  /** The probe's unique token (landed-...), in its Subject, X-Landed-Token header and body. */
  token: string;
}

/** One message to send: a scenario through a route to a seed. Plain data, nothing sent yet. */
export interface Probe extends ProbeIdentity {
  timeoutMs: number;
  /** The scenario's expectations with the route's and then the seed's overrides applied. */
  expect: Expectation;
  /** The scenario's drill (spoof, lookalike): what the placement means. */
  drill?: 'spoof' | 'lookalike';
  /** How long to watch for a second copy after it arrived. */
  duplicateWindowMs?: number;
}
