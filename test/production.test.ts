import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { insertUser } from '../src/modules/user/user.rows';
import { buildOrganization } from './factories';
import { Role } from '../src/domain/enums';
import { signToken } from '../src/auth/tokens';
import { createTestDatabase, isMysql, type TestDatabase } from './support/database';
import { buildPrivately, freePort, killStarted, productionEnv as processEnv, startProcess as startScript, waitUntilHealthy, withTimeout, type Build, type Started } from './support/production-process';

/**
 * The compiled server as it runs in production: `node src/server.js` built by
 * `tsc -p tsconfig.build.json` (into a private directory, so a concurrent build of dist/ can
 * neither break nor be broken by this test), started with NODE_ENV=production.
 */
const JWT_SECRET = 'production-test-secret-0123456789-abcdefghij';

jest.setTimeout(120_000);

let build: Build;

/** A production environment that logs at the default level (the shutdown and error lines are asserted). */
const productionEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => processEnv({ LOG_LEVEL: 'info', ...extra });

const startProcess = (env: NodeJS.ProcessEnv, cwd: string): Started => startScript(build.js('src/server.ts'), [], env, cwd);

function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/SELECT|INSERT INTO|UPDATE `|DELETE FROM|QueryFailedError|SqliteError|no such table|\bER_[A-Z_]+/);
  expect(text).not.toMatch(/(^|\\n|\n)\s*at [^\s]+ \(|(^|\\n|\n)\s+at \/|\.ts:\d+|\.js:\d+|node_modules|stacktrace|"stack"/i);
}

beforeAll(async () => {
  build = await buildPrivately();
});

afterAll(() => {
  killStarted();
  build?.remove();
});

describe('production start-up checks', () => {
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-prod-nosecret-'));
  });
  afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('refuses to start without JWT_SECRET: exits non-zero within seconds, naming JWT_SECRET', async () => {
    const started = startProcess(productionEnv({ SQLITE_PATH: path.join(workDir, 'db.sqlite'), SEED_DEMO: 'false', PORT: String(await freePort()), DATA_DIR: workDir }), workDir);
    const { code } = await withTimeout(started.exited, 10_000, 'exiting without JWT_SECRET');
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(started.output().stderr).toMatch(/JWT_SECRET/);
    // It generated no secret of its own in production.
    expect(fs.existsSync(path.join(workDir, 'jwt-secret'))).toBe(false);
  });

  it('says what to set when the SQLite file cannot be placed (an unwritable data directory), without a stack trace', async () => {
    // A file where the directory should be: refused even as root, like a read-only directory for a container's user.
    fs.writeFileSync(path.join(workDir, 'not-a-directory'), '');
    const sqlitePath = path.join(workDir, 'not-a-directory', 'ketnap.sqlite');
    const started = startProcess(productionEnv({ JWT_SECRET: 'a-strong-test-secret-0123456789-abcdefghij', SQLITE_PATH: sqlitePath, SEED_DEMO: 'false', PORT: String(await freePort()), DATA_DIR: workDir }), workDir);
    const { code } = await withTimeout(started.exited, 10_000, 'exiting without a place for the SQLite file');
    expect(code).toBe(1);
    const { stderr } = started.output();
    expect(stderr).toContain(`Cannot create ${path.dirname(sqlitePath)} for the SQLite database`);
    expect(stderr).toMatch(/set DATA_DIR or SQLITE_PATH to a writable place, or DATABASE_URL/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a JWT_SECRET that is too short', async () => {
    const started = startProcess(productionEnv({ JWT_SECRET: 'short', SQLITE_PATH: path.join(workDir, 'db2.sqlite'), SEED_DEMO: 'false', PORT: String(await freePort()), DATA_DIR: workDir }), workDir);
    const { code } = await withTimeout(started.exited, 10_000, 'exiting with a short JWT_SECRET');
    expect(code).not.toBe(0);
    expect(started.output().stderr).toMatch(/JWT_SECRET/);
  });
});

describe('a production server', () => {
  let workDir: string;
  let dbFile: string;
  let base: string;
  let url: string;
  let started: Started;
  let dataSource: DataSource;
  let mysqlDb: TestDatabase | undefined;
  let token: string;
  let slowUserEmail: string;
  const SLOW_PASSWORD = 'a-password-that-takes-a-while';

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-prod-'));
    dbFile = path.join(workDir, 'ketnap.sqlite');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    url = `${base}/graphql`;
    const env = { JWT_SECRET, SEED_DEMO: 'false', PORT: String(port), DATA_DIR: workDir };
    if (isMysql()) {
      // The suite's MySQL run: the server runs against a fresh MySQL database (a hang on
      // shutdown once showed only there).
      mysqlDb = await createTestDatabase();
      dataSource = mysqlDb.dataSource;
      started = startProcess(productionEnv({ ...env, DATABASE_URL: mysqlDb.config.url }), workDir);
      await waitUntilHealthy(base, started);
    } else {
      started = startProcess(productionEnv({ ...env, SQLITE_PATH: dbFile }), workDir);
      await waitUntilHealthy(base, started);
      // The server migrated the file; the test adds its users through its own connection.
      dataSource = createDataSource({ type: 'sqlite', url: dbFile, embedded: false });
      await dataSource.initialize();
    }
    const city = await buildOrganization(dataSource, null, { name: 'Thành ủy Sản Xuất' });
    const user = await insertUser(dataSource.manager, { email: 'committee@prod.ketnap', displayName: 'Ủy viên', role: Role.COMMITTEE, organization: city, passwordHash: bcrypt.hashSync('irrelevant-password', 4) });
    token = signToken(JWT_SECRET, 3600, user.id, user.tokenVersion);
    // A costly hash, so that a login is still running when SIGTERM arrives.
    const slow = await insertUser(dataSource.manager, { email: 'slow@prod.ketnap', displayName: 'Chậm', role: Role.REPORTER, organization: city, passwordHash: bcrypt.hashSync(SLOW_PASSWORD, 13) });
    slowUserEmail = slow.email;
  });

  afterAll(async () => {
    if (started?.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
    if (mysqlDb) await mysqlDb.drop();
    else if (dataSource?.isInitialized) await dataSource.destroy();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
  };

  it('answers /healthz and /readyz with 200', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves queries, without the x-sql-statements header', async () => {
    const response = await post({ query: '{ me { email role } }' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { me: { email: 'committee@prod.ketnap', role: 'COMMITTEE' } } });
    expect(response.headers.get('x-sql-statements')).toBeNull();
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses introspection', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Candidate") { fields { name } } }', 'query IntrospectionQuery { __schema { queryType { name } } }']) {
      const response = await post({ query }, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(400);
      expect(response.json.data ?? null).toBeNull();
      expect(response.json.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.json.errors?.[0].message).toMatch(/introspection/i);
      expect(response.text).not.toMatch(/"kind"|"queryType":\{/);
    }
  });

  it('allows no cross-origin caller by default', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ query: '{ me { email } }' }) });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unexpected error as INTERNAL with no stack trace and no SQL', async () => {
    // The candidate table disappears under the running server (as after a botched manual change).
    await dataSource.query('ALTER TABLE candidate RENAME TO candidate_moved_away');
    try {
      const response = await post({ query: '{ candidates(first: 5) { totalCount nodes { fullName } } }' }, { authorization: `Bearer ${token}` });
      expect(response.json.data ?? null).toBeNull();
      expect(response.json.errors).toHaveLength(1);
      expect(response.json.errors?.[0]).toEqual({ message: 'Internal server error', path: ['candidates'], extensions: { code: 'INTERNAL' } });
      expectNoLeak(response.text);
      // A broken body is the client's error, also without a stack.
      const broken = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      const brokenText = await broken.text();
      expect(broken.status).toBe(400);
      expect(JSON.parse(brokenText)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
      expectNoLeak(brokenText);
    } finally {
      await dataSource.query('ALTER TABLE candidate_moved_away RENAME TO candidate');
    }
    const after = await post({ query: '{ candidates(first: 5) { totalCount } }' }, { authorization: `Bearer ${token}` });
    expect(after.json).toEqual({ data: { candidates: { totalCount: 0 } } });
  });

  it('logs an unexpected error with the request id (the README promises it), while the client sees none of it', async () => {
    await dataSource.query('ALTER TABLE candidate RENAME TO candidate_moved_away');
    let requestId: string | null;
    try {
      const response = await post({ query: '{ candidates(first: 5) { totalCount } }' }, { authorization: `Bearer ${token}`, 'x-request-id': 'prod-test-request-0001' });
      expect(response.json.errors?.[0].extensions?.code).toBe('INTERNAL');
      requestId = response.headers.get('x-request-id');
    } finally {
      await dataSource.query('ALTER TABLE candidate_moved_away RENAME TO candidate');
    }
    expect(requestId).toBe('prod-test-request-0001');
    const lines = started.output().stderr.split('\n').filter((line) => line.includes('unexpected error'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes('prod-test-request-0001'))).toBe(true);
  });

  it('on SIGTERM, answers the request in flight, then exits 0', async () => {
    const inFlight = post({ query: 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { user { email } } }', variables: { email: slowUserEmail, password: SLOW_PASSWORD } });
    // Let the request reach the server (its bcrypt check takes far longer than this).
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(started.child.kill('SIGTERM')).toBe(true);
    const response = await withTimeout(inFlight, 20_000, 'the in-flight request');
    // The server had begun shutting down before it answered: the request really was in flight.
    expect(started.output().stderr).toMatch(/shutting down/);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ data: { login: { user: { email: slowUserEmail } } } });
    const { code, signal } = await withTimeout(started.exited, 15_000, 'exiting after SIGTERM');
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(started.output().stderr).toMatch(/shutting down/);
    // Nothing listens any more.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
