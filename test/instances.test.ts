import mysql from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { loadConfig, ConfigError, type DatabaseConfig } from '../src/config';
import { startApp, type RunningApp } from '../src/app';
import { createTestDatabase, isMysql, type TestDatabase } from './support/database';
import { configFor, gql, startTwoInstances, type TwoInstances } from './support/instances';
import { buildCell, buildCandidate, buildOrganization, buildUser, gid, TEST_PASSWORD } from './factories';
import { Role } from '../src/domain/enums';

/**
 * The API keeps no state of its own between requests: two instances on one database serve
 * the same users, and (on MySQL) reads can go to a replica while writes go to the primary.
 */
describe('two instances on one database', () => {
  let first: DataSource;
  let a: RunningApp;
  let b: RunningApp;
  let instances: TwoInstances;

  beforeAll(async () => {
    instances = await startTwoInstances('ketnap-instances-');
    ({ first, a, b } = instances);
  });

  afterAll(() => instances.stop());

  it('accepts on B the token signed on A, and reads on A what was written on B', async () => {
    const city = await buildOrganization(first, null, { name: 'Thành ủy Hai Máy' });
    const { cell } = await buildCell(first, city);
    const user = await buildUser(first, Role.COMMITTEE, city);
    const login = await gql(a, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: TEST_PASSWORD });
    const token = login.data?.login.token as string;
    expect(token).toBeTruthy();
    const created = await gql(
      b,
      `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id fullName } }`,
      { input: { organizationId: gid.org(cell), fullName: 'Lê Thị Hai Máy', dateOfBirth: '1996-02-02', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY' } },
      token,
    );
    expect(created.errors).toBeUndefined();
    const read = await gql(a, `query ($id: ID!) { candidate(id: $id) { fullName stage } }`, { id: created.data?.createCandidate.id }, token);
    expect(read.data?.candidate).toEqual({ fullName: 'Lê Thị Hai Máy', stage: 'SOURCE' });
  });

  it('stops a disabled user on both instances, and counts failed logins across them', async () => {
    const city = await buildOrganization(first, null);
    const admin = await buildUser(first, Role.COMMITTEE, city);
    const target = await buildUser(first, Role.REPORTER, city);
    const login = async (app: RunningApp, email: string, password: string) =>
      gql(app, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
    const adminToken = (await login(a, admin.email, TEST_PASSWORD)).data?.login.token as string;
    const targetToken = (await login(b, target.email, TEST_PASSWORD)).data?.login.token as string;
    expect((await gql(a, '{ me { email } }', {}, targetToken)).data?.me.email).toBe(target.email);
    await gql(a, `mutation ($id: ID!) { updateUser(id: $id, input: { disabled: true }) { disabled } }`, { id: gid.user(target) }, adminToken);
    expect((await gql(b, '{ me { email } }', {}, targetToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const victim = await buildUser(first, Role.REPORTER, city);
    for (let i = 0; i < 5; i += 1) await login(i % 2 ? a : b, victim.email, 'wrong-password');
    expect((await login(a, victim.email, TEST_PASSWORD)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect((await login(b, victim.email, TEST_PASSWORD)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
  });
});

if (isMysql()) {
  describe('read replicas (MySQL)', () => {
    let db: TestDatabase;
    let replicated: DataSource;
    let app: RunningApp;
    const readerUser = `ketnap_ro_${Math.random().toString(36).slice(2, 8)}`;
    let root: mysql.Connection;

    beforeAll(async () => {
      db = await createTestDatabase();
      const primary = new URL(db.config.url);
      const database = primary.pathname.slice(1);
      root = await mysql.createConnection({ uri: `${primary.protocol}//${primary.username}${primary.password ? `:${primary.password}` : ''}@${primary.host}/` });
      // The "replica" is the same server reached by a user who may only read: any write routed to it would fail.
      await root.query(`CREATE USER '${readerUser}'@'%' IDENTIFIED BY 'reader-pass'`);
      await root.query(`CREATE USER '${readerUser}'@'localhost' IDENTIFIED BY 'reader-pass'`);
      await root.query(`GRANT SELECT ON \`${database}\`.* TO '${readerUser}'@'%'`);
      await root.query(`GRANT SELECT ON \`${database}\`.* TO '${readerUser}'@'localhost'`);
      const replica = new URL(db.config.url);
      replica.username = readerUser;
      replica.password = 'reader-pass';
      const config: DatabaseConfig = { ...db.config, replicaUrls: [replica.toString()] };
      replicated = createDataSource(config);
      await replicated.initialize();
      app = await startApp(configFor(config), replicated, 0);
    });

    afterAll(async () => {
      await app.stop();
      await replicated.destroy();
      await root.query(`DROP USER IF EXISTS '${readerUser}'@'%'`);
      await root.query(`DROP USER IF EXISTS '${readerUser}'@'localhost'`);
      await root.end();
      await db.drop();
    });

    it('writes through the primary and reads lists and statistics from the replica', async () => {
      const city = await buildOrganization(db.dataSource, null, { name: 'Thành ủy Bản Sao' });
      const { cell } = await buildCell(db.dataSource, city);
      await buildCandidate(db.dataSource, cell);
      const user = await buildUser(db.dataSource, Role.COMMITTEE, city);
      const token = (await gql(app, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: user.email, p: TEST_PASSWORD })).data?.login.token as string;
      const write = await gql(
        app,
        `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`,
        { input: { organizationId: gid.org(cell), fullName: 'Đỗ Văn Bản Sao', dateOfBirth: '1990-01-01', gender: 'MALE', category: 'STAFF', educationLevel: 'COLLEGE' } },
        token,
      );
      expect(write.errors).toBeUndefined();
      const read = await gql(app, `query ($id: ID!) { candidates { totalCount } statistics(organizationId: $id, period: { year: 2026 }) { cells { total } } }`, { id: gid.org(city) }, token);
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual({ candidates: { totalCount: 2 }, statistics: { cells: { total: 1 } } });
      const [connections] = (await root.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?', [readerUser])) as unknown as [{ n: number }[]];
      expect(Number(connections[0].n)).toBeGreaterThan(0);
    });
  });
} else {
  describe('read replicas (SQLite)', () => {
    it('are refused in configuration: replicas need MySQL', () => {
      expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a-strong-test-secret-0123456789-abcdefghij', DATABASE_REPLICA_URLS: 'mysql://reader@127.0.0.1/ketnap' })).toThrow(ConfigError);
    });
  });
}
