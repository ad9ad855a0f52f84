import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { ConfigError, loadConfig, type DatabaseConfig } from '../src/config';
import { createTestDatabase, isMysql, testDatabaseUrl } from './support/database';
import {
  buildPrivately,
  freePort,
  killStarted,
  productionEnv,
  startProcess,
  stopProcess,
  waitUntilHealthy,
  withTimeout,
  type Build,
  type Started,
} from './support/production-process';

/**
 * A production start never has known credentials: NODE_ENV=production seeds the demo only when
 * asked and never with the published password, and `admin-create` gives an empty database its
 * first system administrator. Real processes of the compiled code, over HTTP, on the suite's
 * database (SQLite files, or fresh MySQL databases when DATABASE_URL is mysql://).
 */
const JWT_SECRET = 'production-start-test-secret-0123456789-abcdef';
const DEMO_ADMIN = 'admin@ketnap.demo';
const PUBLISHED_DEMO_PASSWORD = 'ketnap-demo';

jest.setTimeout(240_000);

let build: Build;
let workDir: string;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-prod-start-'));
  build = await buildPrivately();
});

afterAll(() => {
  killStarted();
  build?.remove();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** One database for one scenario: its environment for the processes, and a connection to inspect it. */
interface Target {
  env: Record<string, string>;
  /** Opened once the processes have migrated it (SQLite) or at once (MySQL). */
  open(): Promise<DataSource>;
  close(): Promise<void>;
}

function sqliteTarget(name: string): Target {
  const file = path.join(workDir, `${name}.sqlite`);
  let dataSource: DataSource | undefined;
  return {
    // SQLITE_PATH without DATABASE_URL: the embedded database, as `docker run` without DATABASE_URL.
    env: { SQLITE_PATH: file, DATA_DIR: path.join(workDir, name) },
    async open() {
      if (!dataSource) {
        dataSource = createDataSource({ type: 'sqlite', url: file, embedded: false });
        await dataSource.initialize();
      }
      return dataSource;
    },
    async close() {
      if (dataSource?.isInitialized) await dataSource.destroy();
    },
  };
}

/** The suite's database: an embedded SQLite file, or a fresh (migrated) MySQL database. */
async function suiteTarget(name: string): Promise<Target> {
  if (!isMysql()) return sqliteTarget(name);
  const database = await createTestDatabase();
  return {
    env: { DATABASE_URL: database.config.url, DATA_DIR: path.join(workDir, name) },
    open: async () => database.dataSource,
    close: () => database.drop(),
  };
}

/** A database that does not exist yet: a new SQLite file, or a MySQL database name nobody created. */
function missingTarget(name: string): Target {
  if (!isMysql()) return sqliteTarget(name);
  const parsed = new URL((testDatabaseUrl() ?? '').replace(/^mariadb:/, 'mysql:'));
  parsed.pathname = `/${parsed.pathname.replace(/^\//, '') || 'ketnap_test'}_${crypto.randomBytes(4).toString('hex')}`;
  const config: DatabaseConfig = { type: 'mysql', url: parsed.toString(), embedded: false };
  let dataSource: DataSource | undefined;
  const open = async () => {
    if (!dataSource) {
      dataSource = createDataSource(config);
      await dataSource.initialize();
    }
    return dataSource;
  };
  return {
    env: { DATABASE_URL: config.url, DATA_DIR: path.join(workDir, name) },
    open,
    async close() {
      const opened = await open();
      await opened.query(`DROP DATABASE IF EXISTS \`${parsed.pathname.slice(1)}\``);
      await opened.destroy();
    },
  };
}

interface Server {
  started: Started;
  url: string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const started = startProcess(build.js('src/server.ts'), [], productionEnv({ JWT_SECRET, PORT: String(port), ...env }), workDir);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(base, started);
  return { started, url: `${base}/graphql` };
}

interface GqlResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gql<T>(server: Server, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResult<T>;
}

const LOGIN = 'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { email role } } }';

async function login(server: Server, email: string, password: string) {
  return gql<{ login: { token: string; user: { email: string; role: string } } }>(server, LOGIN, { email, password });
}

/** Logs in, then asks `me` with the token: who the token is for. */
async function loginAndMe(server: Server, email: string, password: string): Promise<{ email: string; role: string }> {
  const result = await login(server, email, password);
  expect(result.errors).toBeUndefined();
  const token = result.data?.login.token ?? '';
  const me = await gql<{ me: { email: string; role: string } }>(server, '{ me { email role } }', {}, token);
  expect(me.errors).toBeUndefined();
  return me.data?.me ?? { email: '', role: '' };
}

async function expectUnauthenticated(server: Server, email: string, password: string): Promise<void> {
  const result = await login(server, email, password);
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
}

async function count(dataSource: DataSource, table: 'app_user' | 'organization' | 'audit_log'): Promise<number> {
  const [row] = await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((row as { n: number | string }).n);
}

/** A line on stderr that is the process's own message, not a JSON log line. */
function messageLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() && !line.startsWith('{'));
}

