import { spawn } from 'node:child_process';
import type { CommandEndpoint, ResolvedRoute } from '../config/types.ts';
import { cleanText } from '../printable.ts';
import type { Route, RouteMessage, SendOutcome } from './route.ts';

/** Output kept from the command (the rest is read and dropped, so it never blocks on a full pipe). */
const MAX_OUTPUT_BYTES = 64 * 1024;
const SHOWN_BYTES = 200;

/**
 * An application made to send by a command (its CLI, a site script): the probe goes to standard input as
 * JSON ({token, to, from, subject, text, html, messageId, raw}); exit 0 means the application accepted it.
 * No shell: `run` is the argv. A command past its timeout is killed and the probe is an error.
 */
export class CommandRoute implements Route {
  readonly id: string;
  readonly #command: CommandEndpoint;

  constructor(route: ResolvedRoute & { command: CommandEndpoint }) {
    this.id = route.id;
    this.#command = route.command;
  }

  async send(message: RouteMessage, signal: AbortSignal): Promise<SendOutcome> {
    const { run, env, cwd, timeoutMs } = this.#command;
    const input = JSON.stringify({ ...message.fields, raw: message.raw.toString('utf8') });
    const smtp = { attempts: 1, retries: [] as string[] };
    const ended = await execute(run, { cwd, env: { ...process.env, ...env }, input, timeoutMs, signal });
    const output = cleanText(ended.stdout || ended.stderr, [], SHOWN_BYTES);
    const what = `route ${this.id} (${cleanText(run[0]!, [], 80)})`;
    if (ended.spawnError) return { status: 'error', failure: 'unreachable', smtp, error: `${what}: cannot run the command (${cleanText(ended.spawnError, [])}); check command.run` };
    if (ended.timedOut) return { status: 'error', failure: 'other', smtp, error: `${what}: no exit within ${timeoutMs / 1000}s; stopped` };
    if (ended.code !== 0) {
      const how = ended.code === null ? `was killed (${ended.signal})` : `exited with ${ended.code}`;
      return { status: 'error', failure: 'protocol', smtp: { ...smtp, response: output }, error: `${what}: the command ${how}, not 0: ${output || '(no output)'}` };
    }
    const acceptedAt = new Date().toISOString();
    return { status: 'accepted', stages: [{ stage: 'accepted', at: acceptedAt }], smtp: { ...smtp, response: output, acceptedAt, queueId: idOf(ended.stdout) } };
  }

  async close(): Promise<void> {}
}

interface Ended {
  code: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError?: string;
}

function execute(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input: string; timeoutMs: number; signal: AbortSignal }): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: options.timeoutMs, killSignal: 'SIGKILL', signal: options.signal });
    const out = { stdout: '', stderr: '' };
    const keep = (key: 'stdout' | 'stderr') => (chunk: Buffer) => {
      if (out[key].length < MAX_OUTPUT_BYTES) out[key] += chunk.toString('utf8').slice(0, MAX_OUTPUT_BYTES - out[key].length);
    };
    child.stdout.on('data', keep('stdout'));
    child.stderr.on('data', keep('stderr'));
    const started = Date.now();
    let spawnError: string | undefined;
    child.on('error', (error) => (spawnError ??= error.message));
    child.stdin.on('error', () => {}); // a command that does not read its input is its own business
    child.stdin.end(options.input);
    child.on('close', (code, signal) => {
      // spawn's own timeout kills with SIGKILL and says nothing else: tell it by the clock.
      const timedOut = signal === 'SIGKILL' && Date.now() - started >= options.timeoutMs - 50;
      resolve({ code, signal: signal ?? undefined, ...out, timedOut, spawnError: spawnError && (code === null || code < 0) && !signal ? spawnError : undefined });
    });
  });
}

function idOf(stdout: string): string | undefined {
  try {
    const value = JSON.parse(stdout) as { id?: unknown };
    return typeof value.id === 'string' || typeof value.id === 'number' ? String(value.id).slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}
