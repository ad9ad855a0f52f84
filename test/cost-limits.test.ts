import type { DataSource } from 'typeorm';
import { startApp, type RunningApp } from '../src/app';
import { buildTenantWorld, gid, reloadOrganization, type TenantWorld } from './factories';
import { ok, startTestServer, type GraphQLResponse, type TestServer } from './support/server';
import { isMysql, withStatements } from './support/database';
import { STATISTICS_QUERY, type GqlStatistics } from './support/report/statistics-query';
import { queryWithinBudget, timeBudget } from '../src/db/time-limit';

/**
 * The cost limit bounds the work a request may ask for (issue 13, item 3): lists cost their
 * possible size, a report what it aggregates, a batched request the sum of its operations; and
 * every request has a time budget. A refused request is refused before it runs: it sends no SQL.
 */

interface Answer {
  status: number;
  body: unknown;
  /** x-sql-statements: null when the header is absent (the request never reached the GraphQL layer). */
  statements: number | null;
}

async function post(url: string, body: unknown, token: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const header = response.headers.get('x-sql-statements');
  return { status: response.status, body: await response.json(), statements: header === null ? null : Number(header) };
}

function codeOf(answer: Answer): string | undefined {
  return (answer.body as GraphQLResponse).errors?.[0]?.extensions?.code;
}

/** A different period for each alias, so no cached report can answer two of them. */
function period(i: number): string {
  const month = String((i % 12) + 1).padStart(2, '0');
  return `{ from: "${2000 + Math.floor(i / 12)}-${month}-01", to: "${2000 + Math.floor(i / 12)}-${month}-28" }`;
}

function aliases(count: number, field: (i: number) => string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field(i)}`).join('\n')} }`;
}

