import type { Command } from '../command.ts';
import { planCommand } from './plan.ts';
import { runCommand } from './run.ts';
import { schemaCommand } from './schema.ts';
import { labCommands } from './lab.ts';

/** Every command, in the order `landed --help` lists them. One line per command module. */
export const commands: Command[] = [
  runCommand,
  planCommand,
  schemaCommand,
  ...labCommands,
];
