/**
 * The files `landed init` writes, as text: landed.yaml (routes and seeds from the answers), a first scenario,
 * .env.example naming exactly the variables that landed.yaml reads, the .gitignore lines, and the two
 * workflows using the landed Action with those variables as GitHub secrets.
 */
import type { ProviderPreset } from '../../providers/types.ts';
import { configVariables } from '../vars.ts';
import { DRILL_ROUTES, ROUTE_KINDS, type StarterAnswers } from './answers.ts';
import { envName, seedYaml } from './seeds.ts';
import { dnsPlanWorkflow, placementWorkflow } from './workflows.ts';

export interface StarterFile {
  /** Relative to the folder landed.yaml goes in. */
  path: string;
  text: string;
}

/** Lines `.gitignore` must hold: secrets and run output never get committed. */
export const GITIGNORE_LINES = ['.env', 'reports/'];

export function starterFiles(answers: StarterAnswers, presets: ReadonlyMap<string, ProviderPreset>): StarterFile[] {
  const config = landedYaml(answers, presets);
  const vars = configVariables(config).map((v) => v.name);
  return [
    { path: 'landed.yaml', text: config },
    { path: 'scenarios/first.yaml', text: firstScenario(answers) },
    ...(answers.routes.includes('spoof') ? [{ path: 'scenarios/spoof-drill.yaml', text: spoofScenario(answers) }] : []),
    { path: '.env.example', text: envExample(vars) },
    { path: '.github/workflows/landed-placement.yml', text: placementWorkflow(answers.action, vars) },
    { path: '.github/workflows/landed-dns-plan.yml', text: dnsPlanWorkflow(answers.action) },
  ];
}

function schemaLine(answers: StarterAnswers, file: string): string[] {
  return answers.schemaDir ? [`# yaml-language-server: $schema=${answers.schemaDir}/${file}`] : [];
}

function landedYaml(answers: StarterAnswers, presets: ReadonlyMap<string, ProviderPreset>): string {
  const lines = [
    ...schemaLine(answers, 'landed.schema.json'),
    `# landed.yaml for ${answers.domain}, written by 'landed init'. Secrets are \${VAR}: set them in .env beside`,
    '# this file (see .env.example) or as GitHub secrets; `landed config vars` lists them.',
    'routes:',
  ];
  for (const kind of answers.routes) {
    lines.push(`  ${kind}:`, ...ROUTE_KINDS[kind].yaml(answers.domain, envName(kind)).map((l) => `    ${l}`));
  }
  lines.push('seeds:');
  for (const provider of answers.seeds) {
    const seed = seedYaml(presets.get(provider)!, answers.domain);
    lines.push(`  ${seed.id}:`, ...seed.lines.map((l) => `    ${l}`));
  }
  lines.push('reporters: [console, html]');
  return `${lines.join('\n')}\n`;
}

function firstScenario(answers: StarterAnswers): string {
  return [
    ...schemaLine(answers, 'scenario.schema.json'),
    '# An ordinary business message through every route to every seed: it should reach the inbox with DMARC passing.',
    'name: first',
    `routes: ${answers.routes.some((r) => DRILL_ROUTES.includes(r)) ? `[${answers.routes.filter((r) => !DRILL_ROUTES.includes(r)).join(', ')}]` : 'all'}`,
    'seeds: all',
    'message:',
    '  subject: Your quote request',
    '  text: |',
    '    Hello,',
    '',
    '    thank you for your request. Please find our quote below; it is valid for 30 days.',
    '',
    '    Kind regards,',
    `    ${answers.domain}`,
    'expect:',
    '  placement: inbox',
    '  dmarc: pass',
    'timeout: 10m',
    '',
  ].join('\n');
}

/** The spoof drill (docs/drills.md): forged as the domain, to the company's own mailboxes; inbox is critical. */
function spoofScenario(answers: StarterAnswers): string {
  const own = answers.seeds.filter((s) => s === 'microsoft365' || s === 'google-workspace').map((s) => `${s}-1`);
  return [
    ...schemaLine(answers, 'scenario.schema.json'),
    `# The spoof drill: a mail forged as ${answers.domain}, delivered straight to your own mail servers as an outsider`,
    '# would. It must be refused or junked; in an inbox it is the most serious finding (docs/drills.md).',
    '# Keep only seeds in your own tenant (mailboxes of your domain), and run it from a machine that may use port 25.',
    'name: spoof-drill',
    'drill: spoof',
    'routes: [spoof]',
    `seeds: ${own.length ? `[${own.join(', ')}]` : 'all'}`,
    'message:',
    '  subject: Urgent wire transfer',
    `  text: Please pay the attached invoice today. This was a landed spoof drill of ${answers.domain}.`,
    'expect:',
    '  placement: [rejected, spam]',
    'timeout: 10m',
    '',
  ].join('\n');
}

function envExample(vars: string[]): string {
  return [
    '# The variables landed.yaml reads. Copy to .env (never committed) and fill in; in GitHub, make each a secret.',
    ...vars.map((v) => `${v}=`),
    '',
  ].join('\n');
}
