/**
 * Who may import whom (STYLE.md: boundaries you can check). Data flows one way through the stages; a stage
 * that reached back (analysis importing the run, a reporter importing a transport) would fail here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Stages each stage must never import. */
const FORBIDDEN: Record<string, string[]> = {
  analysis: ['cli', 'run', 'routes', 'reporters', 'history', 'lab', 'plan', 'scenarios'],
  reporters: ['cli', 'run', 'routes', 'mailboxes', 'lab', 'dns', 'scenarios'],
  history: ['cli', 'run', 'routes', 'mailboxes', 'lab', 'dns', 'analysis', 'reporters'],
  lab: ['cli', 'run', 'reporters', 'history', 'analysis', 'mailboxes', 'routes'],
  plan: ['cli', 'run', 'routes', 'mailboxes', 'reporters', 'history', 'lab', 'analysis'],
  config: ['cli', 'run', 'routes', 'reporters', 'history', 'lab', 'analysis', 'dns'],
  routes: ['cli', 'run', 'reporters', 'history', 'lab', 'analysis'],
  mailboxes: ['cli', 'run', 'routes', 'reporters', 'history', 'lab', 'analysis'],
  dns: ['cli', 'run', 'routes', 'mailboxes', 'lab', 'history'],
  results: ['cli', 'run', 'routes', 'mailboxes', 'lab', 'reporters', 'history'],
  content: ['cli', 'run', 'routes', 'mailboxes', 'reporters', 'history', 'lab', 'plan', 'scenarios', 'dns'],
  dmarc: ['cli', 'run', 'routes', 'reporters', 'lab'],
  async: ['cli', 'run', 'routes', 'mailboxes', 'lab', 'reporters', 'history', 'analysis', 'dns', 'config'],
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const stageOf = (file: string) => relative(SRC, file).split('/')[0];

describe('stage boundaries', () => {
  const imports = files(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^;]*?from '(\.[^']+)'/gm)].map((m) => ({
      file: relative(SRC, file),
      from: stageOf(file),
      to: stageOf(resolve(dirname(file), m[1])),
    })),
  );

  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
  });

  it('no stage imports one it must not', () => {
    const broken = imports.filter((i) => FORBIDDEN[i.from]?.includes(i.to)).map((i) => `${i.file} imports src/${i.to}`);
    expect(broken).toEqual([]);
  });

  it('only the CLI imports the CLI and the run', () => {
    const broken = imports.filter((i) => (i.to === 'cli' || i.to === 'run') && i.from !== 'cli' && i.from !== i.to).map((i) => `${i.file} imports src/${i.to}`);
    expect(broken).toEqual([]);
  });

  it('library code never prints or exits: that is the CLI\'s job', () => {
    const offenders = files(SRC)
      .filter((f) => !['cli'].includes(stageOf(f)) && !f.includes('/client/') && !f.includes('/lab/daemon/'))
      .filter((f) => /\b(console\.(log|error|warn|info)|process\.exit)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
