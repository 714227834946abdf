import type { ReporterOptions } from '../options.ts';
import type { Reporter } from '../types.ts';
import { palette } from '../../text/colour.ts';
import { ProgressCounts, ProgressPrinter } from './progress.ts';
import { renderRunText } from './render.ts';

/**
 * The default reporter: a live progress line while probes are out, then the run as a compact table.
 * Progress goes to stderr so that `--reporter json` on stdout stays parseable next to it.
 */
export function createConsoleReporter(options: ReporterOptions): Reporter {
  const counts = new ProgressCounts();
  const progress = new ProgressPrinter(options.stderr, options.isTTY, options.now ?? Date.now);
  const paint = palette(options.isTTY, options.env);
  return {
    name: 'console',
    onBegin(begin) {
      counts.total = begin.probes.length;
      const shard = begin.shard ? ` (shard ${begin.shard.index}/${begin.shard.total})` : '';
      progress.message(`landed run ${begin.runId}${shard}: ${begin.probes.length} probes`);
    },
    onProbe(probe, stage) {
      counts.record(probe.id, stage);
      progress.update(counts.line());
    },
    onInfo(message) {
      progress.message(message);
    },
    onEnd(run) {
      if (counts.total > 0) progress.finish(counts.line());
      options.stdout.write(`${renderRunText(run, paint).join('\n')}\n`);
    },
  };
}