describe('cost limits: the cost of a query bounds the reports and rows it computes', () => {
  let server: TestServer;
  let world: TenantWorld;
  let reporter: string;
  let committee: string;
  let communeCommittee: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Chi Phí');
    reporter = server.tokenFor(world.users.reporter);
    committee = server.tokenFor(world.users.cityCommittee);
    communeCommittee = server.tokenFor(world.users.communeCommittee);
    // Each caller's principal is read once (and cached): the refusals below must send no SQL at all.
    for (const token of [reporter, committee, communeCommittee]) ok(await server.gql('{ me { id } }', {}, token));
  });
  afterAll(() => server.close());

  /** Sends a query that must be refused before it runs: QUERY_TOO_COMPLEX, HTTP 400, no SQL. */
  async function expectRefusedBeforeRunning(query: string, token: string): Promise<void> {
    const { answer, sql } = await withStatements(server.dataSource, async (statements) => ({ answer: await post(server.app.url, { query }, token), sql: statements }));
    expect(codeOf(answer)).toBe('QUERY_TOO_COMPLEX');
    expect((answer.body as GraphQLResponse).data ?? null).toBeNull();
    expect(answer.status).toBe(400);
    expect(answer.statements).toBe(0);
    expect(sql).toEqual([]);
  }

  it('refuses 100 aliases of organization → cells → statistics, each with its own period, and still answers a city report and a commune page', async () => {
    await expectRefusedBeforeRunning(aliases(100, (i) => `organization(id: "${gid.org(world.city)}") { cells { statistics(period: ${period(i)}) { cells { total } } } }`), reporter);
    // One alias is already 100 reports' worth (an organization's cells are costed as 100).
    await expectRefusedBeforeRunning(`{ organization(id: "${gid.org(world.city)}") { cells { statistics(period: ${period(0)}) { cells { total } } } } }`, reporter);

    // The whole city report, every figure for the city and for each child.
    const city = ok(await server.gql<{ statistics: GqlStatistics }>(STATISTICS_QUERY, { id: gid.org(world.city), period: { year: 2026 } }, reporter)).statistics;
    expect(city.cells.total).toBe(4);
    expect(city.byChild.map((child) => child.organization?.name).sort()).toEqual([world.cells.directCell.name, world.commune.name, world.otherCommune.name].sort());

    // A commune committee's page: its tree, its report with the breakdown, its candidates and deadlines.
    const page = ok(
      await server.gql<{ organization: { children: { name: string }[]; cells: { name: string }[]; statistics: { cells: { total: number }; byChild: unknown[] } }; candidates: { totalCount: number } }>(
        `query ($id: ID!) {
          organization(id: $id) {
            name kind ancestors { name } children { name kind } cells { name school { name level } }
            statistics(period: { schoolYear: 2025 }) {
              cells { total withPrincipalSecretary } staff { total members teacherMembers membersRatio } admissions { total byCategory { category count } }
              candidatesByStage { stage count } stalledByReason { reason count } targets { metric target result reached }
              byChild { organization { name } cells { total } staff { members membersRatio } admissions { total } candidatesByStage { stage count } }
            }
          }
          candidates(first: 20, filter: { under: $id }) {
            totalCount pageInfo { hasNextPage endCursor }
            nodes { id fullName stage stageLabel cell { name } school { level } mentor { fullName } history { toStage occurredOn } failingRules { rule } stallReasons { reason } }
          }
          deadlines(organizationId: $id, withinDays: 14) { nodes { fullName deadline { kind dueOn overdue } nextStep { action organization { name } } } }
        }`,
        { id: gid.org(world.commune) },
        communeCommittee,
      ),
    );
    expect(page.organization.cells).toHaveLength(2);
    expect(page.organization.statistics.cells.total).toBe(2);
    expect(page.organization.statistics.byChild).toHaveLength(2);
    expect(page.candidates.totalCount).toBe(3);
  });

  it('refuses the same over children, with several aliases or one', async () => {
    await expectRefusedBeforeRunning(aliases(100, (i) => `organization(id: "${gid.org(world.city)}") { children { statistics(period: ${period(i)}) { cells { total } } } }`), reporter);
    await expectRefusedBeforeRunning(`{ organization(id: "${gid.org(world.city)}") { children { children { cells { name } } } } }`, reporter);
    // The children's names alone are cheap.
    const children = ok(await server.gql<{ organization: { children: { name: string }[] } }>(`{ organization(id: "${gid.org(world.city)}") { children { name } } }`, {}, reporter));
    expect(children.organization.children).toHaveLength(3);
  });

  it('refuses a report of each child reached through byChild', async () => {
    await expectRefusedBeforeRunning(
      aliases(50, (i) => `statistics(organizationId: "${gid.org(world.city)}", period: ${period(i)}) { byChild { organization { statistics(period: ${period(i + 50)}) { cells { total } } } } }`),
      reporter,
    );
  });

  it('refuses reports of the ancestors, and of the cells of a candidate history', async () => {
    await expectRefusedBeforeRunning(aliases(100, (i) => `organization(id: "${gid.org(world.cells.cellA)}") { ancestors { statistics(period: ${period(i)}) { cells { total } } } }`), reporter);
    await expectRefusedBeforeRunning(
      aliases(100, (i) => `candidate(id: "${gid.candidate(world.candidates.candidateA1)}") { history { cell { statistics(period: ${period(i)}) { cells { total } } } } }`),
      committee,
    );
  });

  it('refuses 100 aliased reports of one organization', async () => {
    await expectRefusedBeforeRunning(aliases(100, (i) => `statistics(organizationId: "${gid.org(world.city)}", period: ${period(i)}) { cells { total } }`), reporter);
  });

  it('costs a batched request as the sum of its operations: each fits alone, the batch is refused whole before any of them runs', async () => {
    const operation = (offset: number) => ({ query: aliases(60, (i) => `statistics(organizationId: "${gid.org(world.commune)}", period: ${period(offset + i)}) { cells { total } }`) });
    const alone = ok(await server.gql<Record<string, { cells: { total: number } }>>(operation(0).query, {}, reporter));
    expect(Object.keys(alone)).toHaveLength(60);
    expect(alone.a0.cells.total).toBe(2);

    const { answer, sql } = await withStatements(server.dataSource, async (statements) => ({ answer: await post(server.app.url, [operation(100), operation(200), operation(300)], reporter), sql: statements }));
    expect(answer.status).toBe(400);
    expect(Array.isArray(answer.body)).toBe(false);
    const error = (answer.body as GraphQLResponse).errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', maxComplexity: 25000 });
    expect(Number(error?.extensions?.complexity)).toBeGreaterThan(25000);
    expect(error?.message).toMatch(/batch would cost \d+ in all; at most 25000/);
    expect(answer.statements).toBeNull();
    expect(sql).toEqual([]);

    // Two cheap operations in a batch are answered as before.
    const cheap = await post(server.app.url, [{ query: '{ me { role } }' }, { query: `{ statistics(organizationId: "${gid.org(world.commune)}") { cells { total } } }` }], reporter);
    expect(cheap.status).toBe(200);
    expect(cheap.body).toEqual([{ data: { me: { role: 'REPORTER' } } }, { data: { statistics: { cells: { total: 2 } } } }]);
  });
});

