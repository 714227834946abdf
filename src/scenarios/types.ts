import type { Expectation, ScenarioFile } from '../config/schema.ts';

/** A scenario with its selections resolved to ids and its timeout in ms. */
export interface Scenario {
  name: string;
  /** Path of the scenario file, as shown to the user. */
  file: string;
  routes: string[];
  seeds: string[];
  message: ScenarioFile['message'];
  bulk: boolean;
  expect: ScenarioFile['expect'];
  timeoutMs: number;
  drill?: ScenarioFile['drill'];
  /** From `duplicateWindow`; absent: the default of each probe's route kind. */
  duplicateWindowMs?: number;
}

export type { Expectation };
