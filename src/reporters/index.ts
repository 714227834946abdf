/**
 * Reporters by name. `createReporters(['console', 'junit'], options)` gives one reporter (the multiplexer)
 * that the run, `landed merge` and `landed report` call the same way.
 */
import { LandedError } from '../errors.ts';
import { createConsoleReporter } from './console/index.ts';
import { createGithubReporter } from './github.ts';
import { createHtmlReporter } from './html/index.ts';
import { createJsonReporter } from './json.ts';
import { createJunitReporter } from './junit/index.ts';
import { createMarkdownReporter } from './markdown/index.ts';
import { multiplex, type Multiplexer } from './multiplexer.ts';
import type { ReporterOptions } from './options.ts';
import type { Reporter } from './types.ts';

export type { ReporterOptions } from './options.ts';
export type { Multiplexer, ReporterFailure } from './multiplexer.ts';

export const reporterFactories = {
  console: createConsoleReporter,
  json: createJsonReporter,
  junit: createJunitReporter,
  github: createGithubReporter,
  markdown: createMarkdownReporter,
  html: createHtmlReporter,
} satisfies Record<string, (options: ReporterOptions) => Reporter>;

export type ReporterName = keyof typeof reporterFactories;
export const REPORTER_NAMES = Object.keys(reporterFactories) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporterFactories, name);
}

/**
 * Names may repeat or come comma-separated (`--reporter junit,html`); duplicates are dropped. An unknown
 * name is a usage error listing the known ones. `out` applies to every reporter that writes one file, so
 * give it only with a single such reporter.
 */
export function createReporters(names: string[], options: ReporterOptions): Multiplexer {
  const wanted = [...new Set(names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean))];
  const unknown = wanted.filter((n) => !isReporterName(n));
  if (unknown.length)
    throw new LandedError('USAGE', `unknown reporter ${unknown.map((n) => `'${n}'`).join(', ')}`, {
      hint: `Known reporters: ${REPORTER_NAMES.join(', ')}.`,
    });
  return multiplex((wanted as ReporterName[]).map((name) => reporterFactories[name](options)));
}
