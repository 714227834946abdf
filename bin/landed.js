#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=4
// The flag: V8 sizes its young generation by the machine's memory (tens of MB per semi-space on a large
// machine), and a run makes mostly short-lived garbage (headers, DNS answers, IMAP responses). 4 MB semi-spaces
// took a 2,000-probe run from 422 MB to 248 MB peak RSS at the same speed (npm run bench).
// MALLOC_ARENA_MAX: glibc gives each thread that allocates (libuv's pool, the analysis worker) an arena of its
// own, and freed memory stays spread over them: two arenas took a 10,200-probe lab run from 283-292 MB to
// 270 MB peak RSS at the same wall time (other C libraries ignore the variable).
//
// Entry point. An installed package runs the JavaScript in dist/ (built by `npm run build`, prepare and
// prepack: Node does not strip types under node_modules). A clone of the repository runs the TypeScript in
// src/ directly, so there is nothing to rebuild while developing; LANDED_RUN_FROM=dist runs the build instead.
// This file must parse and run on any Node, old ones included, to say what to do.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';

const MINIMUM = [22, 19];
const [major, minor] = process.versions.node.split('.').map(Number);
const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/cli/main.js', import.meta.url);
const inClone = existsSync(source);

if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  process.stderr.write(
    `landed needs Node.js ${MINIMUM.join('.')} or newer; this is ${process.version} (${process.execPath}).\n` +
      (inClone
        ? `Fix: run it through npm (npm run landed -- ARGS, or npx landed ARGS): both use the Node 24 that npm install put in node_modules.\n`
        : `Fix: install Node.js 22 or 24 (https://nodejs.org/en/download, or: nvm install 24), then run landed again.\n`),
  );
  process.exit(2);
}
const fromSource = inClone && process.env.LANDED_RUN_FROM !== 'dist';
if (!fromSource && !existsSync(built)) {
  process.stderr.write(`landed: ${built.pathname} is missing: this copy of landed was not built. Fix: npm run build\n`);
  process.exit(2);
}
// node:sqlite (the history) is stable enough for us but still prints an ExperimentalWarning on Node 24;
// drop that one warning, and only that one, so a user never reads it as a problem of theirs.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) =>
  String(warning).startsWith('SQLite is an experimental feature') ? undefined : emitWarning.call(process, warning, ...rest);
// `landed providers | head`: a reader that went away is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}
// Node keeps the compiled code of the modules it loads, type-stripped sources included (in the system temp
// folder, per Node version and file contents; NODE_DISABLE_COMPILE_CACHE=1 turns it off): from the sources,
// `landed run` reaches its config in 0.50 s instead of 0.80 s, as fast as from dist/ (which it does not change).
nodeModule.enableCompileCache?.();
const { main } = await import(fromSource ? source.href : built.href);
process.exitCode = await main(process.argv.slice(2));
// Interrupted: work still pending (a read, a DNS query) must not keep the process alive.
if (process.exitCode === 3) process.exit(3);
