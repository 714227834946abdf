import { createServer, type IncomingMessage, type Server } from 'node:http';
import { chmodSync, rmSync } from 'node:fs';

/** What the control channel can do; the daemon implements it, src/lab/control-client.ts calls it. */
export interface ControlHandlers {
  status(): unknown;
  events(since: number): unknown;
  setKnobs(kind: 'provider' | 'mta' | 'app', id: string, knobs: Record<string, unknown>): Promise<unknown>;
  resetKnobs(): Promise<unknown>;
  part(name: string, action: 'start' | 'stop' | 'restart'): Promise<unknown>;
  shutdown(): void;
  /** The providers send their DMARC aggregate reports now (src/lab/daemon/dmarc-reports.ts). */
  dmarcReports?(): Promise<unknown>;
}

export class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * HTTP on a unix socket in the lab dir (mode 0600): only the lab's owner can turn its knobs, and no TCP
 * port is taken. Routes: GET /status, GET /events?since=N, PUT /knobs/{provider|mta|app}/ID, POST /knobs/reset,
 * POST /parts/NAME/{start|stop|restart}, POST /shutdown.
 */
export function startControlServer(socketPath: string, handlers: ControlHandlers): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((req, res) => {
    route(req, handlers).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body ?? {}));
      },
      (error: Error) => {
        res.writeHead(error instanceof ControlError ? error.status : 500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.message }));
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      chmodSync(socketPath, 0o600);
      resolve(server);
    });
  });
}

async function route(req: IncomingMessage, h: ControlHandlers): Promise<unknown> {
  const url = new URL(req.url ?? '/', 'http://lab');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method ?? 'GET';
  if (method === 'GET' && url.pathname === '/status') return h.status();
  if (method === 'GET' && url.pathname === '/events') return h.events(Number(url.searchParams.get('since') ?? 0));
  if (method === 'POST' && url.pathname === '/knobs/reset') return h.resetKnobs();
  if (method === 'PUT' && parts[0] === 'knobs' && (parts[1] === 'provider' || parts[1] === 'mta' || parts[1] === 'app') && parts.length === 3) {
    return h.setKnobs(parts[1], parts[2], await readJson(req));
  }
  if (method === 'POST' && parts[0] === 'parts' && parts.length === 3 && ['start', 'stop', 'restart'].includes(parts[2])) {
    return h.part(parts[1], parts[2] as 'start' | 'stop' | 'restart');
  }
  if (method === 'POST' && url.pathname === '/dmarc-reports' && h.dmarcReports) return h.dmarcReports();
  if (method === 'POST' && url.pathname === '/shutdown') {
    setImmediate(() => h.shutdown());
    return { stopping: true };
  }
  throw new ControlError(404, `no such control request: ${method} ${url.pathname}`);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) throw new ControlError(413, 'request too large');
  }
  try {
    const value = JSON.parse(text || '{}');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new ControlError(400, 'the body must be a JSON object');
  }
}
