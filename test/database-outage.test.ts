import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../src/config';
import { startApp, type RunningApp } from '../src/app';
import { ensureMysqlDatabase } from '../src/db/bootstrap';
import { signToken } from '../src/auth/tokens';
import * as audit from '../src/modules/audit/audit.service';
import { CandidateStage, OrganizationKind, Role, StallReason } from '../src/domain/enums';
import { isMysql, testDatabaseUrl } from './support/database';
import { startTestServer, ok, errorCode, type TestServer, type GraphQLResponse } from './support/server';
import { buildCandidate, buildCell, buildOrganization, buildTenantWorld, buildUser, gid, type TenantWorld } from './factories';
import { upTo } from './support/paths';
import { acceptMainRealmErrors, throughProxy, type TcpProxy } from './support/outage';

/**
 * What the server does when the database goes away (MySQL: a TCP proxy between the server and
 * MariaDB is cut and restored; the database server itself is never touched), and that a crash
 * in the middle of a multi-step write leaves nothing of it behind (both databases).
 */

interface Timed<T> {
  ms: number;
  value: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const start = Date.now();
  const value = await work();
  return { ms: Date.now() - start, value };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (isMysql()) {
  describe('database outage (MySQL behind a TCP proxy)', () => {
    let proxy: TcpProxy;
    let dataSource: DataSource;
    let app: RunningApp;
    let config: AppConfig;
    let databaseName: string;
    let token: string;
    let cityId: string;

    async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, bearer: string | undefined = token): Promise<GraphQLResponse<T>> {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(20_000),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status' | 'statements'>;
      return { status: response.status, ...body, statements: NaN };
    }

    const path = (p: string) => fetch(`http://localhost:${app.port}${p}`, { signal: AbortSignal.timeout(20_000) });
    let restoreInstanceof: () => void = () => undefined;

    beforeAll(async () => {
      restoreInstanceof = acceptMainRealmErrors();
      const direct = new URL(testDatabaseUrl()!.replace(/^mariadb:/, 'mysql:'));
      databaseName = `${direct.pathname.replace(/^\//, '') || 'ketnap_test'}_${crypto.randomBytes(4).toString('hex')}`;
      direct.pathname = `/${databaseName}`;
      await ensureMysqlDatabase(direct.toString());

      const connection = await throughProxy(direct);
      ({ proxy, dataSource } = connection);
      const { database } = connection;
      await dataSource.runMigrations({ transaction: 'each' });
      config = { ...loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', SQLITE_PATH: ':memory:' }), database, seedDemo: false };
      app = await startApp(config, dataSource, 0);

      const city = await buildOrganization(dataSource, null, { name: 'Thành ủy Mất Kết Nối' });
      cityId = gid.org(city);
      const user = await buildUser(dataSource, Role.COMMITTEE, city);
      token = signToken(config.jwtSecret, config.jwtTtlSeconds, user.id, user.tokenVersion);
    });

    afterAll(async () => {
      if (proxy && !proxy.running) await proxy.start();
      if (app) await app.stop();
      if (dataSource?.isInitialized) {
        await dataSource.query(`DROP DATABASE IF EXISTS \`${databaseName}\``);
        await dataSource.destroy();
      }
      if (proxy) await proxy.cut();
      restoreInstanceof();
    });

    it('answers through the proxy while the database is reachable', async () => {
      expect(ok(await gql<{ me: { role: string } }>('{ me { role } }')).me.role).toBe('COMMITTEE');
      expect(ok(await gql<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }')).organizations.totalCount).toBe(1);
      expect((await path('/readyz')).status).toBe(200);
    });

    it('during an outage: answers quickly with SERVICE_UNAVAILABLE, /readyz 503, /healthz 200; afterwards it recovers', async () => {
      await proxy.cut();
      try {
        const requests: [string, () => Promise<GraphQLResponse>][] = [
          ['an authenticated query (the token is checked in the database)', () => gql('{ me { email } }')],
          ['a list', () => gql('{ candidates { totalCount } }')],
          ['a login (the throttle reads the database)', () => gql('mutation { login(email: "someone@test.ketnap", password: "whatever-password") { token } }', {}, '')],
          [
            'a write in a transaction',
            () => gql('mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input: { parentId: cityId, kind: 'COMMUNE_COMMITTEE', name: 'Đảng ủy Trong Lúc Mất Điện' } }),
          ],
        ];
        for (const [what, send] of requests) {
          const { ms, value } = await timed(send);
          const code = errorCode(value);
          expect({ what, code }).toEqual({ what, code: 'SERVICE_UNAVAILABLE' });
          expect(ms).toBeLessThan(5_000);
          // No data, or only the nulls of nullable fields that could not be read.
          for (const field of Object.values(value.data ?? {})) expect(field).toBeNull();
          const text = JSON.stringify(value.errors);
          expect(text).not.toMatch(/ECONNREFUSED|ECONNRESET|PROTOCOL_|127\.0\.0\.1|SELECT|\.ts:\d+/);
        }
        const ready = await timed(() => path('/readyz'));
        expect(ready.value.status).toBe(503);
        expect(ready.ms).toBeLessThan(5_000);
        expect(await ready.value.json()).toEqual({ status: 'database unavailable' });
        const health = await path('/healthz');
        expect(health.status).toBe(200);
      } finally {
        await proxy.start();
      }

      // Restored: the pool reconnects by itself (a few attempts allowed).
      let recovered: GraphQLResponse<{ me: { role: string } }> | undefined;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        recovered = await gql<{ me: { role: string } }>('{ me { role } }');
        if (!recovered.errors) break;
        expect(errorCode(recovered)).toBe('SERVICE_UNAVAILABLE');
        await sleep(250);
      }
      expect(ok(recovered!).me.role).toBe('COMMITTEE');
      expect((await path('/readyz')).status).toBe(200);
      const created = ok(
        await gql<{ createOrganization: { name: string } }>('mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { name } }', {
          input: { parentId: cityId, kind: 'COMMUNE_COMMITTEE', name: 'Đảng ủy Sau Khi Có Điện' },
        }),
      );
      expect(created.createOrganization.name).toBe('Đảng ủy Sau Khi Có Điện');
      // The write refused during the outage did not happen.
      const names = ok(await gql<{ organizations: { nodes: { name: string }[] } }>('{ organizations { nodes { name } } }')).organizations.nodes.map((n) => n.name);
      expect(names).not.toContain('Đảng ủy Trong Lúc Mất Điện');
      expect(names).toContain('Đảng ủy Sau Khi Có Điện');
    });

    it('recovers from an outage that cuts connections in the middle of requests', async () => {
      const count = ok(await gql<{ organizations: { totalCount: number } }>('{ organizations { totalCount } }')).organizations.totalCount;
      const inFlight = Promise.all(Array.from({ length: 5 }, () => gql('{ me { email } organizations { totalCount } }')));
      await sleep(5);
      await proxy.cut();
      const answers = await inFlight;
      for (const answer of answers) {
        // Each either finished before the cut or says the database is unavailable; never INTERNAL.
        if (answer.errors) expect(errorCode(answer)).toBe('SERVICE_UNAVAILABLE');
      }
      await proxy.start();
      let recovered: GraphQLResponse | undefined;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        recovered = await gql('{ organizations { totalCount } }');
        if (!recovered.errors) break;
        await sleep(250);
      }
      expect(ok(recovered!)).toEqual({ organizations: { totalCount: count } });
    });
  });
} else {
  describe('database availability (SQLite: an embedded file, no server to lose)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    it('answers /readyz and /healthz with 200', async () => {
      const base = `http://localhost:${server.app.port}`;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    });
  });
}


