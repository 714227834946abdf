/**
 * `npm run build` (also run by prepare and prepack): compiles src/ to dist/ with the same tree
 * (dist/cli/main.js, dist/lab/daemon/main.js...), relative `.ts` imports rewritten to `.js`, then copies the
 * files src/ reads at run time that are not TypeScript (the HTML report's client scripts and styles).
 * An installed package runs dist/: Node does not strip types under node_modules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

/** Every non-TypeScript file under src/ that code reads beside itself, copied to the same place under dist/. */
const RUNTIME_ASSETS = ['reporters/html/client'];
for (const dir of RUNTIME_ASSETS) cpSync(join(root, 'src', dir), join(dist, dir), { recursive: true });
process.stdout.write(`built ${count(dist)} files in dist/\n`);

function count(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}
