import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunResult } from '../../src/results/types.ts';

const BIN = resolve(import.meta.dirname, '../../bin/landed.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as a user would; `.child` is there to signal it. */
export function landed(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> & { child: ChildProcess } {
  let child!: ChildProcess;
  const done = new Promise<CliRun>((done, fail) => {
    child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  return Object.assign(done, { child });
}

export async function tempDir(prefix = 'landed-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeScenario(dir: string, name: string, yaml: string): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  return file;
}

export async function readResults(runDir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8')) as RunResult;
}

/** "route/seed" -> placement, for asserting a whole truth table at once. */
export function placements(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.probes.map((p) => [`${p.route}/${p.seed}`, p.placement]));
}
