/** The files inlined into every report, read once: uPlot from node_modules and our client scripts. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

function read(path: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(path, 'utf8');
    cache.set(path, text);
  }
  return text;
}

const client = (name: string) => read(new URL(`./client/${name}`, import.meta.url).pathname);

export const assets = {
  uplotScript: () => read(require.resolve('uplot/dist/uPlot.iife.min.js')),
  uplotStyle: () => read(require.resolve('uplot/dist/uPlot.min.css')),
  style: () => client('report.css'),
  /** Page code wrapped with the shared DOM helpers in one strict-mode scope. */
  page: (name: 'run.js' | 'trend.js' | 'dmarc-trend.js') => `(function () {\n'use strict';\n${client('dom.js')}\n${client(name)}\n})();`,
};