describe('a production start seeds nothing unless asked', () => {
  it('SEED_DEMO defaults to true only for the embedded database outside production (npm start), and production asks for a DEMO_PASSWORD of its own', () => {
    const secret = { JWT_SECRET };
    const embedded = { SQLITE_PATH: path.join(os.tmpdir(), 'never-opened.sqlite') };
    const mysql = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/never_opened' };
    const seeds = (env: Record<string, string>) => loadConfig({ ...secret, ...env }).seedDemo;
    expect(seeds({ ...embedded })).toBe(true);
    expect(seeds({ NODE_ENV: 'development', ...embedded })).toBe(true);
    expect(seeds({ NODE_ENV: 'development', ...mysql })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', ...embedded })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', ...mysql })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', ...mysql, SEED_DEMO: 'true', DEMO_PASSWORD: 'a-demo-password-of-its-own' })).toBe(true);
    expect(loadConfig({ ...secret, ...embedded }).demoPassword).toBe(PUBLISHED_DEMO_PASSWORD);
    for (const demoPassword of [undefined, '', PUBLISHED_DEMO_PASSWORD, '123456789']) {
      for (const database of [embedded, mysql]) {
        expect(() => loadConfig({ ...secret, NODE_ENV: 'production', ...database, SEED_DEMO: 'true', ...(demoPassword === undefined ? {} : { DEMO_PASSWORD: demoPassword }) })).toThrow(ConfigError);
      }
    }
    // Outside production the published password stays the demo's (the README's demo logins).
    expect(seeds({ NODE_ENV: 'development', ...mysql, SEED_DEMO: 'true' })).toBe(true);
  });

  it('with the embedded database and no SEED_DEMO: starts empty, the demo admin login answers UNAUTHENTICATED, and says how to create the first administrator', async () => {
    const target = sqliteTarget('embedded-default');
    const server = await startServer(target.env);
    try {
      await expectUnauthenticated(server, DEMO_ADMIN, PUBLISHED_DEMO_PASSWORD);
      const dataSource = await target.open();
      expect(await count(dataSource, 'organization')).toBe(0);
      expect(await count(dataSource, 'app_user')).toBe(0);
      const { stdout } = server.started.output();
      expect(stdout).not.toMatch(/Demo users|ketnap\.demo/);
      expect(stdout).toContain('node dist/src/cli/admin-create.js <email>');
    } finally {
      await stopProcess(server.started);
      await target.close();
    }
  });

  it.each([
    ['unset', undefined, /it is not set/],
    ['the published "ketnap-demo"', PUBLISHED_DEMO_PASSWORD, /it is the published one/],
    ['too short', 'short-pw', /it is too short/],
  ])('with SEED_DEMO=true and DEMO_PASSWORD %s: refuses to start within seconds, one line naming DEMO_PASSWORD, nothing seeded', async (_label, demoPassword, reason) => {
    const target = await suiteTarget(`refused-${crypto.randomBytes(3).toString('hex')}`);
    try {
      const env = productionEnv({ JWT_SECRET, PORT: String(await freePort()), SEED_DEMO: 'true', ...target.env, ...(demoPassword ? { DEMO_PASSWORD: demoPassword } : {}) });
      const started = startProcess(build.js('src/server.ts'), [], env, workDir);
      const { code } = await withTimeout(started.exited, 15_000, 'refusing SEED_DEMO without a strong DEMO_PASSWORD');
      expect(code).toBe(1);
      const lines = messageLines(started.output().stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Configuration error: SEED_DEMO=true with NODE_ENV=production needs DEMO_PASSWORD/);
      expect(lines[0]).toMatch(reason);
      if (demoPassword) expect(lines[0]).not.toContain(`(${demoPassword})`);
      if (isMysql()) expect(await count(await target.open(), 'organization')).toBe(0);
      else expect(fs.existsSync(target.env.SQLITE_PATH)).toBe(false);
    } finally {
      await target.close();
    }
  });

  it('with SEED_DEMO=true and a strong DEMO_PASSWORD: seeds with it, the published password does not log in, the password is not printed; a restart with the published one is refused', async () => {
    const target = await suiteTarget('seeded');
    const demoPassword = `demo-${crypto.randomBytes(9).toString('base64url')}`;
    const server = await startServer({ ...target.env, SEED_DEMO: 'true', DEMO_PASSWORD: demoPassword });
    try {
      expect(await loginAndMe(server, DEMO_ADMIN, demoPassword)).toEqual({ email: DEMO_ADMIN, role: 'SYSTEM_ADMIN' });
      await expectUnauthenticated(server, DEMO_ADMIN, PUBLISHED_DEMO_PASSWORD);
      await expectUnauthenticated(server, 'committee.caolanh@ketnap.demo', PUBLISHED_DEMO_PASSWORD);
      const { stdout, stderr } = server.started.output();
      expect(stdout + stderr).not.toContain(demoPassword);
      expect(stdout).not.toContain('admin-create');
      await stopProcess(server.started);

      const again = startProcess(build.js('src/server.ts'), [], productionEnv({ JWT_SECRET, PORT: String(await freePort()), ...target.env, SEED_DEMO: 'true' }), workDir);
      expect((await withTimeout(again.exited, 15_000, 'refusing a restart with the published password')).code).toBe(1);
      expect(again.output().stderr).toMatch(/DEMO_PASSWORD/);
    } finally {
      await stopProcess(server.started);
      await target.close();
    }
  });
});

