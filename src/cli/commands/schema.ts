import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemas } from '../../config/json-schema.ts';
import type { Command } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';

const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../schema');

export const schemaCommand: Command = {
  path: ['schema'],
  summary: 'print or write the JSON Schemas of landed.yaml and scenario files (for editor completion)',
  usage: `Usage: landed schema [--scenario] [--write | --check]

Prints the JSON Schema of landed.yaml (or, with --scenario, of a scenario file). Editors pick it up from a
first line like:  # yaml-language-server: $schema=./schema/landed.schema.json

  --write   write both schemas to the repository's schema/ folder
  --check   exit 1 if the files in schema/ are not current`,
  options: { scenario: { type: 'boolean' }, write: { type: 'boolean' }, check: { type: 'boolean' } },
  async run({ values }, io) {
    const schemas = jsonSchemas();
    if (values.write) {
      await mkdir(SCHEMA_DIR, { recursive: true });
      for (const [name, text] of Object.entries(schemas)) await writeFile(join(SCHEMA_DIR, name), text);
      io.stdout.write(`wrote ${Object.keys(schemas).map((n) => `schema/${n}`).join(', ')}\n`);
      return ExitCode.ok;
    }
    if (values.check) {
      const stale: string[] = [];
      for (const [name, text] of Object.entries(schemas)) {
        const current = await readFile(join(SCHEMA_DIR, name), 'utf8').catch(() => '');
        if (current !== text) stale.push(`schema/${name}`);
      }
      if (stale.length) io.stderr.write(`out of date: ${stale.join(', ')} (run: npm run schema)\n`);
      return stale.length ? ExitCode.failed : ExitCode.ok;
    }
    io.stdout.write(schemas[values.scenario ? 'scenario.schema.json' : 'landed.schema.json']);
    return ExitCode.ok;
  },
};
