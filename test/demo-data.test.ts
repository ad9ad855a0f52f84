import { startTestServer, ok, type TestServer } from './support/server';
import { seedDemoIfEmpty } from '../src/tools/demo/seed';
import type { DemoSummary } from '../src/tools/demo/model';
import type { ExpectedStatistics } from './support/report/reference';
import { Role } from '../src/domain/enums';

/** The demo data reproduces the source articles' figures, and every demo login works. */
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { role } } }`;

describe('demo data', () => {
  let server: TestServer;
  let summary: DemoSummary;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    server = await startTestServer();
    const seeded = await seedDemoIfEmpty(server.dataSource, server.config);
    if (!seeded) throw new Error('the test database was not empty');
    summary = seeded;
  });
  afterAll(() => server.close());

  async function token(email: string): Promise<string> {
    if (!tokens.has(email)) {
      const data = ok(await server.gql<{ login: { token: string } }>(LOGIN, { email, password: server.config.demoPassword }));
      tokens.set(email, data.login.token);
    }
    return tokens.get(email) as string;
  }

  it('seeds nothing twice', async () => {
    expect(await seedDemoIfEmpty(server.dataSource, server.config)).toBeNull();
  });

  it('has a demo user for every role at every level, each able to log in', async () => {
    const roles = new Set(summary.users.map((u) => u.role));
    expect([...roles].sort()).toEqual([Role.CELL_SECRETARY, Role.COMMITTEE, Role.MENTOR, Role.REPORTER, Role.SYSTEM_ADMIN].sort());
    for (const user of summary.users) {
      const data = ok(await server.gql<{ login: { user: { role: string } } }>(LOGIN, { email: user.email, password: server.config.demoPassword }));
      expect(data.login.user.role).toBe(user.role);
    }
  });

  it('reproduces Tam Đảo: 36 school cells (1 directly under the district), 859 members, 785 of them teachers', async () => {
    const t = await token('committee.tamdao@ketnap.demo');
    const data = ok(
      await server.gql<{
        me: { organization: { name: string; children: { kind: string; name: string }[]; cells: { id: string }[] } };
        members: { totalCount: number };
        teachers: { totalCount: number };
        secretaries: { edges: { node: { isPrincipal: boolean } }[] };
      }>(
        `{ me { organization { name children { kind name } cells { id } } }
           members { totalCount }
           teachers: members(filter: { categories: [TEACHER] }) { totalCount }
           secretaries: members(filter: { isSecretary: true }, first: 100) { edges { node { isPrincipal } } } }`,
        {},
        t,
      ),
    );
    expect(data.me.organization.name).toBe('Huyện ủy Tam Đảo');
    expect(data.me.organization.cells).toHaveLength(36);
    expect(data.me.organization.children.filter((c) => c.kind === 'SCHOOL_CELL')).toHaveLength(1);
    expect(data.members.totalCount).toBe(859);
    expect(data.teachers.totalCount).toBe(785);
    expect(data.secretaries.edges).toHaveLength(36);
    expect(data.secretaries.edges.filter((e) => e.node.isPrincipal)).toHaveLength(29);
  });

  it('reproduces Cao Lãnh: 54 schools all with a party organization, and 48 admissions since 2021 (42 teachers, 6 students)', async () => {
    const t = await token('committee.caolanh@ketnap.demo');
    const data = ok(
      await server.gql<{ schools: { totalCount: number; nodes: { hasPartyOrganization: boolean }[] }; members: { totalCount: number } }>(
        `{ schools(first: 100) { totalCount nodes { hasPartyOrganization } } members { totalCount } }`,
        {},
        t,
      ),
    );
    expect(data.schools.totalCount).toBe(54);
    expect(data.schools.nodes.every((s) => s.hasPartyOrganization)).toBe(true);
    expect(data.members.totalCount).toBe(1353);
    // Reporting (statistics) comes with the reporting issue; until then the seed is checked in SQL.
    const rows: { category: string; n: string | number }[] = await server.dataSource.query(
      `SELECT c.category AS category, COUNT(DISTINCT c.id) AS n
         FROM candidate_stage_event e JOIN candidate c ON c.id = e.candidate_id JOIN organization o ON o.id = c.tenant_id
        WHERE o.name = ? AND e.to_stage = 'ADMITTED' AND e.occurred_on >= '2021-01-01'
        GROUP BY c.category ORDER BY c.category`,
      ['Thành ủy Cao Lãnh'],
    );
    expect(rows.map((r) => [r.category, Number(r.n)])).toEqual([
      ['STUDENT', 6],
      ['TEACHER', 42],
    ]);
  });

  it("tells THCS Bình Thành's story: two candidates admitted at the ceremony of 13/4/2022", async () => {
    const t = await token('secretary.dinhhoa@ketnap.demo');
    const data = ok(
      await server.gql<{ candidates: { nodes: { fullName: string; history: { toStage: string; occurredOn: string }[] }[] } }>(
        `{ candidates(first: 50) { nodes { fullName history { toStage occurredOn } } } }`,
        {},
        t,
      ),
    );
    for (const name of ['Phan Đình Hùng', 'Trần Thị Mai']) {
      const candidate = data.candidates.nodes.find((c) => c.fullName === name);
      expect(candidate?.history).toEqual(expect.arrayContaining([{ toStage: 'PROBATIONARY', occurredOn: '2022-04-13' }]));
    }
  });

  it('has candidates at every stage of the path', async () => {
    const t = await token('admin@ketnap.demo');
    const stages = ['SOURCE', 'SYMPATHIZER', 'TRAINED', 'DOSSIER', 'CELL_RESOLVED', 'COMMITTEE_RESOLVED', 'PROBATIONARY', 'OFFICIAL'];
    for (const stage of stages) {
      const data = ok(await server.gql<{ candidates: { totalCount: number } }>(`query ($s: [CandidateStage!]) { candidates(filter: { stages: $s }) { totalCount } }`, { s: [stage] }, t));
      expect({ stage, some: data.candidates.totalCount > 0 }).toEqual({ stage, some: true });
    }
  });

  it("keeps Cai Lậy's three upper-secondary cells directly under the Thị ủy, and tenants apart", async () => {
    const t = await token('committee.cailay@ketnap.demo');
    const data = ok(
      await server.gql<{ organizations: { totalCount: number; nodes: { name: string; parent: { name: string } }[] }; all: { nodes: { name: string }[] } }>(
        `{ organizations(filter: { kinds: [SCHOOL_CELL], search: "THPT" }) { totalCount nodes { name parent { name } } }
           all: organizations(first: 100) { nodes { name } } }`,
        {},
        t,
      ),
    );
    expect(data.organizations.nodes.map((n) => n.name).sort()).toEqual(['Chi bộ Trường THPT Lê Văn Phẩm', 'Chi bộ Trường THPT Tứ Kiệt', 'Chi bộ Trường THPT Đốc Binh Kiều'].sort());
    expect(data.organizations.nodes.every((n) => n.parent.name === 'Thị ủy Cai Lậy')).toBe(true);
    expect(data.all.nodes.some((n) => /Cao Lãnh|Tam Đảo|Định Hóa/.test(n.name))).toBe(false);
  });

  // Reporting (statistics) through GraphQL: the articles' figures as a committee reads them.
  const STATISTICS = `query ($id: ID!, $period: PeriodInput) {
    statistics(organizationId: $id, period: $period) {
      period { from to headcountSchoolYear }
      schools { total withPartyOrganization }
      cells { total withPrincipalSecretary }
      staff { managers teachers staff total members teacherMembers membersRatio byLevel { level managers teachers staff total members teacherMembers membersRatio } }
      admissions { total byCategory { category count } byLevel { level count } }
      officialRecognitions { total }
      targets { metric target result reached }
    }
  }`;
  /** The figures the query selects, shaped as the reference computation's (./support/report/reference.ts). */
  interface DemoStatistics {
    statistics: Pick<ExpectedStatistics, 'period' | 'schools' | 'cells' | 'staff' | 'admissions' | 'officialRecognitions' | 'targets'>;
  }
  async function rootStatistics(email: string, period: Record<string, unknown>) {
    const t = await token(email);
    const me = ok(await server.gql<{ me: { organization: { id: string } } }>(`{ me { organization { id } } }`, {}, t));
    const data = ok(await server.gql<DemoStatistics>(STATISTICS, { id: me.me.organization.id, period }, t));
    return data.statistics;
  }

  // The school year 2025-2026 (to 31 August 2026) holds all 859; a member admitted in 2026 is not yet one at the end of the calendar year 2025.
  it('reports Tam Đảo for the school year 2025-2026: 859 members = 74.6% of managers, teachers and staff, 36 cells, 29 with the principal as secretary', async () => {
    const s = await rootStatistics('committee.tamdao@ketnap.demo', { schoolYear: 2025 });
    expect(s.period.headcountSchoolYear).toBe(2025);
    expect(s.staff.members).toBe(859);
    expect(s.staff.teacherMembers).toBe(785);
    expect(s.staff.total).toBe(1151);
    expect(s.staff.membersRatio).not.toBeNull();
    expect(Math.round((s.staff.membersRatio as number) * 1000) / 1000).toBe(0.746);
    expect(s.cells).toEqual({ total: 36, withPrincipalSecretary: 29 });
  });

  // Tam Đảo's members were seeded as a roster (admission dates, no candidate history), as an import leaves them.
  it('reports Tam Đảo: 210 admitted from 2017 to 2022, from the roster of members, and no admission counted twice', async () => {
    const s = await rootStatistics('committee.tamdao@ketnap.demo', { from: '2017-01-01', to: '2022-12-31' });
    expect(s.admissions.total).toBe(210);
    expect(s.admissions.byCategory.reduce((n, c) => n + c.count, 0)).toBe(210);
    expect(s.admissions.byLevel.reduce((n, l) => n + l.count, 0)).toBe(210);
    expect(s.admissions.byLevel.map((l) => l.level)).toEqual(['PRESCHOOL', 'PRIMARY', 'LOWER_SECONDARY']);
    // Recognitions follow the admissions by a year: those of the 210 recognised by the end of 2022 and the older ones'.
    expect(s.officialRecognitions.total).toBeGreaterThan(0);
    // Cao Lãnh's admitted candidates are members too (same national ID): counted once, from their history.
    const caoLanh = await rootStatistics('committee.caolanh@ketnap.demo', { from: '2021-01-01', to: '2026-11-22' });
    expect(caoLanh.admissions.total).toBe(48);
    // Định Hóa: Phan Đình Hùng and Trần Thị Mai, admitted by decision of 2022-03-15, once each.
    const dinhHoa = await rootStatistics('committee.dinhhoa@ketnap.demo', { year: 2022 });
    expect(dinhHoa.admissions.byCategory).toEqual([{ category: 'TEACHER', count: 2 }]);
  });

  it('reports Tam Đảo by school level for the school year 2025-2026: staff, teachers, members and their share, adding up to the totals', async () => {
    const s = await rootStatistics('committee.tamdao@ketnap.demo', { schoolYear: 2025 });
    const levels = s.staff.byLevel;
    expect(levels.map((l) => l.level)).toEqual(['PRESCHOOL', 'PRIMARY', 'LOWER_SECONDARY']);
    expect(levels.reduce((n, l) => n + l.total, 0)).toBe(1151);
    expect(levels.reduce((n, l) => n + l.members, 0)).toBe(859);
    expect(levels.reduce((n, l) => n + l.teacherMembers, 0)).toBe(785);
    expect(levels.reduce((n, l) => n + l.teachers, 0)).toBe(s.staff.teachers);
    for (const l of levels) {
      expect(l.total).toBe(l.managers + l.teachers + l.staff);
      expect(l.membersRatio).toBe(l.members / l.total);
    }
  });

  it('reports Cao Lãnh: 48 admissions from 2021 to today (42 teachers, 6 students), and 70.16% members in 2025', async () => {
    const range = await rootStatistics('committee.caolanh@ketnap.demo', { from: '2021-01-01', to: '2026-11-22' });
    expect(range.admissions.total).toBe(48);
    expect(range.admissions.byCategory).toEqual([
      { category: 'TEACHER', count: 42 },
      { category: 'STUDENT', count: 6 },
    ]);
    const year = await rootStatistics('committee.caolanh@ketnap.demo', { year: 2025 });
    expect(year.schools).toEqual({ total: 54, withPartyOrganization: 54 });
    expect(year.staff.membersRatio).not.toBeNull();
    expect(Math.round((year.staff.membersRatio as number) * 10000) / 100).toBe(70.16);
  });

  it("lists Cai Lậy's targets for 2025: each of the 3 THPT cells admits 1 student and sends 10 to the awareness class", async () => {
    const t = await token('committee.cailay@ketnap.demo');
    const me = ok(await server.gql<{ me: { organization: { id: string } } }>(`{ me { organization { id } } }`, {}, t));
    const data = ok(
      await server.gql<{ targets: { metric: string; value: number; year: number; organization: { name: string; kind: string; school: { level: string } | null } }[] }>(
        `query ($id: ID!) { targets(organizationId: $id, year: 2025) { metric value year organization { name kind school { level } } } }`,
        { id: me.me.organization.id },
        t,
      ),
    );
    expect(data.targets).toHaveLength(6);
    const cells = [...new Set(data.targets.map((row) => row.organization.name))].sort();
    expect(cells).toEqual(['Chi bộ Trường THPT Lê Văn Phẩm', 'Chi bộ Trường THPT Tứ Kiệt', 'Chi bộ Trường THPT Đốc Binh Kiều'].sort());
    for (const name of cells) {
      const ofCell = data.targets.filter((row) => row.organization.name === name);
      expect(ofCell.map((row) => [row.metric, row.value, row.year]).sort()).toEqual([
        ['STUDENT_ADMISSIONS', 1, 2025],
        ['STUDENT_AWARENESS_CLASS', 10, 2025],
      ]);
      expect(ofCell.every((row) => row.organization.kind === 'SCHOOL_CELL' && row.organization.school?.level === 'UPPER_SECONDARY')).toBe(true);
    }
    const s = await rootStatistics('committee.cailay@ketnap.demo', { year: 2025 });
    expect(s.targets.map((row) => [row.metric, row.target])).toEqual([
      ['STUDENT_ADMISSIONS', 3],
      ['STUDENT_AWARENESS_CLASS', 30],
    ]);
  });
});