describe('admin-create: the first system administrator', () => {
  let target: Target;
  let server: Server;
  let dataSource: DataSource;

  /** `node dist/src/cli/admin-create.js ...` as in the image: the server's environment, stdin piped (not a terminal). */
  async function adminCreate(args: string[], stdin = '', env: Record<string, string> = target.env) {
    const started = startProcess(build.js('src/cli/admin-create.ts'), args, productionEnv({ JWT_SECRET, ...env }), workDir, stdin);
    const { code } = await withTimeout(started.exited, 60_000, `admin-create ${args.join(' ')}`);
    return { code, ...started.output() };
  }

  async function userRow(email: string): Promise<{ id: number; role: string; password_hash: string; tenant_id: number | null; organization_id: number | null } | undefined> {
    const rows = await dataSource.query(`SELECT id, role, password_hash, tenant_id, organization_id FROM app_user WHERE email = ?`, [email]);
    return rows[0];
  }

  const unique = (name: string) => `${name}.${crypto.randomBytes(3).toString('hex')}@ketnap.example`;

  beforeAll(async () => {
    target = await suiteTarget('admin-create');
    // An empty production database, as after `docker compose up`: nobody can log in yet.
    server = await startServer(target.env);
    dataSource = await target.open();
  });

  afterAll(async () => {
    if (server) await stopProcess(server.started);
    if (target) await target.close();
  });

  it('creates a system administrator from a password on stdin (--password-stdin); they log in, `me` says SYSTEM_ADMIN, and the creation is audited', async () => {
    const email = unique('first');
    const password = 'a-long-stdin-password';
    const result = await adminCreate([`  ${email.toUpperCase()} `, '--password-stdin', '--name', 'Nguyễn Văn Quản'], `${password}\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created the system administrator ${email}.`);
    expect(result.stdout + result.stderr).not.toContain(password);

    expect(await loginAndMe(server, email, password)).toEqual({ email, role: 'SYSTEM_ADMIN' });
    const user = await userRow(email);
    expect(user).toMatchObject({ role: 'SYSTEM_ADMIN', tenant_id: null, organization_id: null });
    const audit = await dataSource.query(`SELECT user_id, action, subject_type, changes FROM audit_log WHERE subject_id = ? AND subject_type = 'User'`, [user?.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user_id: null, action: 'user.create', subject_type: 'User' });
    expect(JSON.parse(audit[0].changes)).toEqual({ email, role: 'SYSTEM_ADMIN', organizationId: null, by: 'admin-create' });
  });

  it('--generate prints a strong password exactly once, and it logs in', async () => {
    const email = unique('generated');
    const result = await adminCreate([email, '--generate']);
    expect(result.code).toBe(0);
    const match = /Password \(shown only this once\): (\S+)/.exec(result.stdout);
    const password = match?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(result.stdout.split(password)).toHaveLength(2);
    expect(result.stderr).not.toContain(password);
    expect(await loginAndMe(server, email, password)).toEqual({ email, role: 'SYSTEM_ADMIN' });
  });

  it('refuses an email that exists (in any case), exits non-zero with one line, and changes nothing', async () => {
    const email = unique('taken');
    expect((await adminCreate([email, '--password-stdin'], 'the-first-password\n')).code).toBe(0);
    const before = await userRow(email);
    const users = await count(dataSource, 'app_user');
    const audits = await count(dataSource, 'audit_log');

    for (const variant of [email, email.toUpperCase()]) {
      const result = await adminCreate([variant, '--password-stdin'], 'the-second-password\n');
      expect(result.code).toBe(1);
      expect(messageLines(result.stderr)).toEqual([`admin-create: a user with the email ${email} already exists; nothing was changed`]);
      expect(result.stdout).toBe('');
    }
    expect(await userRow(email)).toEqual(before);
    expect(await count(dataSource, 'app_user')).toBe(users);
    expect(await count(dataSource, 'audit_log')).toBe(audits);
    expect((await loginAndMe(server, email, 'the-first-password')).role).toBe('SYSTEM_ADMIN');
    await expectUnauthenticated(server, email, 'the-second-password');
  });

  it.each([
    ['an invalid email', ['not-an-email', '--password-stdin'], 'a-long-enough-password\n', /^admin-create: email is not a valid address$/],
    ['a short password', ['@short', '--password-stdin'], 'short-pw9\n', /^admin-create: password must be 10 to 200 characters long$/],
    ['an empty password', ['@empty', '--password-stdin'], '\n', /^admin-create: password must be 10 to 200 characters long$/],
    ['no password source when stdin is not a terminal', ['@nosource'], 'a-long-enough-password\n', /^admin-create: stdin is not a terminal: pass --password-stdin .* or --generate$/],
    ['no email', ['--generate'], '', /^admin-create: usage: admin-create <email>/],
  ])('refuses %s: non-zero exit, one line, no user written', async (_label, args, stdin, message) => {
    const email = unique('refused');
    const users = await count(dataSource, 'app_user');
    const result = await adminCreate(args.map((arg) => (arg.startsWith('@') ? email : arg)), stdin);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(messageLines(result.stderr)).toHaveLength(1);
    expect(messageLines(result.stderr)[0]).toMatch(message);
    expect(result.stdout).toBe('');
    expect(await count(dataSource, 'app_user')).toBe(users);
  });

  // A terminal needs a pseudo-terminal: util-linux's `script` gives one (absent on some systems).
  const withTerminal = fs.existsSync('/usr/bin/script') ? it : it.skip;
  withTerminal('on a terminal, asks for the password twice without echoing it', async () => {
    const email = unique('typed');
    const password = 'typed-on-a-terminal';
    const command = [process.execPath, build.js('src/cli/admin-create.ts'), email].map((part) => `'${part}'`).join(' ');
    const started = startProcess('/usr/bin/script', ['-qec', command, '/dev/null'], productionEnv({ JWT_SECRET, ...target.env }), workDir, undefined, true);
    const typeAt = async (prompt: string, count: number) => {
      const deadline = Date.now() + 30_000;
      while (started.output().stdout.split(prompt).length <= count) {
        if (Date.now() > deadline) throw new Error(`no prompt "${prompt}": ${started.output().stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      started.child.stdin?.write(`${password}\r`);
    };
    await typeAt('Password: ', 1);
    await typeAt('Again: ', 1);
    const { code } = await withTimeout(started.exited, 60_000, 'admin-create on a terminal');
    started.child.stdin?.end();
    expect(started.output().stdout).toContain(`Created the system administrator ${email}.`);
    expect(code).toBe(0);
    expect(started.output().stdout).not.toContain(password);
    expect(await loginAndMe(server, email, password)).toEqual({ email, role: 'SYSTEM_ADMIN' });
  });

  it('migrates a database that does not exist yet, as the server does, then creates the administrator there', async () => {
    const fresh = missingTarget('admin-create-fresh');
    try {
      const result = await adminCreate(['fresh@ketnap.example', '--password-stdin'], 'a-fresh-password\n', fresh.env);
      expect(messageLines(result.stderr)).toEqual([]);
      expect(result.code).toBe(0);
      const freshData = await fresh.open();
      expect(await freshData.showMigrations()).toBe(false);
      const [row] = await freshData.query(`SELECT role FROM app_user WHERE email = 'fresh@ketnap.example'`);
      expect(row).toEqual({ role: 'SYSTEM_ADMIN' });
    } finally {
      await fresh.close();
    }
  });
});
