import fs from 'node:fs';
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';

/**
 * A database outage without touching the database server: a TCP proxy between the server under
 * test and MariaDB is cut and restored (test/database-outage.test.ts, test/http-errors.test.ts).
 */

/** A TCP proxy on 127.0.0.1 that can be cut (every socket destroyed, no new ones accepted) and restored on the same port. */
export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close);
      upstream.on('error', close);
      client.on('close', close);
      upstream.on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  /** The network between the server and the database fails. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  get running(): boolean {
    return this.server !== null;
  }
}

/**
 * Jest runs each test file in its own JavaScript realm, but errors raised by Node itself (a
 * refused or reset socket) are built with the main realm's Error, so inside the test realm
 * `error instanceof Error` is false for them: graphql-js and Apollo then replace them with an
 * opaque "Unexpected error value" and the server would answer INTERNAL where a real process
 * answers SERVICE_UNAVAILABLE. While the outage tests run, `instanceof Error` also accepts the
 * main realm's errors, as it does in a real process (checked by hand against the compiled
 * server with `node dist/src/server.js`).
 */
function mainRealmError(): ErrorConstructor {
  try {
    fs.readFileSync('/nonexistent/ketnap/outage-test');
  } catch (error) {
    return (error as object).constructor as ErrorConstructor;
  }
  return Error;
}

export function acceptMainRealmErrors(): () => void {
  const MainError = mainRealmError();
  if (MainError === Error) return () => undefined;
  const ordinary = Function.prototype[Symbol.hasInstance];
  Object.defineProperty(Error, Symbol.hasInstance, {
    configurable: true,
    value(this: unknown, value: unknown): boolean {
      return ordinary.call(this, value) || (this === Error && ordinary.call(MainError, value));
    },
  });
  return () => {
    delete (Error as unknown as Record<symbol, unknown>)[Symbol.hasInstance];
  };
}

/** A new connection to the MySQL database at `direct` through a proxy that can be cut: the proxy (started), the database settings through it and the connection (initialized). */
export async function throughProxy(direct: URL): Promise<{ proxy: TcpProxy; database: { type: 'mysql'; url: string; embedded: false }; dataSource: DataSource }> {
  const proxy = new TcpProxy(direct.hostname, Number(direct.port || 3306));
  await proxy.start();
  const proxied = new URL(direct.toString());
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const database = { type: 'mysql' as const, url: proxied.toString(), embedded: false as const };
  const dataSource = createDataSource(database);
  await dataSource.initialize();
  return { proxy, database, dataSource };
}
