import { fileReporter } from '../file-reporter.ts';
import type { ReporterOptions } from '../options.ts';
import { renderMarkdown } from './render.ts';

/** summary.md, for pull requests and chat. */
export const createMarkdownReporter = (options: ReporterOptions) => fileReporter('markdown', 'summary.md', (run) => renderMarkdown(run), options);
