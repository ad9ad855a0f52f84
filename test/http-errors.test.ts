import { startApp, type RunningApp } from '../src/app';
import type { DataSource } from 'typeorm';
import { statusOf } from '../src/errors/status';
import { createLogger, useLogger } from '../src/logger';
import * as reports from '../src/modules/report/report.service';
import * as imports from '../src/modules/import/import.service';
import { isMysql } from './support/database';
import { acceptMainRealmErrors, throughProxy, type TcpProxy } from './support/outage';
import { startTestServer, type TestServer } from './support/server';
import { buildTenantWorld, gid, type TenantWorld } from './factories';

/**
 * One HTTP error path: every REST route (exports, imports, unknown paths, bodies that cannot be
 * read) answers an error with the code and message a GraphQL answer gives for the same error,
 * the status statusOf(code), and the same logging: an unexpected error is masked as INTERNAL and
 * logged as a bug with the request id, the database unreachable is 503 SERVICE_UNAVAILABLE and
 * logged as an outage. The outage is a driver's connection error where the route reads the
 * database (both databases), and on MySQL also a real one: the network to MariaDB is cut.
 */

interface Answer {
  status: number;
  requestId: string | null;
  text: string;
  body: { error?: { code: string; message: string; [detail: string]: unknown }; errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[]; data?: unknown };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // Not JSON: the assertions on the body say so.
  }
  return { status: response.status, requestId: response.headers.get('x-request-id'), text, body };
}

/** What a log line holds, as the server wrote it. */
interface LogLine {
  level: string;
  message: string;
  requestId?: string;
  error?: { message: string; stack: string };
  [field: string]: unknown;
}

/** The server's log lines from now on, at every level. */
function captureLogs(): { lines: LogLine[]; restore: () => void } {
  const lines: LogLine[] = [];
  const restore = useLogger(createLogger({ write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }, 'debug'));
  return { lines, restore };
}

/** A driver's error for a connection that cannot be made (what mysql2 throws when MariaDB is gone). */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 3306 });
}

