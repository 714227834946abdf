import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab } from '../../lab/index.ts';
import type { Command } from '../command.ts';
import { runCommand } from './run.ts';

const DEMO_SCENARIO = join(dirname(fileURLToPath(import.meta.url)), '../../../scenarios/demo.yaml');

export const demoCommand: Command = {
  path: ['demo'],
  summary: 'start the local lab, run scenarios/demo.yaml through every lab route to every seed, stop the lab',
  usage: `Usage: landed demo [--reporter NAME...] [--keep-lab]

Starts the local lab in a temporary folder, runs the demo scenario through every route to every seed,
writes the run to reports/runs/<run-id>/ (results.json and an HTML report), and stops the lab again.
The exit code is that of 'landed run'.`,
  options: { reporter: { type: 'string', multiple: true }, 'keep-lab': { type: 'boolean' } },
  async run({ values }, io) {
    const labDir = await mkdtemp(join(tmpdir(), 'landed-demo-'));
    io.stderr.write('starting the local lab...\n');
    const lab = await startLab({ dir: labDir, signal: io.signal });
    try {
      const reporters = (values.reporter as string[] | undefined) ?? ['console', 'html'];
      return await runCommand.run(
        {
          values: { config: lab.configFile, reports: join(io.cwd, 'reports'), reporter: reporters },
          positionals: [DEMO_SCENARIO],
        },
        io,
      );
    } finally {
      if (values['keep-lab']) {
        io.stderr.write(`the lab keeps running in ${labDir}; stop it with: landed lab down --dir ${labDir}\n`);
      } else {
        await lab.stop();
        await rm(labDir, { recursive: true, force: true });
      }
    }
  },
};