describe('a crash in the middle of a multi-step write leaves nothing behind', () => {
  let server: TestServer;
  let world: TenantWorld;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Sự Cố');
  });
  afterAll(() => server.close());
  afterEach(() => jest.restoreAllMocks());

  /** Everything a multi-step write could touch. */
  async function snapshot() {
    const ds = server.dataSource;
    const counts: Record<string, number> = {};
    for (const table of ['candidate', 'member', 'organization', 'candidate_stage_event', 'candidate_stall_reason', 'organization_move', 'audit_log']) {
      const [row] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
      counts[table] = Number(row.n);
    }
    const organizations = (await ds.query('SELECT id, parent_id AS parentId, path, depth, version FROM organization ORDER BY id')) as unknown[];
    const candidates = (await ds.query('SELECT id, stage, stage_since AS stageSince, version, deadline_on AS deadlineOn FROM candidate ORDER BY id')) as unknown[];
    return JSON.parse(JSON.stringify({ counts, organizations, candidates })) as { counts: Record<string, number>; organizations: unknown[]; candidates: unknown[] };
  }

  /** The audit row is the last write of each of these mutations: everything else is done when it fails. */
  function crashAudit() {
    return jest.spyOn(audit, 'recordAudit').mockImplementationOnce(async () => {
      throw new Error('simulated crash after the writes, before the audit row');
    });
  }

  function expectCrashedAt(spy: ReturnType<typeof crashAudit>, action: string): void {
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][2].action).toBe(action);
  }

  function expectInternal(response: GraphQLResponse): void {
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL' } });
    expect(JSON.stringify(response.errors)).not.toMatch(/simulated|\.ts:\d+|SELECT|INSERT/);
  }

  it('createCandidate (candidate, stall reasons, first history event, audit row)', async () => {
    const token = server.tokenFor(world.users.secretaryA);
    const input = {
      organizationId: gid.org(world.cells.cellA),
      fullName: 'Bùi Thị Sự Cố',
      dateOfBirth: '1996-04-12',
      gender: 'FEMALE',
      category: 'TEACHER',
      educationLevel: 'UNIVERSITY',
      nationalId: '079196001234',
      stallReasons: [{ reason: StallReason.FAMILY_OR_ECONOMIC, note: 'Con nhỏ' }],
    };
    const mutation = 'mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id fullName stallReasons { reason } } }';
    const before = await snapshot();
    const spy = crashAudit();
    expectInternal(await server.gql(mutation, { input }, token));
    expectCrashedAt(spy, 'candidate.create');
    expect(await snapshot()).toEqual(before);

    // Nothing half-written blocks the retry (the national id is still free).
    const created = ok(await server.gql<{ createCandidate: { fullName: string; stallReasons: { reason: string }[] } }>(mutation, { input }, token));
    expect(created.createCandidate).toMatchObject({ fullName: 'Bùi Thị Sự Cố', stallReasons: [{ reason: 'FAMILY_OR_ECONOMIC' }] });
    const after = await snapshot();
    expect(after.counts).toEqual({
      ...before.counts,
      candidate: before.counts.candidate + 1,
      candidate_stage_event: before.counts.candidate_stage_event + 1,
      candidate_stall_reason: before.counts.candidate_stall_reason + 1,
      audit_log: before.counts.audit_log + 1,
    });
  });

  it('recordCeremony (new probationary member, history event, candidate stage, audit row)', async () => {
    const token = server.tokenFor(world.users.secretaryA);
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
    const mutation = 'mutation ($input: CeremonyInput!) { recordCeremony(input: $input) { stage version } }';
    const input = { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-03-24' };
    const before = await snapshot();
    const spy = crashAudit();
    expectInternal(await server.gql(mutation, { input }, token));
    expectCrashedAt(spy, 'candidate.ceremony');
    expect(await snapshot()).toEqual(before);
    const members = (await server.dataSource.query('SELECT COUNT(*) AS n FROM member WHERE full_name = ?', [candidate.fullName])) as { n: number | string }[];
    expect(Number(members[0].n)).toBe(0);

    // The same step with the same version succeeds afterwards: the version did not move.
    const done = ok(await server.gql<{ recordCeremony: { stage: string; version: number } }>(mutation, { input }, token));
    expect(done.recordCeremony.stage).toBe('PROBATIONARY');
    const after = await snapshot();
    expect(after.counts.member).toBe(before.counts.member + 1);
    expect(after.counts.candidate_stage_event).toBe(before.counts.candidate_stage_event + 1);
  });

  it('moveOrganization (paths and depths of the whole subtree, the parent, the move record, audit row)', async () => {
    const ds = server.dataSource;
    const schoolCommittee = await buildOrganization(ds, world.commune, { name: 'Đảng ủy Trường Đại học Sự Cố', kind: OrganizationKind.SCHOOL_COMMITTEE });
    const { cell: first } = await buildCell(ds, schoolCommittee);
    const { cell: second } = await buildCell(ds, schoolCommittee);
    await buildCandidate(ds, first);
    const token = server.tokenFor(world.users.cityCommittee);
    const mutation = 'mutation ($input: MoveOrganizationInput!) { moveOrganization(input: $input) { parent { name } depth } }';
    const input = { id: gid.org(schoolCommittee), newParentId: gid.org(world.otherCommune), movedOn: '2025-09-01', reason: 'Sắp xếp lại' };
    const before = await snapshot();
    const pathsBefore = (await ds.query('SELECT id, path FROM organization WHERE id IN (?, ?, ?) ORDER BY id', [schoolCommittee.id, first.id, second.id])) as { id: number; path: string }[];
    expect(pathsBefore.every((row) => row.path.startsWith(world.commune.path))).toBe(true);

    const spy = crashAudit();
    expectInternal(await server.gql(mutation, { input }, token));
    expectCrashedAt(spy, 'organization.move');
    expect(await snapshot()).toEqual(before);

    const moved = ok(await server.gql<{ moveOrganization: { parent: { name: string } } }>(mutation, { input }, token));
    expect(moved.moveOrganization.parent.name).toBe(world.otherCommune.name);
    const pathsAfter = (await ds.query('SELECT id, path FROM organization WHERE id IN (?, ?, ?) ORDER BY id', [schoolCommittee.id, first.id, second.id])) as { id: number; path: string }[];
    expect(pathsAfter.every((row) => row.path.startsWith(world.otherCommune.path))).toBe(true);
  });

  it('keeps serving normally after the crashes', async () => {
    const result = ok(await server.gql<{ candidates: { totalCount: number } }>('{ candidates { totalCount } }', {}, server.tokenFor(world.users.cityCommittee)));
    expect(result.candidates.totalCount).toBeGreaterThan(0);
  });
});
