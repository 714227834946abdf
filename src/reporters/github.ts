/**
 * GitHub Actions: the Markdown summary appended to $GITHUB_STEP_SUMMARY (collect, render, append) and one
 * `::error` workflow command per broken expectation, which GitHub shows as an annotation on the run.
 */
import { appendFile } from 'node:fs/promises';
import { stripControls } from '../printable.ts';
import { renderMarkdown } from './markdown/render.ts';
import type { ReporterOptions } from './options.ts';
import { brokenExpectations, sortedProbes } from './summary.ts';
import type { Reporter } from './types.ts';

/**
 * Workflow command escaping (as GitHub's toolkit does it). Escaping CR/LF also means text from received mail
 * can never start a line of its own, so it cannot smuggle in a workflow command.
 */
export function escapeData(value: string): string {
  return stripControls(value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function createGithubReporter(options: ReporterOptions): Reporter {
  return {
    name: 'github',
    async onEnd(run) {
      for (const { probe, expectation: e } of brokenExpectations(sortedProbes(run))) {
        const why = probe.analysis?.reasons[0] ?? probe.error;
        const message = `${e.check}: expected ${e.expected}, got ${e.actual}${why ? ` (${why.slice(0, 500)})` : ''}`;
        options.stdout.write(`::error title=${escapeProperty(`landed ${probe.id}`)}::${escapeData(message)}\n`);
      }
      const file = options.env.GITHUB_STEP_SUMMARY;
      if (file) await appendFile(file, `${renderMarkdown(run, { reportLink: options.env.LANDED_REPORT_URL })}\n`);
    },
  };
}
