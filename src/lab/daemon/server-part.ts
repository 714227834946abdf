import type { SMTPServer } from 'smtp-server';
import type { Part } from './daemon-context.ts';
import { closeServer, listen } from './smtp-common.ts';

/**
 * An SMTP server of the daemon as a part that can be stopped and started: stopped means nobody listens
 * (connection refused), as when a real server is down. Subclasses build the server.
 */
export class ServerPart implements Part {
  readonly name: string;
  readonly #address: string;
  readonly #port: number;
  #server?: SMTPServer;

  constructor(name: string, address: string, port: number) {
    this.name = name;
    this.#address = address;
    this.#port = port;
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const server = this.createServer();
    await listen(server, this.#address, this.#port);
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await closeServer(server);
  }

  /** A fresh server for each start (a closed SMTPServer cannot listen again). */
  protected createServer(): SMTPServer {
    throw new Error(`${this.name}: createServer is not implemented`);
  }
}
