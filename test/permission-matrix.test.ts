import crypto from 'node:crypto';
import { startTestServer, type TestServer } from './support/server';
import { seedDemoIfEmpty } from '../src/tools/demo/seed';
import type { DemoSummary } from '../src/tools/demo/model';
import { Role } from '../src/domain/enums';
import { toGlobalId } from '../src/graphql/global-id';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { Organization } from '../src/modules/organization/organization.entity';
import { ApiKey } from '../src/modules/api-key/api-key.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import * as sqlScope from '../src/auth/sql-scope';
import * as abilityModule from '../src/auth/ability';
import { PROBE_ACTIONS } from './support/probes';
import { getExport, gqlAs, gqlBatch } from './support/http';
import { bearer, loginDemoUsers, type MatrixUser } from './support/matrix/demo-users';
import { addMatrixFixtures } from './support/matrix/fixtures';
import { runMatrix, type MatrixCheck } from './support/matrix/run-matrix';

/**
 * The permission matrix generated from the demo tree (see ./support/matrix/run-matrix.ts): every demo user of
 * Cao Lãnh and Tam Đảo (and the administrator), every way to reach a record, compared with what
 * the rules of src/auth/ability.ts allow, computed from the database with plain code. Then the
 * proof that the matrix would notice a lost filter, API keys, the rules a client reads, and the
 * audit of sensitive reads.
 */
const TENANTS = ['Thành ủy Cao Lãnh', 'Huyện ủy Tam Đảo'];
const ALLOW = { sql: '1 = 1', params: {} };

