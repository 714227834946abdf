import type { ProbeIdentity, ProbeResult, RunResult } from '../results/types.ts';

/** What a run tells its reporters before anything is sent. */
export interface RunBegin {
  runId: string;
  runDir: string;
  probes: ProbeIdentity[];
  shard?: { index: number; total: number };
}

export type ProbeStage = 'sent' | 'rejected' | 'found' | 'bounced' | 'missing' | 'error' | 'interrupted';

/**
 * A reporter gets the run as it happens and the whole result at the end. Every method is optional, and a
 * reporter that throws is reported and skipped, never the end of the run (see multiplexer).
 */
export interface Reporter {
  readonly name: string;
  onBegin?(begin: RunBegin): void | Promise<void>;
  onProbe?(probe: ProbeResult, stage: ProbeStage): void;
  /** Free-form progress line (waiting, reconnecting to a seed...). */
  onInfo?(message: string): void;
  onEnd?(run: RunResult, runDir: string): void | Promise<void>;
}
