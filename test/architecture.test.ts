/**
 * Who may import whom (STYLE.md habit 12, in the spirit of Playwright's DEPS.list): each top-level folder of
 * src/ lists the folders and npm packages it may import; anything else fails here, type-only imports included.
 * A new arrow is a decision: add it below with the reason, and check docs/architecture.md still tells the truth.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, importEdges, sourceFiles, unitOf, violations, type Allowed } from './support/import-graph.ts';

const SRC = resolve(import.meta.dirname, '../src');

/** Small shared pieces every stage may use: errors, address parsing, hostile-text cleaners, capped reads, text layout, timers. */
const BASE = ['errors', 'address', 'printable', 'capped-read', 'secrets', 'suggest', 'async', 'text'];
const allow = (folders: string[], npm: string[] = []): Allowed => ({ folders: [...BASE, ...folders], npm });

const ALLOWED: Record<string, Allowed> = {
  // The leaves: they import only each other.
  errors: { folders: [], npm: [] },
  address: { folders: [], npm: [] },
  printable: { folders: ['secrets'], npm: [] },
  secrets: { folders: [], npm: [] },
  suggest: { folders: [], npm: [] },
  'capped-read': { folders: ['errors'], npm: [] },
  async: { folders: ['errors'], npm: [] },
  text: { folders: ['printable'], npm: [] },
  providers: { folders: [], npm: [] },
  // The pipeline, in the order data flows: config -> scenarios -> plan -> routes / mailboxes -> run -> results.
  config: allow(['providers'], ['yaml', 'zod']),
  scenarios: allow(['config']),
  plan: allow(['config', 'scenarios']),
  // routes/auth.ts gets OAuth2 tokens from mailboxes/oauth2.ts; the direct route asks DNS for MX hosts.
  routes: allow(['config', 'plan', 'scenarios', 'results', 'mailboxes', 'dns'], ['nodemailer', 'p-retry']),
  mailboxes: allow(['config', 'plan', 'providers'], ['imapflow', 'mailparser', 'p-retry']),
  dns: allow([], ['mailauth', 'yaml']),
  analysis: allow(['dns'], ['mailauth']),
  results: allow(['analysis', 'plan', 'content']),
  // The run sees reporters only as a type (the Reporter it is given).
  run: allow(['analysis', 'config', 'content', 'dns', 'mailboxes', 'plan', 'reporters', 'results', 'routes', 'scenarios']),
  history: allow(['results']),
  reporters: allow(['analysis', 'history', 'results']),
  'dns-plan': allow(['dns', 'results'], ['mailauth']),
  dmarc: allow(['analysis', 'config', 'dns', 'history', 'mailboxes'], ['imapflow', 'mailparser']),
  // content: a private rspamd and what its rules mean (score, lab providers, runs); zod checks kept scores read back.
  content: allow(['analysis'], ['zod']),
  lab: allow(['dns', 'content'], ['mailauth', 'nodemailer', 'smtp-server']),
  // The CLI builds everything; nothing imports it.
  cli: allow(['analysis', 'config', 'content', 'dmarc', 'dns', 'dns-plan', 'history', 'lab', 'mailboxes', 'plan', 'providers', 'reporters', 'results', 'routes', 'run', 'scenarios']),
};

describe('stage boundaries', () => {
  const edges = importEdges(SRC);

  it('finds the imports it checks, type-only ones included', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some((e) => e.typeOnly && e.from === 'run' && e.to === 'reporters')).toBe(true);
  });

  it('every import is one its folder is allowed', () => {
    expect(violations(edges, ALLOWED)).toEqual([]);
  });

  it('no cycle between the folders of src/', () => {
    expect(cycles(folderGraph(edges))).toEqual([]);
  });

  it('the check fails on a forbidden import, a type-only one, an unlisted package and an unlisted folder', async () => {
    const src = await mkdtemp(join(tmpdir(), 'landed-arch-'));
    const put = async (file: string, text: string) => {
      await mkdir(join(src, file, '..'), { recursive: true });
      await writeFile(join(src, file), text);
    };
    await put('run/run.ts', "export const run = 1;\n");
    await put('analysis/index.ts', "import { run } from '../run/run.ts';\nimport type { X } from '../reporters/types.ts';\nimport nodemailer from 'nodemailer';\nimport { join } from 'node:path';\n");
    await put('reporters/types.ts', 'export type X = 1;\n');
    await put('brand-new/index.ts', "import { run } from '../run/run.ts';\n");
    expect(violations(importEdges(src), ALLOWED)).toEqual([
      'src/analysis/index.ts imports src/run',
      'src/analysis/index.ts imports src/reporters (types)',
      'src/analysis/index.ts imports nodemailer',
      'src/brand-new/index.ts imports src/run',
    ]);
    expect(cycles(folderGraph(importEdges(src)))).toEqual([]);
    await put('run/run.ts', "import type { X } from '../reporters/types.ts';\nexport const run = 1;\n");
    await put('reporters/types.ts', "import { run } from '../run/run.ts';\nexport type X = 1;\n");
    expect(cycles(folderGraph(importEdges(src)))).toEqual([['reporters', 'run']]);
  });

  it('sees double-quoted, template and dynamic imports too (issue 13)', async () => {
    const src = await mkdtemp(join(tmpdir(), 'landed-arch-'));
    await mkdir(join(src, 'analysis'), { recursive: true });
    await mkdir(join(src, 'run'), { recursive: true });
    await writeFile(join(src, 'run', 'run.ts'), 'export const run = 1;\n');
    await writeFile(join(src, 'analysis', 'a.ts'), 'import { run } from "../run/run.ts";\n');
    await writeFile(join(src, 'analysis', 'b.ts'), 'export const later = () => import("../run/run.ts");\n');
    await writeFile(join(src, 'analysis', 'c.ts'), 'export const later = async () => await import(`../run/run.ts`);\n');
    await writeFile(join(src, 'analysis', 'd.ts'), "export { run } from\n  '../run/run.ts';\n");
    expect(violations(importEdges(src), ALLOWED)).toEqual(['a', 'b', 'c', 'd'].map((f) => `src/analysis/${f}.ts imports src/run`));
  });

  it('library code never prints or exits: that is the CLI\'s job', () => {
    const offenders = sourceFiles(SRC)
      .filter((f) => unitOf(SRC, f) !== 'cli' && !f.includes('/client/') && !f.includes('/lab/daemon/'))
      .filter((f) => /\b(console\.(log|error|warn|info)|process\.exit)\(/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