describe('permission matrix over the demo tree', () => {
  let server: TestServer;
  let summary: DemoSummary;
  let users: MatrixUser[];
  const user = (email: string): MatrixUser => {
    const found = users.find((u) => u.email === email);
    if (!found) throw new Error(`no matrix user ${email}`);
    return found;
  };
  const gid = (type: 'Organization' | 'Candidate' | 'Member', id: number) => toGlobalId(type, id);

  beforeAll(async () => {
    // Batched HTTP requests carry the probes whose errors must stay apart (non-null root fields): 50 operations a request instead of 10.
    // ...and every list at once in one query, 50 reports in one batch: far over what one request
    // may cost (cost-limits.test.ts tests the limit).
    server = await startTestServer({ maxBatchOperations: 50, maxQueryComplexity: 10_000_000 });
    const seeded = await seedDemoIfEmpty(server.dataSource, server.config);
    if (!seeded) throw new Error('the test database was not empty');
    summary = seeded;
    users = await loginDemoUsers(
      server,
      summary.users.filter((u) => TENANTS.includes(u.tenant) || u.role === Role.SYSTEM_ADMIN),
    );
    await addMatrixFixtures(server, users);
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => server.close());

  it('logs in every demo user of Cao Lãnh and Tam Đảo, and the administrator', () => {
    expect(users.map((u) => u.email).sort()).toEqual(
      [
        'admin@ketnap.demo',
        ...['committee', 'commune', 'secretary', 'mentor', 'reporter'].flatMap((who) => [`${who}.caolanh@ketnap.demo`, `${who}.tamdao@ketnap.demo`]),
        'secretary-direct.tamdao@ketnap.demo',
      ].sort(),
    );
  });

  it('has fixtures that give every relation something to leak (authors, audit rows, API keys, targets, a move)', async () => {
    const q = async (sql: string) => Number((await server.dataSource.query(sql))[0].n);
    expect(await q('SELECT COUNT(*) AS n FROM candidate_stage_event WHERE recorded_by_user_id IS NULL')).toBe(0);
    expect(await q("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'matrix.fixture'")).toBeGreaterThan(100);
    expect(await q('SELECT COUNT(*) AS n FROM api_key')).toBe(8);
    expect(await q('SELECT COUNT(*) AS n FROM organization_move')).toBe(1);
    for (const email of ['committee.caolanh@ketnap.demo', 'commune.caolanh@ketnap.demo', 'committee.tamdao@ketnap.demo', 'commune.tamdao@ketnap.demo']) {
      expect({ email, targets: await q(`SELECT COUNT(*) AS n FROM target WHERE organization_id = ${user(email).organizationId} AND year = 2025`) }).toEqual({ email, targets: 1 });
    }
  });

  it('every list, count, nested relation, node, by-id query, search, statistics, export and mutation agrees with the rules', async () => {
    const counts: Record<string, number> = {};
    const violations = await runMatrix(server, users, { counts });
    if (process.env.MATRIX_COUNTS) process.stdout.write(`${JSON.stringify(counts, null, 1)}\n`);
    expect(violations).toEqual([]);
    // The matrix really looked: every kind of check ran, on many records.
    expect(counts.users).toBe(12);
    expect(counts['node(id) probes']).toBeGreaterThan(10_000);
    expect(counts['records compared in sets']).toBeGreaterThan(5_000);
    expect(counts['nested references']).toBeGreaterThan(10_000);
    // Every step, for every user: the mutation, can() and the client's rules agree with the tree,
    // and the sample reached both answers of each step (a commune decides for its own cells).
    expect(counts['step decisions compared']).toBeGreaterThan(900);
    for (const action of PROBE_ACTIONS) {
      for (const answer of ['allowed', 'not allowed']) expect({ action, answer, some: (counts[`step ${action} ${answer}`] ?? 0) > 0 }).toEqual({ action, answer, some: true });
    }
    for (const key of ['candidate out of scope', 'organization out of scope', 'deadlines out of scope', 'candidates out of scope', 'statistics probes', 'exports out of scope', 'updateCandidate out of scope', 'updateMember out of scope', 'updateOrganization out of scope', 'error messages checked']) {
      expect({ key, some: (counts[key] ?? 0) > 0 }).toEqual({ key, some: true });
    }
  }, 120_000);

  describe('the matrix catches a lost filter', () => {
    const original = sqlScope.scopeFilter;
    const some = (emails: string[]) => emails.map(user);

    async function violationsWith(drop: (subject: string) => boolean, checks: MatrixCheck[], who: string[]): Promise<string[]> {
      const spy = jest.spyOn(sqlScope, 'scopeFilter').mockImplementation((ability, action, subject, columns) => (drop(subject) ? ALLOW : original(ability, action, subject, columns)));
      try {
        const violations = await runMatrix(server, some(who), { checks });
        // The spy intercepted the calls of src/auth/scope.ts (it reads the export at call time).
        expect(spy).toHaveBeenCalled();
        return violations;
      } finally {
        spy.mockRestore();
      }
    }

    it('Candidate lists: one rule dropped (candidates unfiltered) is reported', async () => {
      const violations = await violationsWith((subject) => subject === 'Candidate', ['lists'], ['secretary.caolanh@ketnap.demo', 'mentor.tamdao@ketnap.demo', 'reporter.caolanh@ketnap.demo']);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.some((v) => v.includes('candidates shows') && v.includes('outside the scope'))).toBe(true);
      expect(violations.some((v) => v.includes('candidates.totalCount'))).toBe(true);
      // Nothing else was touched: every violation is about candidates.
      expect(violations.filter((v) => !/candidates|deadlines/.test(v))).toEqual([]);
    });

    it('Member lists: one rule dropped (members unfiltered) is reported', async () => {
      const violations = await violationsWith((subject) => subject === 'Member', ['lists'], ['commune.caolanh@ketnap.demo', 'reporter.tamdao@ketnap.demo']);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.some((v) => v.includes('members shows') && v.includes('outside the scope'))).toBe(true);
      expect(violations.filter((v) => !/members/.test(v))).toEqual([]);
    });

    it('the Organization loader (nested fields, node): unfiltered only when called from src/graphql/loaders.ts, is reported', async () => {
      const fromLoader = (subject: string) => subject === 'Organization' && /graphql[\\/]loaders\.(ts|js)/.test(new Error().stack ?? '');
      const violations = await violationsWith(fromLoader, ['lists', 'nested', 'node'], ['secretary.tamdao@ketnap.demo', 'commune.caolanh@ketnap.demo']);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.some((v) => /node\(Organization .* outside the scope/.test(v))).toBe(true);
      // The lists themselves (filtered outside the loaders) stayed right: only nested fields and node(id) leak.
      expect(violations.filter((v) => / shows \d+ record\(s\) outside the scope/.test(v) && !/\.(children|cells|ancestors)/.test(v))).toEqual([]);
    });

    it('one condition lost in the rules themselves (a mentor reads every candidate) is reported by lists, node(id) and candidate(id)', async () => {
      const originalDefine = abilityModule.defineAbilityFor;
      const spy = jest.spyOn(abilityModule, 'defineAbilityFor').mockImplementation((principal) => {
        const ability = originalDefine(principal);
        if (principal?.role === Role.MENTOR) ability.update([...ability.rules, { action: 'read', subject: 'Candidate' }]);
        return ability;
      });
      try {
        const violations = await runMatrix(server, some(['mentor.caolanh@ketnap.demo', 'mentor.tamdao@ketnap.demo']), { checks: ['lists', 'node', 'byId'] });
        expect(spy).toHaveBeenCalled();
        expect(violations.some((v) => v.includes('candidates shows'))).toBe(true);
        expect(violations.some((v) => /node\(Candidate .* outside the scope/.test(v))).toBe(true);
        expect(violations.some((v) => /candidate\(id\) Candidate .* outside the scope answered/.test(v))).toBe(true);
      } finally {
        spy.mockRestore();
      }
    });

    it('one condition lost in a step (a committee decides for every cell it reads) is reported by the steps check, and only for decide', async () => {
      const originalDefine = abilityModule.defineAbilityFor;
      const spy = jest.spyOn(abilityModule, 'defineAbilityFor').mockImplementation((principal) => {
        const ability = originalDefine(principal);
        if (principal?.role === Role.COMMITTEE) ability.update([...ability.rules, { action: 'decide', subject: 'Candidate' }]);
        return ability;
      });
      try {
        const violations = await runMatrix(server, some(['commune.caolanh@ketnap.demo', 'committee.tamdao@ketnap.demo']), { checks: ['steps'] });
        expect(spy).toHaveBeenCalled();
        // The commune decides nowhere, and Tam Đảo's Huyện ủy not for the commune that holds the authority itself.
        for (const email of ['commune.caolanh@ketnap.demo', 'committee.tamdao@ketnap.demo']) {
          expect({ email, reported: violations.some((v) => v.startsWith(email) && /^[^:]+: decide on Candidate .*the mutation accepts, can\(\) says true, the client's rules say true; the tree says not allowed/.test(v)) }).toEqual({ email, reported: true });
        }
        expect(violations.filter((v) => !/: decide on /.test(v))).toEqual([]);
      } finally {
        spy.mockRestore();
      }
    });

    it('the single-record guard (candidate(id), mutations by id): unfiltered only when called from src/auth/guard.ts, is reported', async () => {
      const fromGuard = (subject: string) => subject === 'Candidate' && /auth[\\/]guard\.(ts|js)/.test(new Error().stack ?? '');
      const violations = await violationsWith(fromGuard, ['lists', 'byId', 'mutations'], ['secretary.tamdao@ketnap.demo']);
      expect(violations.some((v) => /candidate\(id\) Candidate .* outside the scope answered \{/.test(v))).toBe(true);
      // The write itself is still refused by the record check, but as FORBIDDEN: existence leaks, and the matrix says so.
      expect(violations.some((v) => /updateCandidate Candidate .* answered FORBIDDEN, expected NOT_FOUND/.test(v))).toBe(true);
      expect(violations.filter((v) => / shows \d+ record/.test(v))).toEqual([]);
    });

    it('School lists: one rule dropped is reported by the search and list checks', async () => {
      const violations = await violationsWith((subject) => subject === 'School', ['lists', 'search'], ['mentor.caolanh@ketnap.demo']);
      expect(violations.some((v) => v.includes('schools shows'))).toBe(true);
      expect(violations.some((v) => v.includes('schools(filter: { search'))).toBe(true);
    });
  });

  describe('API keys', () => {
    const CREATE = `mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n) { apiKey { id prefix name } key } }`;

    it('a committee key reads statistics and exports of its subtree, nothing personal; it is stored hashed and stops at revocation', async () => {
      const committee = user('committee.caolanh@ketnap.demo');
      const caoLanh = await server.dataSource.getRepository(Organization).findOneByOrFail({ id: committee.organizationId! });
      const tamDao = await server.dataSource.getRepository(Organization).findOneByOrFail({ id: user('committee.tamdao@ketnap.demo').organizationId! });
      const created = await gqlAs<{ createApiKey: { apiKey: { id: string; prefix: string; name: string }; key: string } }>(server, bearer(committee), CREATE, {
        o: gid('Organization', caoLanh.id),
        n: 'Bảng điều khiển Ban Tổ chức',
      });
      expect(created.errors).toBeUndefined();
      const { apiKey, key } = created.data!.createApiKey;
      expect(apiKey.name).toBe('Bảng điều khiển Ban Tổ chức');
      expect(key.includes(apiKey.prefix)).toBe(true);
      const auth = `ApiKey ${key}`;

      const someCandidate = await server.dataSource.getRepository(Candidate).findOneByOrFail({ tenantId: caoLanh.id });
      const reads = await gqlAs<{
        me: null;
        statistics: { organization: { id: string }; cells: { total: number } };
        candidates: { totalCount: number; nodes: unknown[] };
        members: { totalCount: number; nodes: unknown[] };
        users: { totalCount: number; nodes: unknown[] };
      }>(
        server,
        auth,
        `{ me { id } statistics(organizationId: ${JSON.stringify(gid('Organization', caoLanh.id))}) { organization { id } cells { total } }
           candidates(first: 100) { totalCount nodes { id } } members(first: 100) { totalCount nodes { id } } users(first: 100) { totalCount nodes { id } } }`,
      );
      expect(reads.errors).toBeUndefined();
      expect(reads.data!.me).toBeNull();
      expect(reads.data!.statistics.organization.id).toBe(gid('Organization', caoLanh.id));
      expect(reads.data!.statistics.cells.total).toBeGreaterThan(0);
      for (const list of ['candidates', 'members', 'users'] as const) expect({ list, ...reads.data![list] }).toEqual({ list, totalCount: 0, nodes: [] });

      const [byId, foreignStatistics] = await gqlBatch(server, auth, [
        `{ candidate(id: ${JSON.stringify(gid('Candidate', someCandidate.id))}) { id fullName } }`,
        `{ statistics(organizationId: ${JSON.stringify(gid('Organization', tamDao.id))}) { cells { total } } }`,
      ]);
      expect(byId.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(byId.errors?.[0]?.message).not.toContain(someCandidate.fullName);
      expect(foreignStatistics.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(foreignStatistics.errors?.[0]?.message).not.toContain(tamDao.name);

      const csv = await getExport(server, auth, 'csv', gid('Organization', caoLanh.id));
      expect(csv.status).toBe(200);
      expect(csv.contentType).toMatch(/text\/csv/);
      expect(csv.text).toContain(caoLanh.name);
      expect((await getExport(server, auth, 'csv', gid('Organization', tamDao.id))).status).toBe(404);

      // Only a hash is kept: the key (or its secret part) is nowhere in api_key or the audit log.
      const secret = key.split('_').slice(2).join('_');
      expect(secret.length).toBeGreaterThanOrEqual(32);
      const stored = JSON.stringify(await server.dataSource.query('SELECT * FROM api_key'));
      const audit = JSON.stringify(await server.dataSource.query('SELECT * FROM audit_log'));
      expect(stored.includes(key) || stored.includes(secret)).toBe(false);
      expect(audit.includes(key) || audit.includes(secret)).toBe(false);
      const row = await server.dataSource.getRepository(ApiKey).findOneByOrFail({ prefix: apiKey.prefix });
      expect(row.keyHash).not.toBe(key);
      expect(row.keyHash).toBe(crypto.createHash('sha256').update(key, 'utf8').digest('hex'));

      // A commune committee neither sees nor revokes the city's key.
      const commune = user('commune.caolanh@ketnap.demo');
      const communeKeys = await gqlAs<{ apiKeys: { id: string }[] }>(server, bearer(commune), `{ apiKeys { id } }`);
      expect(communeKeys.errors).toBeUndefined();
      expect(communeKeys.data!.apiKeys.map((k) => k.id)).not.toContain(apiKey.id);
      const [communeRevoke, missingRevoke] = await gqlBatch(server, bearer(commune), [
        `mutation { revokeApiKey(id: ${JSON.stringify(apiKey.id)}) { id revokedAt } }`,
        `mutation { revokeApiKey(id: ${JSON.stringify(toGlobalId('ApiKey', 987654321))}) { id revokedAt } }`,
      ]);
      expect(communeRevoke.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(communeRevoke.errors?.[0]?.message).toBe(missingRevoke.errors?.[0]?.message);
      expect((await server.dataSource.getRepository(ApiKey).findOneByOrFail({ id: row.id })).revokedAt).toBeNull();
      // ...and so does another tenant's committee.
      const [foreignRevoke] = await gqlBatch(server, bearer(user('committee.tamdao@ketnap.demo')), [`mutation { revokeApiKey(id: ${JSON.stringify(apiKey.id)}) { id } }`]);
      expect(foreignRevoke.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

      // The city committee lists and revokes it; from then on the key is refused.
      const cityKeys = await gqlAs<{ apiKeys: { id: string }[] }>(server, bearer(committee), `{ apiKeys { id } }`);
      expect(cityKeys.data!.apiKeys.map((k) => k.id)).toContain(apiKey.id);
      const revoked = await gqlAs<{ revokeApiKey: { id: string; revokedAt: string | null } }>(server, bearer(committee), `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id });
      expect(revoked.errors).toBeUndefined();
      expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
      const after = await gqlAs(server, auth, `{ statistics(organizationId: ${JSON.stringify(gid('Organization', caoLanh.id))}) { cells { total } } }`);
      expect(after.status).toBe(401);
      expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(after.data ?? null).toBeNull();
      const afterCsv = await getExport(server, auth, 'csv', gid('Organization', caoLanh.id));
      expect(afterCsv.status).toBe(401);
    });

    it('through the whole matrix, a key of a commune sees exactly what a reporter of that commune would', async () => {
      const commune = user('commune.tamdao@ketnap.demo');
      const created = await gqlAs<{ createApiKey: { key: string } }>(server, bearer(user('committee.tamdao@ketnap.demo')), CREATE, { o: gid('Organization', commune.organizationId!), n: 'Cổng thống kê xã' });
      expect(created.errors).toBeUndefined();
      const keyUser: MatrixUser = {
        email: `API key of ${commune.email.replace(/^commune\./, 'the commune of ')}`,
        role: Role.REPORTER,
        token: '',
        authorization: `ApiKey ${created.data!.createApiKey.key}`,
        userId: null,
        tenantId: commune.tenantId,
        organizationId: commune.organizationId,
        path: commune.path,
        memberId: null,
      };
      expect(await runMatrix(server, [keyUser])).toEqual([]);
    }, 60_000);

    it('secretaries, reporters and mentors cannot create keys (FORBIDDEN), whatever organization of theirs they name', async () => {
      for (const email of ['secretary.caolanh@ketnap.demo', 'reporter.caolanh@ketnap.demo', 'mentor.caolanh@ketnap.demo', 'secretary-direct.tamdao@ketnap.demo', 'reporter.tamdao@ketnap.demo', 'mentor.tamdao@ketnap.demo']) {
        const who = user(email);
        const before = await server.dataSource.getRepository(ApiKey).count();
        const result = await gqlAs(server, bearer(who), CREATE, { o: gid('Organization', who.organizationId!), n: 'Khóa không được phép' });
        expect({ email, code: result.errors?.[0]?.extensions?.code }).toEqual({ email, code: 'FORBIDDEN' });
        expect(await server.dataSource.getRepository(ApiKey).count()).toBe(before);
      }
      // A key for another tenant's organization is NOT_FOUND, even for a committee.
      const foreign = await gqlAs(server, bearer(user('committee.caolanh@ketnap.demo')), CREATE, { o: gid('Organization', user('committee.tamdao@ketnap.demo').organizationId!), n: 'Khóa của tỉnh khác' });
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('the rules a client reads: me.permissions and can()', () => {
    const PERMISSIONS = `{ me { permissions { actions subjects conditions inverted } } }`;
    interface Rule {
      actions: string[];
      subjects: string[];
      conditions: Record<string, unknown> | null;
      inverted: boolean;
    }

    it('a committee has readStatistics on Organization limited to its own path; a reporter has no rule on Candidate', async () => {
      const committee = user('committee.caolanh@ketnap.demo');
      const rules = (await gqlAs<{ me: { permissions: Rule[] } }>(server, bearer(committee), PERMISSIONS)).data!.me.permissions;
      const statistics = rules.filter((r) => r.actions.includes('readStatistics') && r.subjects.includes('Organization') && !r.inverted);
      expect(statistics).toEqual([expect.objectContaining({ conditions: { path: { $startsWith: committee.path } } })]);
      expect(rules.some((r) => r.subjects.includes('all'))).toBe(false);
      expect(rules.filter((r) => r.subjects.includes('Candidate') && r.actions.includes('read'))).toEqual([expect.objectContaining({ conditions: { orgPath: { $startsWith: committee.path } } })]);

      for (const email of ['reporter.caolanh@ketnap.demo', 'reporter.tamdao@ketnap.demo']) {
        const reporter = user(email);
        const reporterRules = (await gqlAs<{ me: { permissions: Rule[] } }>(server, bearer(reporter), PERMISSIONS)).data!.me.permissions;
        expect(reporterRules.length).toBeGreaterThan(0);
        expect(reporterRules.filter((r) => r.subjects.some((s) => ['Candidate', 'Member', 'User', 'all'].includes(s)))).toEqual([]);
        expect(reporterRules.filter((r) => r.actions.includes('readStatistics'))).toEqual([expect.objectContaining({ conditions: { path: { $startsWith: reporter.path } } })]);
      }

      const mentor = user('mentor.caolanh@ketnap.demo');
      const mentorRules = (await gqlAs<{ me: { permissions: Rule[] } }>(server, bearer(mentor), PERMISSIONS)).data!.me.permissions;
      expect(mentorRules.filter((r) => r.subjects.includes('Candidate'))).toEqual([{ actions: ['read'], subjects: ['Candidate'], conditions: { mentorId: mentor.memberId }, inverted: false }]);
    });

    it('can(action, subject, id) answers per record, false outside the scope, and refuses an unknown action', async () => {
      const secretary = user('secretary.caolanh@ketnap.demo');
      const candidates = await server.dataSource.getRepository(Candidate).findBy({ tenantId: secretary.tenantId! });
      const own = candidates.find((c) => c.organizationId === secretary.organizationId);
      const otherCell = candidates.find((c) => c.organizationId !== secretary.organizationId);
      const foreign = await server.dataSource.getRepository(Candidate).findOneByOrFail({ tenantId: user('committee.tamdao@ketnap.demo').tenantId! });
      expect(own && otherCell).toBeTruthy();
      const answer = await gqlAs<Record<string, boolean>>(
        server,
        bearer(secretary),
        `{ own: can(action: "update", subject: "Candidate", id: ${JSON.stringify(gid('Candidate', own!.id))})
           otherCell: can(action: "update", subject: "Candidate", id: ${JSON.stringify(gid('Candidate', otherCell!.id))})
           otherCellRead: can(action: "read", subject: "Candidate", id: ${JSON.stringify(gid('Candidate', otherCell!.id))})
           foreign: can(action: "read", subject: "Candidate", id: ${JSON.stringify(gid('Candidate', foreign.id))})
           anyCandidate: can(action: "update", subject: "Candidate") }`,
      );
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ own: true, otherCell: false, otherCellRead: false, foreign: false, anyCandidate: true });

      const reporter = await gqlAs<Record<string, boolean>>(
        server,
        bearer(user('reporter.caolanh@ketnap.demo')),
        `{ any: can(action: "read", subject: "Candidate") one: can(action: "read", subject: "Candidate", id: ${JSON.stringify(gid('Candidate', own!.id))}) stats: can(action: "readStatistics", subject: "Organization") }`,
      );
      expect(reporter.data).toEqual({ any: false, one: false, stats: true });

      const unknown = await gqlAs(server, bearer(secretary), `{ can(action: "destroy", subject: "Candidate") }`);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('sensitive reads are audited', () => {
    const sensitiveRows = async (userId: number) =>
      server.dataSource.getRepository(AuditLog).find({ where: { userId, action: 'sensitive.read' }, order: { id: 'ASC' } });

    it('a secretary reading nationalId adds one sensitive.read row per candidate; a mentor reading the same gets null and adds none', async () => {
      const secretary = user('secretary.caolanh@ketnap.demo');
      const before = (await sensitiveRows(secretary.userId!)).length;
      const read = await gqlAs<{ candidates: { nodes: { id: string; nationalId: string | null }[] } }>(server, bearer(secretary), `{ candidates(first: 100) { nodes { id nationalId } } }`);
      expect(read.errors).toBeUndefined();
      const nodes = read.data!.candidates.nodes;
      expect(nodes.length).toBeGreaterThan(0);
      const withId = nodes.filter((n) => n.nationalId !== null);
      expect(withId.length).toBe(nodes.length);
      const rows = (await sensitiveRows(secretary.userId!)).slice(before);
      expect(rows).toHaveLength(withId.length);
      expect(rows.map((r) => toGlobalId('Candidate', r.subjectId!)).sort()).toEqual(withId.map((n) => n.id).sort());
      expect(rows.every((r) => r.subjectType === 'Candidate' && JSON.parse(r.changes ?? '{}').fields.includes('nationalId'))).toBe(true);

      const mentor = user('mentor.caolanh@ketnap.demo');
      const totalBefore = await server.dataSource.getRepository(AuditLog).count({ where: { action: 'sensitive.read' } });
      const mentorRead = await gqlAs<{ candidates: { nodes: { id: string; nationalId: string | null }[] } }>(server, bearer(mentor), `{ candidates(first: 100) { nodes { id nationalId } } }`);
      expect(mentorRead.errors).toBeUndefined();
      expect(mentorRead.data!.candidates.nodes.length).toBeGreaterThan(0);
      expect(mentorRead.data!.candidates.nodes.every((n) => n.nationalId === null)).toBe(true);
      expect(await sensitiveRows(mentor.userId!)).toHaveLength(0);
      expect(await server.dataSource.getRepository(AuditLog).count({ where: { action: 'sensitive.read' } })).toBe(totalBefore);
    });
  });
});
