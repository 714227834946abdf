import { fileReporter } from '../file-reporter.ts';
import type { ReporterOptions } from '../options.ts';
import { renderJunit } from './render.ts';

/** junit.xml, for CI test-report parsers. */
export const createJunitReporter = (options: ReporterOptions) => fileReporter('junit', 'junit.xml', renderJunit, options);
