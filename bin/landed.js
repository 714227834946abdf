#!/usr/bin/env -S node --max-semi-space-size=4
// The flag: V8 sizes its young generation by the machine's memory (tens of MB per semi-space on a large
// machine), and a run makes mostly short-lived garbage (headers, DNS answers, IMAP responses). 4 MB semi-spaces
// took a 2,000-probe run from 422 MB to 248 MB peak RSS at the same speed (npm run bench).
// Entry point. Node >= 22.18 runs the TypeScript sources directly (type stripping), so there is no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `landed needs Node.js 22.19 or newer; this is ${process.version}.\n` +
      `Run it through npm (npm run landed -- ...) or npx landed, which use the Node 24 that npm install put in node_modules.\n`,
  );
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
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// Interrupted: work still pending (a read, a DNS query) must not keep the process alive.
if (process.exitCode === 3) process.exit(3);
