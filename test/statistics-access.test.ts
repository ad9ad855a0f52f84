import ExcelJS from 'exceljs';
import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { gid } from './factories';
import { buildReportWorld, type ReportWorld } from './support/report/world';
import { PERIODS } from './support/report/periods';
import { loadRows, Reference } from './support/report/reference';
import { STATISTICS_FIELDS, STATISTICS_QUERY, type GqlStatistics } from './support/report/statistics-query';
import type { User } from '../src/modules/user/user.entity';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * Who reads which statistics: committees and cell secretaries their own subtree (NOT_FOUND
 * outside it, FORBIDDEN on the ancestors they may name but not report on), mentors nothing;
 * the REPORTER the same figures as the committee and not one personal record or name, through
 * any path of the graph or the export; a commune committee its siblings' headline figures and
 * nothing else of theirs; targets set by committees only.
 */
describe(`statistics: who sees what (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let server: TestServer;
  let world: ReportWorld;
  const token = (user: User) => server.tokenFor(user);

  beforeAll(async () => {
    // The privacy probes ask for every path at once (a report of every organization and of every
    // cell, nested lists of lists), far over what one request may cost: cost-limits.test.ts tests the limit.
    server = await startTestServer({ maxQueryComplexity: 10_000_000 });
    world = await buildReportWorld(server.dataSource);
  });
  afterAll(() => server.close());

  const period = PERIODS[0].input;
  const statistics = (organization: Organization, user: User, p: Record<string, unknown> = period) =>
    server.gql<{ statistics: GqlStatistics }>(STATISTICS_QUERY, { id: gid.org(organization), period: p }, token(user));

  describe('committees and cell secretaries: their own subtree', () => {
    it('the city committee reads its city, communes and cells, and nothing of the other tenant', async () => {
      const { one, two } = world.tenants;
      for (const org of [one.city, one.c1, one.c2, one.cells.c1a, one.cells.cd]) {
        const data = ok(await statistics(org, world.users.cityCommittee));
        expect(data.statistics.organization?.id).toBe(gid.org(org));
      }
      for (const org of [two.city, two.d1, two.cells.h1, two.cells.h3]) {
        const response = await statistics(org, world.users.cityCommittee);
        expect({ org: org.name, code: errorCode(response), data: response.data ?? null }).toEqual({ org: org.name, code: 'NOT_FOUND', data: null });
      }
    });

    it('a commune committee reads its commune and cells; a sibling commune, its cells and the other tenant are NOT_FOUND; its city FORBIDDEN', async () => {
      const { one, two } = world.tenants;
      const reference = new Reference(await loadRows(server.dataSource));
      const own = ok(await statistics(one.c1, world.users.c1Committee)).statistics;
      expect(own.byChild.map((c) => c.organization?.id).sort()).toEqual([gid.org(one.cells.c1a), gid.org(one.cells.c1b)].sort());
      expect(own.staff).toEqual(reference.statistics(one.c1.path, PERIODS[0]).staff);
      ok(await statistics(one.cells.c1b, world.users.c1Committee));
      for (const org of [one.c2, one.c3, one.cells.c2a, one.cells.cd, two.city, two.d1]) {
        const response = await statistics(org, world.users.c1Committee);
        expect({ org: org.name, code: errorCode(response) }).toEqual({ org: org.name, code: 'NOT_FOUND' });
      }
      // The city is named in its ancestors (readable) but is not its to report on.
      expect(errorCode(await statistics(one.city, world.users.c1Committee))).toBe('FORBIDDEN');
    });

    it("a cell secretary reads its own cell's statistics (the committee's figures); other cells, communes and tenants are NOT_FOUND", async () => {
      const { one, two } = world.tenants;
      const mine = ok(await statistics(one.cells.c1a, world.users.secretaryC1a)).statistics;
      const committees = ok(await statistics(one.cells.c1a, world.users.cityCommittee)).statistics;
      expect(mine).toEqual(committees);
      expect(mine.byChild).toEqual([]);
      for (const org of [one.cells.c1b, one.cells.cd, one.c2, two.city, two.cells.h1]) {
        const response = await statistics(org, world.users.secretaryC1a);
        expect({ org: org.name, code: errorCode(response) }).toEqual({ org: org.name, code: 'NOT_FOUND' });
      }
      for (const org of [one.c1, one.city]) expect({ org: org.name, code: errorCode(await statistics(org, world.users.secretaryC1a)) }).toEqual({ org: org.name, code: 'FORBIDDEN' });
      // The direct cell's secretary: the same for its own cell under the city.
      ok(await statistics(one.cells.cd, world.users.secretaryCd));
      expect(errorCode(await statistics(one.cells.c1a, world.users.secretaryCd))).toBe('NOT_FOUND');
    });

    it('a mentor gets FORBIDDEN for its own cell and NOT_FOUND elsewhere', async () => {
      const { one, two } = world.tenants;
      const response = await statistics(one.cells.c1a, world.users.mentorC1a);
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(response.data ?? null).toBeNull();
      expect(errorCode(await statistics(one.c2, world.users.mentorC1a))).toBe('NOT_FOUND');
      expect(errorCode(await statistics(two.city, world.users.mentorC1a))).toBe('NOT_FOUND');
      // Organization.statistics is the same check.
      const nested = await server.gql(`query ($id: ID!) { organization(id: $id) { name statistics { staff { members } } } }`, { id: gid.org(one.cells.c1a) }, token(world.users.mentorC1a));
      expect(errorCode(nested)).toBe('FORBIDDEN');
      const targets = await server.gql(`query ($id: ID!) { targets(organizationId: $id, year: 2025) { value } }`, { id: gid.org(one.cells.c1a) }, token(world.users.mentorC1a));
      expect(errorCode(targets)).toBe('FORBIDDEN');
    });

    it('without a token: UNAUTHENTICATED', async () => {
      const response = await server.gql(STATISTICS_QUERY, { id: gid.org(world.tenants.one.city), period });
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    });
  });

  describe('the REPORTER: statistics and nothing else', () => {
    it.each(PERIODS.map((p) => [p.name, p.input] as const))('gets exactly the committee’s statistics for %s', async (_name, p) => {
      const { one } = world.tenants;
      for (const org of [one.city, one.c2, one.cells.cd]) {
        const reporter = ok(await statistics(org, world.users.reporter, p)).statistics;
        const committee = ok(await statistics(org, world.users.cityCommittee, p)).statistics;
        expect(reporter).toEqual(committee);
      }
      const c1 = ok(await statistics(one.c1, world.users.reporterC1, p)).statistics;
      expect(c1).toEqual(ok(await statistics(one.c1, world.users.c1Committee, p)).statistics);
    });

    it("is NOT_FOUND outside its subtree (the other tenant, a commune beside the reporter's)", async () => {
      const { one, two } = world.tenants;
      expect(errorCode(await statistics(two.city, world.users.reporter))).toBe('NOT_FOUND');
      expect(errorCode(await statistics(one.c2, world.users.reporterC1))).toBe('NOT_FOUND');
      expect(errorCode(await statistics(one.city, world.users.twoReporter))).toBe('NOT_FOUND');
    });

    it('lists no candidate, member or user, whatever the filter', async () => {
      const { one } = world.tenants;
      const rows = await loadRows(server.dataSource);
      const someName = rows.candidates[0].fullName;
      const data = ok(
        await server.gql<Record<string, { totalCount: number; nodes: unknown[] }>>(
          `query ($city: ID!, $name: String!) {
            candidates(first: 100) { totalCount nodes { id fullName } }
            underCity: candidates(first: 100, filter: { under: $city }) { totalCount nodes { id } }
            byName: candidates(filter: { search: $name }) { totalCount nodes { id } }
            overdue: candidates(filter: { overdue: true }) { totalCount nodes { id } }
            officials: candidates(filter: { stages: [OFFICIAL, PROBATIONARY, SOURCE] }) { totalCount nodes { id } }
            members(first: 100) { totalCount nodes { id fullName } }
            secretaries: members(filter: { isSecretary: true }) { totalCount nodes { id } }
            membersUnder: members(filter: { under: $city }) { totalCount nodes { id } }
            users(first: 100) { totalCount nodes { id displayName } }
            usersUnder: users(filter: { under: $city }) { totalCount nodes { id } }
          }`,
          { city: gid.org(one.city), name: someName },
          token(world.users.reporter),
        ),
      );
      for (const [list, connection] of Object.entries(data)) expect({ list, totalCount: connection.totalCount, nodes: connection.nodes }).toEqual({ list, totalCount: 0, nodes: [] });
    });

    it('deadlines and the audit log give it no candidate either', async () => {
      const { one } = world.tenants;
      const deadlines = await server.gql<{ deadlines: { totalCount: number; nodes: unknown[] } }>(
        `query ($id: ID!) { deadlines(organizationId: $id, withinDays: 365) { totalCount nodes { id fullName } } }`,
        { id: gid.org(one.city) },
        token(world.users.reporter),
      );
      // Either refused or empty; never a candidate.
      if (deadlines.errors) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(errorCode(deadlines));
      else expect(deadlines.data?.deadlines).toEqual({ totalCount: 0, nodes: [] });
      // The committee's own view of the same has overdue candidates (the check is not vacuous).
      const committee = ok(await server.gql<{ deadlines: { totalCount: number } }>(`query ($id: ID!) { deadlines(organizationId: $id, withinDays: 365) { totalCount } }`, { id: gid.org(one.city) }, token(world.users.cityCommittee)));
      expect(committee.deadlines.totalCount).toBeGreaterThan(0);
      const audit = await server.gql<{ auditLog: { totalCount: number } }>(`{ auditLog(first: 100) { totalCount nodes { action changes } } }`, {}, token(world.users.reporter));
      if (audit.errors) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(errorCode(audit));
      else expect(audit.data?.auditLog.totalCount).toBe(0);
    });

    it('reads no candidate or member by id: candidate(id) is NOT_FOUND, node(id) null', async () => {
      const rows = await loadRows(server.dataSource);
      const mine = new Set(rows.organizations.filter((o) => o.path.startsWith(world.tenants.one.city.path)).map((o) => o.id));
      const candidates = rows.candidates.filter((c) => mine.has(c.organizationId));
      const members = rows.members.filter((m) => mine.has(m.organizationId));
      expect(candidates.length).toBeGreaterThan(50);
      const reporter = token(world.users.reporter);
      for (const c of candidates) {
        const response = await server.gql(`query ($id: ID!) { candidate(id: $id) { id fullName } node(id: $id) { id } }`, { id: gid.candidate(c) }, reporter);
        expect({ candidate: c.id, code: errorCode(response), data: response.data ?? null }).toEqual({ candidate: c.id, code: 'NOT_FOUND', data: null });
        const node = ok(await server.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id ... on Candidate { fullName } } }`, { id: gid.candidate(c) }, reporter));
        expect(node.node).toBeNull();
      }
      for (const m of members) {
        const node = ok(await server.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id ... on Member { fullName } } }`, { id: gid.member(m) }, reporter));
        expect({ member: m.id, node: node.node }).toEqual({ member: m.id, node: null });
      }
      for (const u of Object.values(world.users).filter((u) => u.id !== world.users.reporter.id)) {
        const node = ok(await server.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id ... on User { displayName } } }`, { id: gid.user(u) }, reporter));
        expect({ user: u.email, node: node.node }).toEqual({ user: u.email, node: null });
      }
    });

    it("gives no person's name through any path of a big query over organizations, schools, statistics and targets", async () => {
      const { one } = world.tenants;
      const p = PERIODS[1].input;
      const variables = { city: gid.org(one.city), period: p };
      const reporter = token(world.users.reporter);
      // In parts: a statistics field costs a report of its own, and one request is capped.
      const tree = await server.gql(
        `query ($city: ID!) {
          organizations(first: 100) {
            totalCount
            nodes {
              id name kind kindLabel code depth mayDecideAdmission needsCommitteeResolution
              parent { id name } tenant { id name } ancestors { id name }
              moves { movedOn reason fromParent { name } toParent { name } }
              school { id name level hasPartyOrganization headcounts { schoolYear managers teachers staff students } organization { id name } }
              children { id name kind school { id name organization { name } } children { id name } cells { id name } }
              cells { id name school { name level } }
            }
          }
          schools(first: 100) { totalCount nodes { id name level hasPartyOrganization organization { id name } headcounts { schoolYear teachers } } }
          targets(organizationId: $city, year: 2025) { year metric value organization { id name school { name } } }
          siblingComparison { organizationName membersRatio admissions membersRatioByLevel { level membersRatio } }
        }`,
        { city: variables.city },
        reporter,
      );
      const figures = await server.gql(
        `query ($period: PeriodInput) {
          organizations(first: 20) {
            nodes {
              id name
              statistics(period: $period) {
                ${STATISTICS_FIELDS}
                organization { id name school { name } }
                byChild { organization { id name school { name } } ${STATISTICS_FIELDS} }
                targetsBehind { organization { id name } metric target result }
              }
              cells { id name statistics(period: $period) { organization { id name } staff { members } } }
            }
          }
        }`,
        { period: p },
        reporter,
      );
      const root = await server.gql(
        `query ($city: ID!, $period: PeriodInput) { statistics(organizationId: $city, period: $period) { ${STATISTICS_FIELDS} organization { name } byChild { organization { name } } targetsBehind { organization { name } } } }`,
        variables,
        reporter,
      );
      const data = ok(tree) as {
        organizations: { totalCount: number; nodes: { school: { name: string } | null }[] };
        schools: { totalCount: number };
        targets: unknown[];
      };
      const withFigures = ok(figures) as { organizations: { nodes: { statistics: { staff: { members: number } } }[] } };
      ok(root);
      // The reporter does see the tree, the schools (nested too), the figures and the targets.
      expect(data.organizations.totalCount).toBe(17);
      expect(data.organizations.nodes.filter((o) => o.school !== null)).toHaveLength(11);
      expect(data.schools.totalCount).toBe(13);
      expect(data.targets.length).toBeGreaterThan(0);
      expect(withFigures.organizations.nodes).toHaveLength(17);
      expect(withFigures.organizations.nodes.every((o) => o.statistics.staff.members >= 0)).toBe(true);
      const json = JSON.stringify([tree, figures, root]);
      const leaked = world.personNames.filter((name) => json.includes(name));
      expect(leaked).toEqual([]);
      expect(json).not.toMatch(/Kiểm\d{3}/);
      // The check can see a name when there is one: the committee's lists show them.
      const control = JSON.stringify(
        await server.gql(`{ candidates(first: 100) { nodes { fullName } } members(first: 100) { nodes { fullName } } }`, {}, token(world.users.cityCommittee)),
      );
      expect(world.personNames.filter((name) => control.includes(name)).length).toBeGreaterThan(100);
      expect(control).toMatch(/Kiểm\d{3}/);
      expect(json).not.toMatch(/@test\.ketnap/);
    });

    it("exports (CSV and XLSX) with the reporter's token contain no person's name", async () => {
      const { one } = world.tenants;
      for (const format of ['csv', 'xlsx'] as const) {
        const url = new URL(`/reports/statistics.${format}`, server.app.url);
        url.searchParams.set('organizationId', gid.org(one.city));
        url.searchParams.set('schoolYear', '2023');
        const response = await fetch(url, { headers: { authorization: `Bearer ${token(world.users.reporter)}` } });
        expect(response.status).toBe(200);
        const buffer = Buffer.from(await response.arrayBuffer());
        let text: string;
        if (format === 'csv') {
          text = buffer.toString('utf8');
        } else {
          const book = new ExcelJS.Workbook();
          await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
          const values: string[] = [];
          book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value)))));
          values.push(book.creator ?? '', book.lastModifiedBy ?? '');
          text = values.join('\n');
        }
        expect(text).toContain(one.city.name);
        expect({ format, leaked: world.personNames.filter((name) => text.includes(name)) }).toEqual({ format, leaked: [] });
        expect(text).not.toMatch(/Kiểm\d{3}/);
      }
    });

    it('cannot set targets (FORBIDDEN) and has no sibling comparison', async () => {
      const { one } = world.tenants;
      const response = await server.gql(
        `mutation ($input: SetTargetInput!) { setTarget(input: $input) { value } }`,
        { input: { organizationId: gid.org(one.city), year: 2025, metric: 'ADMISSIONS', value: 1 } },
        token(world.users.reporter),
      );
      expect(errorCode(response)).toBe('FORBIDDEN');
      expect(ok(await server.gql<{ siblingComparison: unknown[] }>(`{ siblingComparison { organizationName } }`, {}, token(world.users.reporterC1))).siblingComparison).toEqual([]);
    });
  });

  describe('sibling comparison', () => {
    it.each(PERIODS.map((p) => [p.name, p] as const))("a commune committee sees each sibling commune's membersRatio and admissions for %s", async (_name, p) => {
      const { c2, c3 } = world.tenants.one;
      const reference = new Reference(await loadRows(server.dataSource));
      const data = ok(
        await server.gql<{ siblingComparison: { organizationName: string; membersRatio: number | null; admissions: number; membersRatioByLevel: { level: string; membersRatio: number | null }[] }[] }>(
          `query ($period: PeriodInput) { siblingComparison(period: $period) { organizationName membersRatio admissions membersRatioByLevel { level membersRatio } } }`,
          { period: p.input },
          token(world.users.c1Committee),
        ),
      );
      expect(data.siblingComparison).toEqual(
        [c2, c3].map((sibling) => {
          const expected = reference.statistics(sibling.path, p);
          return {
            organizationName: sibling.name,
            membersRatio: expected.staff.membersRatio,
            admissions: expected.admissions.total,
            membersRatioByLevel: expected.staff.byLevel.map(({ level, membersRatio }) => ({ level, membersRatio })),
          };
        }),
      );
      // Per level, ratios only: c3 has upper and lower secondary schools.
      expect(data.siblingComparison[1].membersRatioByLevel.map((row) => row.level)).toEqual(['LOWER_SECONDARY', 'UPPER_SECONDARY']);
    });

    it("yet the sibling itself stays NOT_FOUND: organization(id), its statistics, its targets", async () => {
      const { c2, cells } = world.tenants.one;
      const t = token(world.users.c1Committee);
      for (const query of [
        `query ($id: ID!) { organization(id: $id) { name } }`,
        `query ($id: ID!) { statistics(organizationId: $id) { staff { members } } }`,
        `query ($id: ID!) { targets(organizationId: $id, year: 2025) { value } }`,
      ]) {
        expect(errorCode(await server.gql(query, { id: gid.org(c2) }, t))).toBe('NOT_FOUND');
        expect(errorCode(await server.gql(query, { id: gid.org(cells.c2a) }, t))).toBe('NOT_FOUND');
      }
      expect(ok(await server.gql<{ node: unknown }>(`query ($id: ID!) { node(id: $id) { id } }`, { id: gid.org(c2) }, t)).node).toBeNull();
    });

    it('the top committee, a secretary and a mentor have no siblings to compare with', async () => {
      for (const user of [world.users.cityCommittee, world.users.secretaryC1a, world.users.mentorC1a, world.users.reporter]) {
        expect(ok(await server.gql<{ siblingComparison: unknown[] }>(`{ siblingComparison { organizationName } }`, {}, token(user))).siblingComparison).toEqual([]);
      }
    });
  });

  describe('setTarget', () => {
    const SET = `mutation ($input: SetTargetInput!) { setTarget(input: $input) { value organization { id } } }`;
    const input = (organization: Organization, extra: Record<string, unknown> = {}) => ({ input: { organizationId: gid.org(organization), year: 2027, metric: 'ADMISSIONS', value: 2, ...extra } });

    it('by a cell secretary, a reporter or a mentor: FORBIDDEN, and nothing is written', async () => {
      const { one } = world.tenants;
      for (const [user, org] of [
        [world.users.secretaryC1a, one.cells.c1a],
        [world.users.reporter, one.city],
        [world.users.reporter, one.cells.c1a],
        [world.users.reporterC1, one.c1],
        [world.users.mentorC1a, one.cells.c1a],
      ] as const) {
        const response = await server.gql(SET, input(org), token(user));
        expect({ user: user.role, org: org.name, code: errorCode(response) }).toEqual({ user: user.role, org: org.name, code: 'FORBIDDEN' });
      }
      const response = await server.gql(SET, input(one.city, { cellSchoolLevel: 'UPPER_SECONDARY' }), token(world.users.reporter));
      expect(errorCode(response)).toBe('FORBIDDEN');
      const rows: unknown[] = await server.dataSource.query(`SELECT id FROM target WHERE year = 2027`);
      expect(rows).toEqual([]);
    });

    it('by a committee for another tenant or a sibling commune: NOT_FOUND, and nothing is written', async () => {
      const { one, two } = world.tenants;
      for (const [user, org, extra] of [
        [world.users.cityCommittee, two.city, {}],
        [world.users.cityCommittee, two.city, { cellSchoolLevel: 'UPPER_SECONDARY' }],
        [world.users.cityCommittee, two.cells.h3, {}],
        [world.users.twoCityCommittee, one.city, { cellSchoolLevel: 'UPPER_SECONDARY' }],
        [world.users.c1Committee, one.c2, {}],
        [world.users.c1Committee, one.cells.cd, {}],
      ] as const) {
        const response = await server.gql(SET, input(org, extra), token(user));
        expect({ org: org.name, code: errorCode(response) }).toEqual({ org: org.name, code: 'NOT_FOUND' });
      }
      const rows: unknown[] = await server.dataSource.query(`SELECT id FROM target WHERE year = 2027`);
      expect(rows).toEqual([]);
    });

    it("a commune committee sets targets in its own subtree, and only its own THPT cells get the per-level target", async () => {
      const { one } = world.tenants;
      const saved = ok(await server.gql<{ setTarget: { organization: { id: string } }[] }>(SET, input(one.c1, { cellSchoolLevel: 'UPPER_SECONDARY' }), token(world.users.c1Committee))).setTarget;
      expect(saved.map((t) => t.organization.id)).toEqual([gid.org(one.cells.c1a)]);
    });
  });
});
