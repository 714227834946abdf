import { openHistory } from '../../history/index.ts';
import { findResultFiles, readResults } from '../../results/read.ts';
import type { Command } from '../command.ts';
import { CONFIG_HELP, CONFIG_OPTION, placesOf } from '../config-option.ts';
import { ExitCode } from '../exit-codes.ts';

export const DEFAULT_HISTORY = 'reports/history.sqlite';

export const importCommand: Command = {
  path: ['import'],
  summary: 'add runs made elsewhere (a shard, another machine, an old artifact) to the history',
  usage: `Usage: landed import RESULTS... [--history FILE] [--config FILE]

Adds each results.json to the history database. RESULTS may be results.json files, run directories, or
directories of run directories (reports/runs). Importing the same run twice changes nothing; the shards of
one run may be imported one by one.

Options:
  --history FILE   the history database (default: landed.yaml's, else ${DEFAULT_HISTORY})
${CONFIG_HELP}`,
  options: { history: { type: 'string' }, ...CONFIG_OPTION },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (!positionals.length) {
      io.stderr.write(`landed import: give at least one results.json or run directory\n\n${this.usage}\n`);
      return ExitCode.usage;
    }
    const files = await findResultFiles(positionals, io.cwd);
    const runs = await Promise.all(files.map((file) => readResults(file)));
    const history = openHistory((await placesOf(values, io)).historyFile);
    try {
      runs.forEach((run, i) => {
        const added = history.importRun(run);
        const shard = run.shard ? ` shard ${run.shard.index}/${run.shard.total}` : '';
        const what = added.probesAdded === 0 ? 'already in the history' : `${added.probesAdded} probes added${added.newRun ? '' : ' to an existing run'}`;
        io.stdout.write(`${files[i]}: run ${run.runId}${shard}: ${what}\n`);
      });
    } finally {
      history.close();
    }
    return ExitCode.ok;
  },
};
