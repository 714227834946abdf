import type { WatchProblem } from './types.ts';

/**
 * Passes a mailbox's problems on, but only its first fatal one, and stops the mailbox's other sessions when it
 * comes: a refused login would otherwise be reported once per folder.
 */
export function fatalOnce(report: (problem: WatchProblem) => void, stopper: AbortController): (problem: WatchProblem) => void {
  let reported = false;
  return (problem) => {
    if (problem.fatal) {
      if (reported) return;
      reported = true;
      stopper.abort();
    }
    report(problem);
  };
}
