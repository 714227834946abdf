import { fileReporter } from '../file-reporter.ts';
import type { ReporterOptions } from '../options.ts';
import { renderRunReport } from './run-report.ts';

/** report.html; message headers are read from the run's own directory (options.runDir). */
export const createHtmlReporter = (options: ReporterOptions) =>
  fileReporter('html', 'report.html', (run, { runDir }) => renderRunReport(run, runDir), options);