describe('cost limits: the time budget of a request', () => {
  let server: TestServer;
  let hurried: RunningApp;
  let world: TenantWorld;
  let committee: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Thời Hạn');
    committee = server.tokenFor(world.users.cityCommittee);
    ok(await server.gql('{ me { id } }', {}, committee));
    // A second instance on the same database whose requests have 1 ms each.
    hurried = await startApp({ ...server.config, requestTimeoutMs: 1 }, server.dataSource, 0);
  });
  afterAll(async () => {
    await hurried.stop();
    await server.close();
  });

  /** mysql2's pool: every connection it opened is back and free. */
  function expectPoolIdle(dataSource: DataSource): void {
    if (!isMysql()) return;
    const pool = (dataSource.driver as unknown as { pool: { _allConnections: { length: number }; _freeConnections: { length: number } } }).pool;
    expect(pool._freeConnections.length).toBe(pool._allConnections.length);
  }

  it('ends a request past its budget with QUERY_TIMEOUT (HTTP 503), and the next requests are answered', async () => {
    const query = aliases(20, (i) => `statistics(organizationId: "${gid.org(world.city)}", period: ${period(i)}) { cells { total } staff { members } }`);
    const late = await post(hurried.url, { query }, committee);
    expect(codeOf(late)).toBe('QUERY_TIMEOUT');
    expect((late.body as GraphQLResponse).errors?.[0]?.message).toMatch(/time budget of 1 ms/);
    expect(late.status).toBe(503);

    // Connections and transactions were given back: the same database answers at once, reports and writes.
    expectPoolIdle(server.dataSource);
    const answered = ok(await server.gql<Record<string, { cells: { total: number } }>>(query, {}, committee));
    expect(answered.a19.cells.total).toBe(4);
    const renamed = ok(
      await server.gql<{ updateOrganization: { name: string } }>(
        'mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { name } }',
        { id: gid.org(world.otherCommune), input: { name: 'Đảng ủy xã Thời Hạn Mới', version: (await reloadOrganization(server.dataSource, world.otherCommune.id)).version } },
        committee,
      ),
    );
    expect(renamed.updateOrganization.name).toBe('Đảng ủy xã Thời Hạn Mới');
    expectPoolIdle(server.dataSource);
  });

  it('has the database stop a report statement once the budget is spent (MySQL/MariaDB), with QUERY_TIMEOUT; SQLite checks between statements', async () => {
    // A statement that runs for seconds without a limit: a triple cross join of a system table.
    const slow = isMysql()
      ? 'SELECT COUNT(*) AS n FROM information_schema.collations a, information_schema.collations b, information_schema.collations c'
      : 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50000000) SELECT COUNT(*) AS n FROM r';
    if (isMysql()) {
      const stopped = queryWithinBudget((sql) => server.dataSource.query(sql), server.dataSource, slow, timeBudget(50));
      await expect(stopped).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
      expectPoolIdle(server.dataSource);
      // The connection it ran on serves the next statement.
      await expect(server.dataSource.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    }
    // Once the budget is spent, no statement is sent at all.
    const spent = timeBudget(1, Date.now() - 10);
    const run = jest.fn((sql: string) => server.dataSource.query(sql));
    await expect(queryWithinBudget(run, server.dataSource, slow, spent)).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(run).not.toHaveBeenCalled();
  });
});
