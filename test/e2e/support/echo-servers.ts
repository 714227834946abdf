/**
 * Servers that echo the credentials they were given back in their refusal, as some real ones do: an IMAP
 * server that quotes the LOGIN arguments and the SASL initial response in its NO, and an SMTP server that
 * quotes the AUTH PLAIN string in its 535. Whatever they say reaches landed's errors, so these are the
 * paths a redactor must cover.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface EchoServer {
  host: string;
  port: number;
  /** Every command line received, for the test to see that a login really was attempted. */
  lines: string[];
  close(): Promise<void>;
}

async function listen(host: string, serve: (socket: Socket, lines: string[]) => void): Promise<EchoServer> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    serve(socket, lines);
  });
  await new Promise<void>((ready) => server.listen(0, host, ready));
  return {
    host,
    port: (server.address() as { port: number }).port,
    lines,
    close: () => new Promise((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    }),
  };
}

function onLines(socket: Socket, handle: (line: string) => void): void {
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (let end; (end = buffer.indexOf('\r\n')) >= 0; ) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      handle(line);
    }
  });
}

const IMAP_CAPS = 'IMAP4rev1 SASL-IR AUTH=OAUTHBEARER AUTH=XOAUTH2 ID';

export function startEchoImap(host = '127.0.0.1'): Promise<EchoServer> {
  return listen(host, (socket, lines) => {
    socket.write(`* OK [CAPABILITY ${IMAP_CAPS}] echo ready\r\n`);
    onLines(socket, (line) => {
      lines.push(line);
      const [tag, command = '', ...rest] = line.split(' ');
      const args = rest.join(' ');
      switch (command.toUpperCase()) {
        case 'CAPABILITY':
          return socket.write(`* CAPABILITY ${IMAP_CAPS}\r\n${tag} OK done\r\n`);
        case 'ID':
          return socket.write(`* ID NIL\r\n${tag} OK done\r\n`);
        case 'LOGIN':
          return socket.write(`${tag} NO [AUTHENTICATIONFAILED] credentials ${args} are not valid\r\n`);
        case 'AUTHENTICATE':
          return socket.write(`${tag} NO [AUTHENTICATIONFAILED] ${args.split(' ')[1] ?? ''} is not a valid token\r\n`);
        case 'LOGOUT':
          socket.write(`* BYE\r\n${tag} OK bye\r\n`);
          return socket.end();
        default:
          return socket.write(`${tag} BAD ${command} unknown\r\n`);
      }
    });
  });
}

export function startEchoSmtp(host = '127.0.0.1'): Promise<EchoServer> {
  return listen(host, (socket, lines) => {
    socket.write('220 echo.test ESMTP\r\n');
    onLines(socket, (line) => {
      lines.push(line);
      const verb = line.split(' ')[0].toUpperCase();
      if (verb === 'EHLO') return socket.write('250-echo.test\r\n250 AUTH PLAIN\r\n');
      if (verb === 'HELO') return socket.write('250 echo.test\r\n');
      if (verb === 'AUTH') return socket.write(`535 5.7.8 Authentication credentials invalid: ${line.slice(5)}\r\n`);
      if (verb === 'QUIT') {
        socket.write('221 bye\r\n');
        return socket.end();
      }
      if (verb === 'RSET' || verb === 'NOOP') return socket.write('250 ok\r\n');
      return socket.write('530 5.7.0 Authentication required\r\n');
    });
  });
}