const STATISTICS = 'query ($id: ID!) { statistics(organizationId: $id, period: { year: 2025 }) { period { label } } }';
const UNAVAILABLE = { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable right now; try again shortly' };
const NO_LEAK = /ECONNREFUSED|127\.0\.0\.1|SELECT|secret_table|\.ts:\d+|\bat /;

function client(url: () => string) {
  const base = () => url().replace(/\/graphql$/, '');
  return {
    rest: async (path: string, token?: string, init: RequestInit = {}) =>
      answerOf(await fetch(`${base()}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string> | undefined) } })),
    graphql: async (query: string, variables: Record<string, unknown>, token?: string, accept = 'application/json') =>
      answerOf(await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', accept, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) })),
  };
}

const exportPath = (organizationId: string) => `/reports/statistics.xlsx?organizationId=${encodeURIComponent(organizationId)}&year=2025`;
const csvOf = (cellCode: string) => `Họ và tên,Đối tượng,Mã chi bộ\r\nNguyễn Văn Mất Kết Nối,Giáo viên,${cellCode}\r\n`;

describe('one HTTP error path for the REST routes, as GraphQL tells errors', () => {
  let server: TestServer;
  let world: TenantWorld;
  let committee: string;
  let logs: ReturnType<typeof captureLogs>;
  const { rest, graphql } = client(() => server.app.url);

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Lỗi HTTP');
    committee = server.tokenFor(world.users.cityCommittee);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => {
    logs.restore();
    jest.restoreAllMocks();
  });

  it('a database outage during an export answers 503 SERVICE_UNAVAILABLE, like the GraphQL query, and is logged as an outage, not as a bug', async () => {
    jest.spyOn(reports, 'statisticsFor').mockRejectedValueOnce(connectionRefused());
    const exported = await rest(exportPath(gid.org(world.city)), committee);
    expect({ status: exported.status, body: exported.body }).toEqual({ status: 503, body: { error: UNAVAILABLE } });
    expect(exported.text).not.toMatch(NO_LEAK);

    jest.spyOn(reports, 'statisticsFor').mockRejectedValueOnce(connectionRefused());
    const asked = await graphql(STATISTICS, { id: gid.org(world.city) }, committee);
    expect({ status: asked.status, error: asked.body.errors?.[0] }).toEqual({ status: 503, error: { message: UNAVAILABLE.message, path: ['statistics'], extensions: { code: UNAVAILABLE.code } } });

    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
    const outages = logs.lines.filter((line) => line.message === 'database unavailable');
    expect(outages.map((line) => ({ level: line.level, requestId: line.requestId }))).toEqual([
      { level: 'warn', requestId: exported.requestId },
      { level: 'warn', requestId: asked.requestId },
    ]);
  });

  it('a database outage during an import answers 503 SERVICE_UNAVAILABLE, logged as an outage', async () => {
    jest.spyOn(imports, 'runImport').mockRejectedValueOnce(connectionRefused());
    const imported = await rest(`/imports/members?organizationId=${encodeURIComponent(gid.org(world.city))}&dryRun=true`, committee, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csvOf(world.cells.cellA.code!),
    });
    expect({ status: imported.status, body: imported.body }).toEqual({ status: 503, body: { error: UNAVAILABLE } });
    expect(imported.text).not.toMatch(NO_LEAK);
    expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(logs.lines.filter((line) => line.message === 'database unavailable').map((line) => line.requestId)).toEqual([imported.requestId]);
  });

  it('an unexpected error is INTERNAL with a generic message on both sides, logged as a bug with the request id and its stack', async () => {
    const bug = () => new TypeError('Cannot read properties of undefined (SELECT * FROM secret_table)');
    jest.spyOn(reports, 'statisticsFor').mockRejectedValueOnce(bug());
    const exported = await rest(exportPath(gid.org(world.city)), committee);
    expect({ status: exported.status, body: exported.body }).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } });
    expect(exported.text).not.toMatch(NO_LEAK);

    jest.spyOn(reports, 'statisticsFor').mockRejectedValueOnce(bug());
    const asked = await graphql(STATISTICS, { id: gid.org(world.city) }, committee);
    expect(asked.body.errors?.[0]).toEqual({ message: 'Internal server error', path: ['statistics'], extensions: { code: 'INTERNAL' } });

    const bugs = logs.lines.filter((line) => line.level === 'error');
    expect(bugs.map((line) => ({ message: line.message, requestId: line.requestId, error: line.error?.message }))).toEqual([
      { message: 'unexpected error', requestId: exported.requestId, error: 'Cannot read properties of undefined (SELECT * FROM secret_table)' },
      { message: 'unexpected error', requestId: asked.requestId, error: 'Cannot read properties of undefined (SELECT * FROM secret_table)' },
    ]);
    expect(bugs[0].error?.stack).toMatch(/TypeError/);
    expect(exported.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('unauthenticated, forbidden, not found and bad input: the same code and message on REST and GraphQL, the status statusOf(code) on REST', async () => {
    const cases: [string, string | undefined, string][] = [
      ['no token', undefined, gid.org(world.city)],
      ['a mentor asking for the statistics', server.tokenFor(world.users.mentorA), gid.org(world.cells.cellA)],
      ['an organization that does not exist', committee, gid.org({ id: 987654 })],
      ['an id of something else', committee, gid.candidate(world.candidates.candidateA1)],
    ];
    const seen: Record<string, string> = {};
    for (const [label, token, organizationId] of cases) {
      const exported = await rest(exportPath(organizationId), token);
      const asked = await graphql(STATISTICS, { id: organizationId }, token);
      const error = asked.body.errors?.[0];
      expect({ label, code: exported.body.error?.code, message: exported.body.error?.message }).toEqual({ label, code: error?.extensions?.code, message: error?.message });
      expect({ label, status: exported.status }).toEqual({ label, status: statusOf(exported.body.error!.code) });
      seen[label] = `${exported.status} ${exported.body.error?.code}`;
      // The details GraphQL gives (the problems of a bad input) come with the REST answer too.
      const { code: _code, ...details } = error?.extensions ?? {};
      const { code: _restCode, message: _message, ...restDetails } = exported.body.error ?? { code: '', message: '' };
      expect({ label, details: restDetails }).toEqual({ label, details });
    }
    expect(seen).toEqual({
      'no token': '401 UNAUTHENTICATED',
      'a mentor asking for the statistics': '403 FORBIDDEN',
      'an organization that does not exist': '404 NOT_FOUND',
      'an id of something else': '400 BAD_USER_INPUT',
    });
    // Where GraphQL answers with a status of its own, it is the same: 401 for the caller who must log in.
    const unauthenticated = await graphql(STATISTICS, { id: gid.org(world.city) }, undefined, 'application/graphql-response+json');
    expect({ status: unauthenticated.status, code: unauthenticated.body.errors?.[0].extensions?.code }).toEqual({ status: statusOf('UNAUTHENTICATED'), code: 'UNAUTHENTICATED' });
    // None of these is a bug or an outage.
    expect(logs.lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
  });

  it('an import body over its limit is 413 PAYLOAD_TOO_LARGE in the REST routes\' shape; a broken GraphQL body keeps the GraphQL shape', async () => {
    const tooLarge = await rest(`/imports/members?organizationId=${encodeURIComponent(gid.org(world.city))}`, committee, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 0x41),
    });
    expect({ status: tooLarge.status, code: tooLarge.body.error?.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(tooLarge.body.errors).toBeUndefined();

    const broken = await rest('/graphql', undefined, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect({ status: broken.status, code: broken.body.errors?.[0].extensions?.code, error: broken.body.error }).toEqual({ status: 400, code: 'BAD_REQUEST', error: undefined });
    // The client's errors: nothing logged as a bug or an outage.
    expect(logs.lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
  });

  it('an unknown path is a JSON 404 with the request id the client sent', async () => {
    const missing = await rest('/no/such/route', undefined, { headers: { 'x-request-id': 'http-errors-404' } });
    expect({ status: missing.status, requestId: missing.requestId, body: missing.body }).toEqual({ status: 404, requestId: 'http-errors-404', body: { error: { code: 'NOT_FOUND', message: 'Not found' } } });
  });
});

if (isMysql()) {
  describe('a real outage (MySQL: the network to MariaDB is cut) during an export and an import', () => {
    let server: TestServer;
    let world: TenantWorld;
    let proxy: TcpProxy;
    let dataSource: DataSource;
    let app: RunningApp;
    let restoreInstanceof: () => void = () => undefined;
    const { rest, graphql } = client(() => app.url);

    beforeAll(async () => {
      restoreInstanceof = acceptMainRealmErrors();
      server = await startTestServer();
      world = await buildTenantWorld(server.dataSource, 'Mất Mạng');
      // A second server on the same database, reaching it through a proxy that can be cut.
      const direct = new URL(server.db.config.url!);
      const connection = await throughProxy(direct);
      ({ proxy, dataSource } = connection);
      const { database } = connection;
      app = await startApp({ ...server.config, database }, dataSource, 0);
    });

    afterAll(async () => {
      if (proxy && !proxy.running) await proxy.start();
      if (app) await app.stop();
      if (dataSource?.isInitialized) await dataSource.destroy();
      if (proxy) await proxy.cut();
      if (server) await server.close();
      restoreInstanceof();
    });

    it('answers 503 SERVICE_UNAVAILABLE on REST and GraphQL alike, logs outages and no bug, and serves again afterwards', async () => {
      const token = server.tokenFor(world.users.cityCommittee);
      const path = exportPath(gid.org(world.city));
      // The caller's principal is read (and cached) while the database is reachable.
      expect((await rest(path, token)).status).toBe(200);
      const logs = captureLogs();
      await proxy.cut();
      try {
        const exported = await rest(path, token);
        const imported = await rest(`/imports/members?organizationId=${encodeURIComponent(gid.org(world.city))}&dryRun=true`, token, {
          method: 'POST',
          headers: { 'content-type': 'text/csv' },
          body: csvOf(world.cells.cellA.code!),
        });
        const asked = await graphql(STATISTICS, { id: gid.org(world.city) }, token);
        for (const [what, answer] of [['export', exported], ['import', imported]] as const) {
          expect({ what, status: answer.status, body: answer.body }).toEqual({ what, status: 503, body: { error: UNAVAILABLE } });
          expect(answer.text).not.toMatch(NO_LEAK);
        }
        expect({ status: asked.status, code: asked.body.errors?.[0].extensions?.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
        expect(logs.lines.filter((line) => line.level === 'error')).toEqual([]);
        const outages = logs.lines.filter((line) => line.message === 'database unavailable').map((line) => line.requestId);
        expect(outages).toEqual([exported.requestId, imported.requestId, asked.requestId]);
      } finally {
        logs.restore();
        await proxy.start();
      }
      let after = await rest(path, token);
      for (let attempt = 0; attempt < 20 && after.status === 503; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        after = await rest(path, token);
      }
      expect(after.status).toBe(200);
    });
  });
}
