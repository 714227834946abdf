import { describeError } from '../errors.ts';
import type { ProbeResult, RunResult } from '../results/types.ts';
import type { ProbeStage, Reporter, RunBegin } from './types.ts';

export interface ReporterFailure {
  reporter: string;
  phase: 'onBegin' | 'onProbe' | 'onInfo' | 'onEnd';
  message: string;
}

export interface Multiplexer extends Reporter {
  /** Every reporter failure so far; the caller decides whether it changes the exit code. */
  readonly failures: ReporterFailure[];
}

/**
 * One reporter made of many. A reporter that throws is recorded, told to the others through onInfo, and
 * skipped for that event: a broken HTML report must not take the run (or the JUnit file) down with it.
 */
export function multiplex(reporters: Reporter[]): Multiplexer {
  const failures: ReporterFailure[] = [];

  const fail = (reporter: Reporter, phase: ReporterFailure['phase'], error: unknown) => {
    const failure = { reporter: reporter.name, phase, message: describeError(error) };
    failures.push(failure);
    const line = `reporter ${failure.reporter} failed in ${phase}: ${failure.message}`;
    for (const other of reporters) {
      if (other === reporter || !other.onInfo) continue;
      try {
        other.onInfo(line);
      } catch {
        // A reporter that cannot even print a message has already been recorded if it failed elsewhere.
      }
    }
  };

  const callAll = async (phase: 'onBegin' | 'onEnd', call: (r: Reporter) => void | Promise<void>) => {
    for (const reporter of reporters) {
      try {
        await call(reporter);
      } catch (error) {
        fail(reporter, phase, error);
      }
    }
  };

  const callAllSync = (phase: 'onProbe' | 'onInfo', call: (r: Reporter) => unknown) => {
    for (const reporter of reporters) {
      try {
        const result = call(reporter);
        // A reporter may be async where the interface says void; its rejection must not go unhandled.
        if (result instanceof Promise) result.catch((error: unknown) => fail(reporter, phase, error));
      } catch (error) {
        fail(reporter, phase, error);
      }
    }
  };

  return {
    name: reporters.map((r) => r.name).join('+'),
    failures,
    onBegin: (begin: RunBegin) => callAll('onBegin', (r) => r.onBegin?.(begin)),
    onProbe: (probe: ProbeResult, stage: ProbeStage) => callAllSync('onProbe', (r) => r.onProbe?.(probe, stage)),
    onInfo: (message: string) => callAllSync('onInfo', (r) => r.onInfo?.(message)),
    onEnd: (run: RunResult, runDir: string) => callAll('onEnd', (r) => r.onEnd?.(run, runDir)),
  };
}

