/**
 * Entry point of the lab daemon: `node src/lab/daemon/main.ts DIR [--parent PID]`, started detached by
 * startLab; with --parent it stops the lab once that process is gone. Its stdout/stderr go to
 * DIR/logs/daemon.out; a start-up failure is its last line there, where startLab reads it. This is a
 * process entry, so it may exit; it prints nothing else.
 */
import { readLabState } from '../state.ts';
import { LabDaemon } from './daemon.ts';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node src/lab/daemon/main.ts LAB_DIR\n');
  process.exit(2);
}

const daemon = new LabDaemon(await readLabState(dir));
const stopAndExit = (code: number) => void daemon.stop().finally(() => process.exit(code));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => stopAndExit(0));
process.on('unhandledRejection', (reason) => daemon.log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));
process.on('uncaughtException', (error) => {
  daemon.log(`fatal: ${error.stack ?? error.message}`);
  process.stderr.write(`lab daemon failed: ${error.message}\n`);
  stopAndExit(1);
});

const parent = process.argv[3] === '--parent' ? Number(process.argv[4]) : undefined;
if (parent) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return; // EPERM: alive, someone else's user
      daemon.log(`the process that started the lab (${parent}) is gone; stopping`);
      stopAndExit(0);
    }
  }, 1000).unref();
}

try {
  await daemon.start();
} catch (error) {
  daemon.log(`start failed: ${(error as Error).message}`);
  process.stderr.write(`lab daemon failed to start: ${(error as Error).message}\n`);
  stopAndExit(1);
}
