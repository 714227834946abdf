/**
 * An analysis worker thread (see pool.ts): analyses the messages it is sent, several at once, asking the pool
 * for each DNS answer once, and reads the bounces it is sent. Holds nothing of a message once it is done.
 */
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { cachingResolver } from '../dns/resolver.ts';
import { analyzeMessage } from '../analysis/index.ts';
import { parseBounce } from '../mailboxes/bounces/parse.ts';
import type { FromWorker, ToWorker } from './worker-protocol.ts';

const port = parentPort!;

// Analysis can wait; the run's IMAP sessions, and on the lab the mail servers beside it, cannot: on a machine
// with few cores a busy worker at normal priority delayed every FETCH answer of a burst. On Linux the nice
// value is per thread and pid 0 means the calling thread, so this lowers the worker alone (elsewhere it would
// lower the whole process).
if (process.platform === 'linux') {
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not allowed here (a sandbox): analysis keeps the run's priority.
  }
}
const waiting = new Map<number, { resolve(answer: unknown): void; reject(error: Error): void }>();
let nextDns = 0;

/** The run's resolver, across the thread boundary; errors keep their code (ENOTFOUND, ENODATA...). */
function askThePool(name: string, rrtype: string): Promise<unknown> {
  const dnsId = nextDns++;
  return new Promise((resolve, reject) => {
    waiting.set(dnsId, { resolve, reject });
    port.postMessage({ type: 'dns', dnsId, name, rrtype } satisfies FromWorker);
  });
}

/**
 * Remembered for the worker's life, as the run's own resolver remembers them for the run's: the messages of a
 * run ask the same few names, and a round trip to the run's thread per question cost more than the analysis.
 */
const resolver = cachingResolver(askThePool);

port.on('message', (message: ToWorker) => {
  if (message.type === 'dns') {
    const pending = waiting.get(message.dnsId);
    waiting.delete(message.dnsId);
    if (message.error) pending?.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    else pending?.resolve(message.answer);
    return;
  }
  const raw = Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength);
  const work = message.type === 'bounce' ? parseBounce(raw).then((bounce) => bounce ?? null) : analyzeMessage(raw, { ...message.context, resolver });
  work.then(
    (result) => port.postMessage({ type: 'done', id: message.id, json: JSON.stringify(result) } satisfies FromWorker),
    (error: unknown) => port.postMessage({ type: 'failed', id: message.id, error: String((error as Error)?.message ?? error) } satisfies FromWorker),
  );
});
