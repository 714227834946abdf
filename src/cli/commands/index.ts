import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { planCommand } from './plan.ts';
import { runCommand } from './run.ts';
import { reportCommand } from './report.ts';
import { importCommand } from './import.ts';
import { mergeCommand } from './merge.ts';
import { schemaCommand } from './schema.ts';
import { labCommands } from './lab.ts';
import { seedsCheckCommand } from './seeds.ts';
import { providersCommand } from './providers.ts';
import { authCommands } from './auth.ts';
import { dnsCheckCommand, dnsPlanCommand } from './dns.ts';
import { inspectCommand } from './inspect.ts';
import { scoreCommand } from './score.ts';
import { initCommand } from './init.ts';
import { showReportCommand } from './show-report.ts';
import { configVarsCommand } from './config-vars.ts';
import { dmarcCommands } from './dmarc.ts';
import { labDmarcReportsCommand } from './lab-dmarc.ts';

/** Every command, in the order `landed --help` lists them. One line per command module. */
export const commands: Command[] = [
  initCommand,
  runCommand,
  demoCommand,
  reportCommand,
  showReportCommand,
  importCommand,
  mergeCommand,
  planCommand,
  scoreCommand,
  schemaCommand,
  configVarsCommand,
  seedsCheckCommand,
  providersCommand,
  ...authCommands,
  ...labCommands,
  dnsCheckCommand,
  dnsPlanCommand,
  inspectCommand,
  ...dmarcCommands,
  labDmarcReportsCommand,
];
