import { request } from 'node:http';
import { LandedError } from '../errors.ts';

/** Calls the lab daemon's control channel (HTTP on DIR/run/control.sock). */
export function controlRequest<T>(socketPath: string, method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      { socketPath, method, path, timeout: timeoutMs, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown;
          try {
            parsed = JSON.parse(text || '{}');
          } catch {
            parsed = { error: text };
          }
          if (res.statusCode === 200) return resolve(parsed as T);
          reject(new LandedError('LAB_FAILED', `lab control ${method} ${path}: ${(parsed as { error?: string }).error ?? res.statusCode}`, { where: socketPath }));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    req.on('error', (error) =>
      reject(new LandedError('LAB_FAILED', `the lab daemon does not answer: ${error.message}`, { where: socketPath, hint: "is the lab running? 'landed lab status'", cause: error })),
    );
    req.end(payload);
  });
}

/** Whether a daemon answers on this socket. */
export async function controlAnswers(socketPath: string): Promise<boolean> {
  try {
    await controlRequest(socketPath, 'GET', '/status', undefined, 2000);
    return true;
  } catch {
    return false;
  }
}
