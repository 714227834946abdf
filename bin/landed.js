#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Entry point. Node >= 22.18 runs the TypeScript sources directly (type stripping), so there is no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `landed needs Node.js 22.19 or newer; this is ${process.version}.\n` +
      `Run it through npm (npm run landed -- ...) or npx landed, which use the Node 24 that npm install put in node_modules.\n`,
  );
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
