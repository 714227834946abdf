import type { Command } from '../command.ts';

/** Every command, in the order `landed --help` lists them. One line per command module. */
export const commands: Command[] = [
];
