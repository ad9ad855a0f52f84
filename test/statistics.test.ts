import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { gid } from './factories';
import { fromGlobalId } from '../src/graphql/global-id';
import { Target, TargetMetric } from '../src/modules/report/target.entity';
import { CandidateStage, OrganizationKind, SchoolLevel } from '../src/domain/enums';
import { School } from '../src/modules/school/school.entity';
import type { Organization } from '../src/modules/organization/organization.entity';
import { buildReportWorld, type ReportWorld } from './support/report/world';
import { PERIODS, TODAY, type PeriodCase } from './support/report/periods';
import { loadRows, Reference } from './support/report/reference';
import { figuresOf, STATISTICS_QUERY, type GqlStatistics } from './support/report/statistics-query';

/**
 * Roll-up reporting against a reference computation: every figure of `statistics`, for the root
 * and for each child in byChild, for a calendar year, a school year and a free range, equals
 * what plain TypeScript computes from the same rows (./support/report/reference.ts). Runs on SQLite,
 * and on MariaDB/MySQL with DATABASE_URL=mysql://...
 */
describe(`statistics: the reference computation (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let server: TestServer;
  let world: ReportWorld;
  let committeeToken: string;

  beforeAll(async () => {
    // One query below asks for a report of each child (`children { statistics }`), costed as 100
    // reports, over the default limit: cost-limits.test.ts tests the limit.
    server = await startTestServer({ maxQueryComplexity: 100_000 });
    world = await buildReportWorld(server.dataSource);
    committeeToken = server.tokenFor(world.users.cityCommittee);
  });
  afterAll(() => server.close());

  async function statistics(organizationId: number, period: Record<string, unknown>, token = committeeToken) {
    const response = await server.gql<{ statistics: GqlStatistics }>(STATISTICS_QUERY, { id: gid.org({ id: organizationId }), period }, token);
    return { statistics: ok(response).statistics, statements: response.statements };
  }

  const idOf = (ref: { id: string } | null): number => fromGlobalId(ref?.id ?? '')?.id ?? NaN;

  it('has a varied fixture: every stage, category and level, corrected steps, stalls and deadlines', async () => {
    const rows = await loadRows(server.dataSource);
    const reference = new Reference(rows);
    expect(new Set(rows.candidates.map((c) => c.stage))).toEqual(new Set(Object.values(CandidateStage)));
    expect(new Set(rows.members.map((m) => `${m.category}/${m.status}`)).size).toBe(8);
    expect(rows.events.filter((e) => e.corrected)).toHaveLength(2);
    expect(rows.candidates.some((c) => c.deadlineOn !== null && c.deadlineOn < TODAY)).toBe(true);
    expect(rows.candidates.some((c) => c.deadlineOn !== null && c.deadlineOn >= TODAY)).toBe(true);
    // Each period sees admissions, recognitions and awareness classes, of students too.
    for (const period of PERIODS) {
      const s = reference.statistics(world.tenants.one.city.path, period);
      expect({ period: period.name, admissions: s.admissions.total > 0, official: s.officialRecognitions.total > 0, trained: s.awarenessClassStudents > 0 }).toEqual({
        period: period.name,
        admissions: true,
        official: true,
        trained: true,
      });
    }
  });

  describe.each(PERIODS.map((p) => [p.name, p] as [string, PeriodCase]))('for %s', (_name, period) => {
    it('the root and every child in byChild report exactly the reference figures', async () => {
      const { city } = world.tenants.one;
      const { statistics: s } = await statistics(city.id, period.input);
      const reference = new Reference(await loadRows(server.dataSource));
      expect(idOf(s.organization)).toBe(city.id);
      expect(figuresOf(s, false)).toEqual(figuresOf(reference.statistics(city.path, period), false));
      const children = reference.childrenOf(city.id);
      expect(s.byChild.map((c) => idOf(c.organization)).sort((a, b) => a - b)).toEqual(children.map((c) => c.id));
      for (const child of children) {
        const got = s.byChild.find((c) => idOf(c.organization) === child.id)!;
        expect({ child: child.name, ...figuresOf(got, false) }).toEqual({ child: child.name, ...figuresOf(reference.statistics(child.path, period), false) });
      }
    });

    it('a commune and a cell report the reference figures as roots of their own', async () => {
      const { c2, cells } = world.tenants.one;
      const reference = new Reference(await loadRows(server.dataSource));
      for (const root of [c2, cells.c1a, cells.cd, world.tenants.one.schoolCommittee, cells.sc1]) {
        const { statistics: s } = await statistics(root.id, period.input);
        expect({ root: root.name, ...figuresOf(s, false) }).toEqual({ root: root.name, ...figuresOf(reference.statistics(root.path, period), false) });
        for (const child of reference.childrenOf(root.id)) {
          const got = s.byChild.find((c) => idOf(c.organization) === child.id);
          expect({ child: child.name, ...figuresOf(got!, false) }).toEqual({ child: child.name, ...figuresOf(reference.statistics(child.path, period), false) });
        }
      }
    });

    it("the other tenant's root reports its own figures only", async () => {
      const { city } = world.tenants.two;
      const { statistics: s } = await statistics(city.id, period.input, server.tokenFor(world.users.twoCityCommittee));
      const reference = new Reference(await loadRows(server.dataSource));
      expect(figuresOf(s, false)).toEqual(figuresOf(reference.statistics(city.path, period), false));
      for (const child of reference.childrenOf(city.id)) {
        const got = s.byChild.find((c) => idOf(c.organization) === child.id)!;
        expect(figuresOf(got, false)).toEqual(figuresOf(reference.statistics(child.path, period), false));
      }
    });

    it("targets: the period's year's targets summed over each subtree, against the results of that year up to the end of the period", async () => {
      const { city } = world.tenants.one;
      const { statistics: s } = await statistics(city.id, period.input);
      const reference = new Reference(await loadRows(server.dataSource));
      expect(s.targets.length).toBeGreaterThan(0);
      expect({ root: city.name, targets: s.targets }).toEqual({ root: city.name, targets: reference.statistics(city.path, period).targets });
      for (const child of reference.childrenOf(city.id)) {
        const got = s.byChild.find((c) => idOf(c.organization) === child.id)!;
        expect({ child: child.name, targets: got.targets }).toEqual({ child: child.name, targets: reference.statistics(child.path, period).targets });
      }
    });

    it('targetsBehind lists the organizations behind their own targets, by the end of the period', async () => {
      const { city } = world.tenants.one;
      const { statistics: s } = await statistics(city.id, period.input);
      const reference = new Reference(await loadRows(server.dataSource));
      const got = s.targetsBehind.map((row) => ({ organizationId: idOf(row.organization), metric: row.metric, target: row.target, result: row.result }));
      expect(got.sort((a, b) => a.organizationId - b.organizationId || a.metric.localeCompare(b.metric))).toEqual(reference.targetsBehind(city.path, period));
    });

    it("a cell's own target and targetsBehind agree: a cell is listed behind exactly when its targets row says not reached", async () => {
      const { cells } = world.tenants.one;
      const reference = new Reference(await loadRows(server.dataSource));
      for (const cell of Object.values(cells)) {
        const own = reference.rows.targets.filter((t) => t.organizationId === cell.id && t.year === period.targetYear);
        if (own.length === 0) continue;
        const { statistics: s } = await statistics(cell.id, period.input);
        const behind = new Set(s.targetsBehind.map((row) => row.metric));
        const notReached = new Set(s.targets.filter((t) => !t.reached).map((t) => t.metric));
        expect({ cell: cell.name, behind: [...behind].sort() }).toEqual({ cell: cell.name, behind: [...notReached].sort() });
      }
    });
  });

  it('Organization.statistics(period) is the same report as Query.statistics', async () => {
    const { city, c1 } = world.tenants.one;
    const period = PERIODS[0];
    const data = ok(
      await server.gql<{ organization: { statistics: GqlStatistics; children: { id: string; statistics: { staff: { members: number }; admissions: { total: number } } }[] } }>(
        `query ($id: ID!, $period: PeriodInput) { organization(id: $id) {
           statistics(period: $period) { staff { members membersRatio } admissions { total } candidatesByStage { stage count } }
           children { id statistics(period: $period) { staff { members } admissions { total } } } } }`,
        { id: gid.org(city), period: period.input },
        committeeToken,
      ),
    );
    const reference = new Reference(await loadRows(server.dataSource));
    const expected = reference.statistics(city.path, period);
    expect(data.organization.statistics).toEqual({ staff: { members: expected.staff.members, membersRatio: expected.staff.membersRatio }, admissions: { total: expected.admissions.total }, candidatesByStage: expected.candidatesByStage });
    const c1Row = data.organization.children.find((c) => c.id === gid.org(c1))!;
    const c1Expected = reference.statistics(c1.path, period);
    expect(c1Row.statistics).toEqual({ staff: { members: c1Expected.staff.members }, admissions: { total: c1Expected.admissions.total } });
  });

  it('takes the same number of SQL statements for a root with 2 children as for one with 6', async () => {
    const { c1, c2 } = world.tenants.one;
    const reference = new Reference(await loadRows(server.dataSource));
    expect(reference.childrenOf(c1.id)).toHaveLength(2);
    expect(reference.childrenOf(c2.id)).toHaveLength(6);
    // A first request may fill per-process caches; count on warm ones.
    await statistics(c1.id, PERIODS[0].input);
    for (const period of PERIODS) {
      const two = await statistics(c1.id, period.input);
      const six = await statistics(c2.id, period.input);
      const twoAgain = await statistics(c1.id, period.input);
      expect(two.statistics.byChild).toHaveLength(2);
      expect(six.statistics.byChild).toHaveLength(6);
      expect(Number.isFinite(two.statements)).toBe(true);
      expect(two.statements).toBeGreaterThan(0);
      expect({ period: period.name, six: six.statements, twoAgain: twoAgain.statements }).toEqual({ period: period.name, six: two.statements, twoAgain: two.statements });
    }
  });

  it('reports a past period as it stood then: a candidate now OFFICIAL was CELL_RESOLVED at the end of 2023-03-31', async () => {
    const { cd } = world.tenants.one.cells;
    const candidate = world.resolvedThenOfficial;
    const reference = new Reference(await loadRows(server.dataSource));
    expect(reference.rows.candidates.find((c) => c.id === candidate.id)?.stage).toBe(CandidateStage.OFFICIAL);
    expect(reference.stageAt(candidate.id, '2023-03-31')?.toStage).toBe(CandidateStage.CELL_RESOLVED);

    const range = PERIODS[2];
    const then = (await statistics(cd.id, range.input)).statistics;
    // cd's hand-made candidates at 2023-03-31: this one CELL_RESOLVED, a student TRAINED (2023-03-09), a staff member at SOURCE (2023-01-09).
    expect(then.candidatesByStage).toEqual([
      { stage: 'SOURCE', count: 1 },
      { stage: 'TRAINED', count: 1 },
      { stage: 'CELL_RESOLVED', count: 1 },
    ]);
    // The member the ceremony made was not one yet; at the end of 2023 a probationary one; in 2024 official.
    expect(then.staff.members).toBe(reference.statistics(cd.path, range).staff.members);
    const y2023 = (await statistics(cd.id, { year: 2023 })).statistics;
    const y2024 = (await statistics(cd.id, { year: 2024 })).statistics;
    expect(y2023.staff.members - then.staff.members).toBe(reference.rows.members.filter((m) => m.organizationId === cd.id && m.admittedOn !== null && m.admittedOn > '2023-03-31' && m.admittedOn <= '2023-12-31' && m.category !== 'STUDENT').length);
    // At the end of 2023: this one and a staff candidate admitted in October 2023 are probationary.
    expect(y2023.candidatesByStage.find((c) => c.stage === 'PROBATIONARY')?.count).toBe(2);
    expect(y2023.admissions).toEqual({
      total: 2,
      byCategory: [
        { category: 'TEACHER', count: 1 },
        { category: 'STAFF', count: 1 },
      ],
      byLevel: [{ level: 'UPPER_SECONDARY', count: 2 }],
    });
    expect(y2024.officialRecognitions.total).toBe(1);
    const now = (await statistics(cd.id, { from: '2026-01-01', to: TODAY })).statistics;
    expect(now.candidatesByStage.find((c) => c.stage === 'OFFICIAL')?.count).toBe(1);
    expect(now.candidatesByStage.some((c) => c.stage === 'CELL_RESOLVED')).toBe(false);
    expect(now.candidatesByStage.find((c) => c.stage === 'PROBATION_NOT_RECOGNIZED')?.count).toBe(1);
  });

  it('does not count a reverted (corrected) step: the 2025 admission in c1a and the 2023 awareness class in c2b', async () => {
    const { c1a, c2b } = world.tenants.one.cells;
    const reference = new Reference(await loadRows(server.dataSource));
    const corrected = reference.rows.events.filter((e) => e.corrected);
    expect(corrected.map((e) => [e.organizationId, e.toStage]).sort()).toEqual(
      [
        [c1a.id, 'ADMITTED'],
        [c2b.id, 'TRAINED'],
      ].sort(),
    );
    const y2025 = (await statistics(c1a.id, { year: 2025 })).statistics;
    const withCorrected = reference.rows.events.filter((e) => e.organizationId === c1a.id && e.kind === 'STEP' && e.toStage === 'ADMITTED' && e.occurredOn.startsWith('2025')).length;
    expect(y2025.admissions.total).toBe(withCorrected - 1);
    const sy2023 = (await statistics(c2b.id, { schoolYear: 2023 })).statistics;
    const trainedWithCorrected = reference.rows.events.filter((e) => e.organizationId === c2b.id && e.kind === 'STEP' && e.toStage === 'TRAINED' && e.occurredOn >= '2023-09-01' && e.occurredOn <= '2024-08-31').length;
    expect(sy2023.awarenessClass.total).toBe(trainedWithCorrected - 1);
  });

  describe('members without a candidate history (rosters): their admissions and recognitions count, once per person', () => {
    const day = (on: string) => ({ from: on, to: on });

    it('the fixture has roster admissions and recognitions in every period, and roster rows of people who have a history', async () => {
      const rows = await loadRows(server.dataSource);
      const reference = new Reference(rows);
      const { city } = world.tenants.one;
      for (const period of PERIODS) {
        const roster = (stage: CandidateStage, pick: (m: (typeof rows.members)[number]) => string | null) =>
          rows.members.filter((m) => reference.organization(m.organizationId).path.startsWith(city.path) && (pick(m) ?? '') >= period.from && (pick(m) ?? '9999') <= period.to).length;
        expect({ period: period.name, admissions: roster(CandidateStage.ADMITTED, (m) => m.admittedOn) > 0, recognitions: roster(CandidateStage.OFFICIAL, (m) => (m.status === 'OFFICIAL' ? m.officialOn : null)) > 0 }).toEqual({
          period: period.name,
          admissions: true,
          recognitions: true,
        });
      }
      // Linked by the candidate's member id (cd), or by the national ID alone (sc1).
      expect(rows.members.filter((m) => rows.candidates.some((c) => c.memberId === m.id || (m.nationalId !== null && c.nationalId === m.nationalId)))).toHaveLength(3);
    });

    it("a roster member's admission (admittedOn) and recognition (officialOn) count in their cell, by their category and the cell's level", async () => {
      const { sc1 } = world.tenants.one.cells;
      const admitted = (await statistics(sc1.id, day('2022-11-14'))).statistics;
      expect(admitted.admissions).toEqual({ total: 1, byCategory: [{ category: 'STAFF', count: 1 }], byLevel: [{ level: 'UPPER_SECONDARY', count: 1 }] });
      const recognised = (await statistics(sc1.id, day('2023-11-20'))).statistics;
      expect(recognised.officialRecognitions).toEqual({ total: 1, byCategory: [{ category: 'STAFF', count: 1 }], byLevel: [{ level: 'UPPER_SECONDARY', count: 1 }] });
      // Up to the committee and the city, under the school committee's child bucket.
      const city = (await statistics(world.tenants.one.city.id, day('2022-11-14'))).statistics;
      const c3 = city.byChild.find((c) => idOf(c.organization) === world.tenants.one.c3.id)!;
      expect(c3.admissions.total).toBe(1);
    });

    it('a member whose person has a standing step counts from the history only: the same national ID (sc1), the candidate linked to the member (cd)', async () => {
      const { sc1, cd } = world.tenants.one.cells;
      // sc1: decision 2022-05-16 (counted), roster admission 2022-06-01 (not); recognition decision 2023-06-12 (counted), roster 2023-06-01 (not).
      expect((await statistics(sc1.id, day('2022-05-16'))).statistics.admissions.total).toBe(1);
      expect((await statistics(sc1.id, day('2022-06-01'))).statistics.admissions.total).toBe(0);
      expect((await statistics(sc1.id, day('2023-06-12'))).statistics.officialRecognitions.total).toBe(1);
      expect((await statistics(sc1.id, day('2023-06-01'))).statistics.officialRecognitions.total).toBe(0);
      // sc1's member of the same national ID is a member all the same.
      expect((await statistics(sc1.id, day('2022-06-01'))).statistics.staff.members).toBe((await statistics(sc1.id, day('2022-05-31'))).statistics.staff.members + 1);
      // cd: decision 2023-04-14, ceremony (the member's admittedOn) 2023-05-05; recognition 2024-05-20 on both sides.
      expect((await statistics(cd.id, day('2023-04-14'))).statistics.admissions.total).toBe(1);
      expect((await statistics(cd.id, day('2023-05-05'))).statistics.admissions.total).toBe(0);
      expect((await statistics(cd.id, day('2024-05-20'))).statistics.officialRecognitions.total).toBe(1);
    });

    it('roster admissions count toward the admission targets of their year', async () => {
      const reference = new Reference(await loadRows(server.dataSource));
      const rosterIn2025 = (cell: Organization) => reference.rows.members.filter((m) => m.organizationId === cell.id && m.admittedOn?.startsWith('2025'));
      // A cell with roster admissions in 2025 and no target of that year.
      const cell = Object.values(world.tenants.one.cells).find((c) => rosterIn2025(c).length > 0 && !reference.rows.targets.some((t) => t.organizationId === c.id && t.year === 2025))!;
      expect(cell).toBeDefined();
      const admitted = reference.stepsTaken(cell.path, CandidateStage.ADMITTED, '2025-01-01', '2025-12-31').length;
      const steps = reference.rows.events.filter((e) => e.organizationId === cell.id && e.kind === 'STEP' && !e.corrected && e.toStage === 'ADMITTED' && e.occurredOn.startsWith('2025'));
      expect(admitted).toBe(rosterIn2025(cell).length + steps.length);
      await server.dataSource.getRepository(Target).insert({ tenantId: cell.tenantId, organizationId: cell.id, year: 2025, metric: TargetMetric.ADMISSIONS, value: steps.length + 1 });
      try {
        const { statistics: s } = await statistics(cell.id, { year: 2025 });
        expect(s.admissions.total).toBe(admitted);
        expect(s.targets).toEqual([{ metric: 'ADMISSIONS', target: steps.length + 1, result: admitted, reached: true }]);
      } finally {
        await server.dataSource.getRepository(Target).delete({ organizationId: cell.id, year: 2025 });
      }
    });
  });

  describe('staff and members by school level', () => {
    it('every level the subtree has: headcounts by their school, members by their cell’s school; the levels add up to the totals', async () => {
      const { city } = world.tenants.one;
      const reference = new Reference(await loadRows(server.dataSource));
      for (const period of PERIODS) {
        const { statistics: s } = await statistics(city.id, period.input);
        expect(s.staff.byLevel).toEqual(reference.statistics(city.path, period).staff.byLevel);
        const add = (pick: (row: (typeof s.staff.byLevel)[number]) => number) => s.staff.byLevel.reduce((n, row) => n + pick(row), 0);
        // Every staff member sits in a cell with a level; every headcount has its school's level.
        expect({ period: period.name, total: add((r) => r.total), members: add((r) => r.members), teachers: add((r) => r.teachers) }).toEqual({
          period: period.name,
          total: s.staff.total,
          members: s.staff.members,
          teachers: s.staff.teachers,
        });
      }
    });

    it("cells under a school committee count at the committee's school's level", async () => {
      const { schoolCommittee, cells } = world.tenants.one;
      const reference = new Reference(await loadRows(server.dataSource));
      const period = PERIODS[0];
      const { statistics: s } = await statistics(schoolCommittee.id, period.input);
      const members = reference.rows.members.filter((m) => [cells.sc1.id, cells.sc2.id].includes(m.organizationId) && m.category !== 'STUDENT' && (m.admittedOn === null || m.admittedOn <= period.to));
      expect(members.length).toBeGreaterThan(0);
      expect(s.staff.byLevel).toHaveLength(1);
      expect(s.staff.byLevel[0]).toEqual(expect.objectContaining({ level: 'UPPER_SECONDARY', members: members.length, total: s.staff.total }));
      expect(s.staff.byLevel[0].membersRatio).toBe(members.length / s.staff.total);
      // Its cells have no headcount of their own, their members are THPT members all the same.
      const cell = s.byChild.find((c) => idOf(c.organization) === cells.sc1.id)!;
      expect(cell.staff.total).toBe(0);
      expect(cell.staff.byLevel).toEqual([expect.objectContaining({ level: 'UPPER_SECONDARY', total: 0, membersRatio: null, members: cell.staff.members })]);
    });

    it('a level with schools but no party members (a school without a party organization) shows a ratio of 0', async () => {
      const { c3 } = world.tenants.one;
      const { statistics: s } = await statistics(c3.id, PERIODS[0].input);
      const lower = s.staff.byLevel.find((row) => row.level === 'LOWER_SECONDARY');
      expect(lower).toEqual(expect.objectContaining({ members: 0, teacherMembers: 0, membersRatio: 0 }));
      expect(lower!.total).toBeGreaterThan(0);
    });
  });

  describe('targets through the API', () => {
    const SET = `mutation ($input: SetTargetInput!) { setTarget(input: $input) { year metric value organization { id name kind school { level } } } }`;

    it('setTarget with cellSchoolLevel UPPER_SECONDARY sets one per THPT cell; the committee sees the sum; targetsBehind lists the cells below theirs', async () => {
      const { city, cells } = world.tenants.one;
      const schools = await server.dataSource.getRepository(School).find();
      const thptCells = Object.values(cells).filter((cell) => schools.some((s) => s.organizationId === cell.id && s.level === SchoolLevel.UPPER_SECONDARY));
      expect(thptCells.map((c) => c.name).sort()).toEqual(
        ['Chi bộ Trường THPT Một A1', 'Chi bộ Trường THPT Một B2', 'Chi bộ Trường THPT Một B6', 'Chi bộ Trường THPT Một C1', 'Chi bộ Trường THPT Một D'].sort(),
      );
      const saved = ok(
        await server.gql<{ setTarget: { year: number; metric: string; value: number; organization: { id: string; kind: string; school: { level: string } } }[] }>(
          SET,
          { input: { organizationId: gid.org(city), year: 2025, metric: 'STUDENT_ADMISSIONS', value: 1, cellSchoolLevel: 'UPPER_SECONDARY' } },
          committeeToken,
        ),
      ).setTarget;
      expect(saved.map((t) => t.organization.id).sort()).toEqual(thptCells.map((c) => gid.org(c)).sort());
      expect(saved.every((t) => t.year === 2025 && t.metric === 'STUDENT_ADMISSIONS' && t.value === 1 && t.organization.kind === 'SCHOOL_CELL' && t.organization.school.level === 'UPPER_SECONDARY')).toBe(true);
      // One row per cell: c1a's earlier target of 3 was replaced, not doubled.
      const rows = await server.dataSource.getRepository(Target).find({ where: { year: 2025, metric: TargetMetric.STUDENT_ADMISSIONS } });
      expect(rows.filter((r) => r.tenantId === city.tenantId).map((r) => [r.organizationId, r.value]).sort()).toEqual(thptCells.map((c) => [c.id, 1]).sort());

      const listed = ok(
        await server.gql<{ targets: { metric: string; value: number; year: number; organization: { id: string } }[] }>(
          `query ($id: ID!) { targets(organizationId: $id, year: 2025) { metric value year organization { id } } }`,
          { id: gid.org(city) },
          committeeToken,
        ),
      ).targets;
      const reference = new Reference(await loadRows(server.dataSource));
      const expectedRows = reference.rows.targets.filter((t) => t.year === 2025 && t.tenantId === city.tenantId);
      expect(listed.map((t) => [idOf(t.organization), t.metric, t.value]).sort()).toEqual(expectedRows.map((t) => [t.organizationId, t.metric, t.value]).sort());

      const period = PERIODS[0];
      const { statistics: s } = await statistics(city.id, period.input);
      const studentAdmissions = s.targets.find((t) => t.metric === 'STUDENT_ADMISSIONS')!;
      expect(studentAdmissions.target).toBe(thptCells.length);
      expect(s.targets).toEqual(reference.statistics(city.path, period).targets);
      const behindCells = s.targetsBehind.filter((row) => row.metric === 'STUDENT_ADMISSIONS').map((row) => idOf(row.organization));
      const expectedBehind = thptCells.filter((cell) => reference.targetResult(cell.path, TargetMetric.STUDENT_ADMISSIONS, period) < 1).map((c) => c.id);
      expect(behindCells.sort((a, b) => a - b)).toEqual(expectedBehind.sort((a, b) => a - b));
      // The fixture has THPT cells on both sides: cd admitted a student in 2025.
      expect(expectedBehind.length).toBeGreaterThan(0);
      expect(expectedBehind).not.toContain(cells.cd.id);
      // A commune committee's targets are its subtree's.
      const c1Targets = ok(
        await server.gql<{ targets: { metric: string; value: number; organization: { id: string } }[] }>(
          `query ($id: ID!) { targets(organizationId: $id, year: 2025) { metric value organization { id } } }`,
          { id: gid.org(world.tenants.one.c1) },
          server.tokenFor(world.users.c1Committee),
        ),
      ).targets;
      expect(c1Targets.map((t) => [idOf(t.organization), t.metric, t.value]).sort()).toEqual(
        reference.rows.targets.filter((t) => t.year === 2025 && reference.organization(t.organizationId).path.startsWith(world.tenants.one.c1.path)).map((t) => [t.organizationId, t.metric, t.value]).sort(),
      );
    });

    it('setTarget on a single organization replaces its target of the same year and metric', async () => {
      const { c2 } = world.tenants.one;
      for (const value of [7, 9]) {
        const saved = ok(await server.gql<{ setTarget: { value: number; organization: { id: string } }[] }>(SET, { input: { organizationId: gid.org(c2), year: 2026, metric: 'ADMISSIONS', value } }, committeeToken)).setTarget;
        expect(saved).toEqual([{ year: 2026, metric: 'ADMISSIONS', value, organization: expect.objectContaining({ id: gid.org(c2), kind: OrganizationKind.COMMUNE_COMMITTEE }) }]);
      }
      const rows = await server.dataSource.getRepository(Target).find({ where: { organizationId: c2.id, year: 2026 } });
      expect(rows.map((r) => [r.metric, r.value])).toEqual([['ADMISSIONS', 9]]);
    });

    it('setTarget with a level no cell of the subtree has is BAD_USER_INPUT', async () => {
      const response = await server.gql(SET, { input: { organizationId: gid.org(world.tenants.one.c1), year: 2025, metric: 'ADMISSIONS', value: 1, cellSchoolLevel: 'HIGHER' } }, committeeToken);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });
  });

  describe('periods', () => {
    it.each([
      ['two forms at once (year and schoolYear)', { year: 2025, schoolYear: 2025 }],
      ['two forms at once (year and a range)', { year: 2025, from: '2025-01-01', to: '2025-06-30' }],
      ['from after to', { from: '2025-06-01', to: '2025-01-31' }],
      ['a range missing to', { from: '2025-01-01' }],
      ['a range missing from', { to: '2025-01-01' }],
      ['a year out of range', { year: 1800 }],
      ['a date that does not exist', { from: '2025-02-29', to: '2025-03-31' }],
    ])('%s is BAD_USER_INPUT', async (_label, period) => {
      const response = await server.gql(STATISTICS_QUERY, { id: gid.org(world.tenants.one.city), period }, committeeToken);
      expect(response.data ?? null).toBeNull();
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    });

    it('defaults to the current calendar year', async () => {
      const { statistics: s } = await statistics(world.tenants.one.c1.id, {});
      const year = TODAY.slice(0, 4);
      expect(s.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31`, label: year, headcountSchoolYear: Number(year), targetYear: Number(year) });
    });
  });
});
