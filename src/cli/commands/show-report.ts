import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { readCapped } from '../../capped-read.ts';
import { placesOf } from '../config-option.ts';
import { LandedError } from '../../errors.ts';
import { findFinishedRuns, runDirOf } from '../../results/run-folder.ts';
import { RUN_ID_PATTERN } from '../../results/validate.ts';
import type { CliIO, Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { shownPath } from '../paths.ts';

const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export const showReportCommand: Command = {
  path: ['show-report'],
  summary: 'serve the HTML report of the latest run (or RUN) on 127.0.0.1 and open it in the browser',
  usage: `Usage: landed show-report [RUN] [--config FILE] [--reports DIR] [--port N] [--no-open]

Serves reports/runs/RUN/report.html (default: the newest run that has one) at http://127.0.0.1:PORT/, and the
trend report (reports/trend.html, when written) at /trend; opens the browser when there is one. Ctrl-C stops.

Options:
  --config FILE  landed.yaml, for where runs are kept (default: ./landed.yaml when there is one)
  --reports DIR  where runs are kept (default: the config's reports folder, else ./reports)
  --port N       port to listen on (default: any free one)
  --no-open      do not open a browser, only print the address

Examples:
  landed show-report
  landed show-report 20261129T101500Z-abc123 --port 9323 --no-open`,
  options: { config: { type: 'string' }, reports: { type: 'string' }, port: { type: 'string' }, 'no-open': { type: 'boolean' } },
  allowPositionals: true,
  handlesSignals: true,
  async run({ values, positionals }, io) {
    const { reportsDir } = await placesOf(values, io);
    const runs = await findFinishedRuns(reportsDir, 'report.html');
    const runId = positionals[0] ?? runs[0];
    if (!runId || !RUN_ID_PATTERN.test(runId) || !existsSync(join(runDirOf(reportsDir, runId), 'report.html'))) {
      throw new LandedError('RUN_NOT_FOUND', positionals[0] ? `run ${positionals[0]} has no report.html` : 'no run with an HTML report', {
        where: shownPath(join(reportsDir, 'runs'), io),
        hint: runs.length ? `Runs with a report: ${runs.slice(0, 5).join(', ')}` : 'Run `landed run --reporter html` (or `landed report RUN`) first.',
      });
    }
    const pages: Record<string, string> = { '/': join(runDirOf(reportsDir, runId), 'report.html'), '/trend': join(reportsDir, 'trend.html') };
    const server = createServer((request, response) => {
      const file = pages[(request.url ?? '/').split('?')[0]];
      if (!file || !existsSync(file)) return void response.writeHead(404).end('not found\n');
      readCapped(file, { maxBytes: MAX_REPORT_BYTES, code: 'USAGE' }).then(
        (body) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body),
        () => response.writeHead(500).end('could not read the report\n'),
      );
    });
    server.listen(Number(values.port ?? 0), '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/`;
    io.stdout.write(`Serving the report of run ${runId} at ${url} (trend: ${url}trend). Press Ctrl-C to stop.\n`);
    if (!values['no-open'] && io.stdout.isTTY) openBrowser(url, io);
    if (!io.signal.aborted) await once(io.signal, 'abort');
    server.closeAllConnections();
    server.close();
    return ExitCode.ok;
  },
};



/** The desktop's browser, if there is one; a server without one still has the printed address. */
function openBrowser(url: string, io: CliIO): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => io.stderr.write(`(no browser opened: open ${url} yourself)\n`));
  child.unref();
}
