import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab } from '../../lab/index.ts';
import type { Command } from '../command.ts';
import { runCommand } from './run.ts';

const DEMO_SCENARIO = join(dirname(fileURLToPath(import.meta.url)), '../../../scenarios/demo.yaml');

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'start the local lab, run scenarios/demo.yaml through every lab route to every seed, stop the lab',
  usage: `Usage: landed demo [--reporter NAME...]

Starts the local lab in a temporary folder, runs the demo scenario through every route to every seed,
writes the run to reports/runs/<run-id>/ (results.json and report.html) and adds it to reports/history.sqlite,
then stops the lab. The exit code is that of 'landed run'. To keep a lab running: landed lab up.
Run as root on Debian or Ubuntu, it installs what the lab needs (Dovecot, NSD) with apt-get if missing.`,
  options: { reporter: { type: 'string', multiple: true } },
  async run({ values }, io) {
    io.stderr.write('starting the local lab...\n');
    // The demo is what a newcomer runs first: as root on Debian/Ubuntu, install what the lab needs.
    const lab = await startLab({ signal: io.signal, install: process.getuid?.() === 0 });
    try {
      return await runCommand.run(
        { values: { config: lab.configFile, reports: join(io.cwd, 'reports'), reporter: (values.reporter as string[] | undefined) ?? ['console', 'html'] }, positionals: [DEMO_SCENARIO] },
        io,
      );
    } finally {
      await lab.stop();
    }
  },
};
