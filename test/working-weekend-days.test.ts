import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { CandidateStage, Role } from '../src/domain/enums';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { PublicHoliday } from '../src/modules/calendar/holiday.entity';
import { WorkingWeekendDay } from '../src/modules/calendar/working-weekend-day.entity';
import { WorkingCalendar } from '../src/modules/calendar/working-days';
import { todayInVietnam } from '../src/common/dates';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';

/**
 * Issue 14 item 6: make-up working days (ngày làm bù). A Saturday the government swaps into a
 * working day is data beside the holidays, kept by the administrator (audited), and every
 * working-day deadline counts it: the one a step stores, the ones recomputed when the calendar
 * changes, and the `deadlines` list.
 */

const WORKING_DAYS = `query ($y: Int!) { workingWeekendDays(year: $y) { workOn name } }`;
const SET = `mutation ($d: LocalDate!, $n: String!) { setWorkingWeekendDay(date: $d, name: $n) { workOn name } }`;
const REMOVE = `mutation ($d: LocalDate!) { removeWorkingWeekendDay(date: $d) }`;
const SET_HOLIDAY = `mutation ($d: LocalDate!, $n: String!) { setPublicHoliday(date: $d, name: $n) { holidayOn name } }`;
const DEADLINE = `query ($id: ID!) { candidate(id: $id) { version deadline { kind dueOn workingDaysLeft overdue } } }`;

const S = CandidateStage;
function steps(...pairs: [CandidateStage, string][]): StageStepSeed[] {
  return pairs.map(([stage, on]) => ({ stage, on }));
}

describe('working weekend days (make-up days) in the calendar and the deadlines', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cell: Organization;
  let admin: string;
  let cityCommittee: string;
  let communeCommittee: string;
  let secretary: string;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    city = await buildOrganization(ds, null, { name: 'Huyện ủy Thử Làm Bù' });
    commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Làm Bù' });
    ({ cell } = await buildCell(ds, commune));
    for (let i = 0; i < 3; i += 1) await buildMember(ds, cell, { fullName: `Đảng viên ${i}`, admittedOn: '2010-01-01', officialOn: '2011-01-01' });
    admin = server.tokenFor(await buildUser(ds, Role.SYSTEM_ADMIN, null));
    cityCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
    communeCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
    secretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cell));
  });
  afterAll(() => server.close());

  const stored = async (candidate: { id: number }) => server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });

  it('holds the announced make-up Saturdays as data (2024, 2025, 2026), readable by any logged-in user', async () => {
    const list = ok(await server.gql<{ workingWeekendDays: { workOn: string; name: string }[] }>(WORKING_DAYS, { y: 2026 }, secretary)).workingWeekendDays;
    expect(list.map((d) => d.workOn)).toEqual(['2026-01-10']);
    expect(list[0].name).toContain('2/1/2026');
    expect(ok(await server.gql<{ workingWeekendDays: { workOn: string }[] }>(WORKING_DAYS, { y: 2024 }, cityCommittee)).workingWeekendDays.map((d) => d.workOn)).toEqual(['2024-05-04']);
    expect(ok(await server.gql<{ workingWeekendDays: { workOn: string }[] }>(WORKING_DAYS, { y: 2025 }, cityCommittee)).workingWeekendDays.map((d) => d.workOn)).toEqual(['2025-04-26']);
    expect(errorCode(await server.gql(WORKING_DAYS, { y: 2026 }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(WORKING_DAYS, { y: 1800 }, secretary))).toBe('BAD_USER_INPUT');
    const calendar = await WorkingCalendar.load(server.dataSource.manager);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true); // a Saturday
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false); // the Friday given off for it
    expect(calendar.isWorkingDay('2026-01-17')).toBe(false); // an ordinary Saturday
  });

  it('counts the swapped Saturday in the ceremony deadline a step stores (decision on Friday 2026-01-09)', async () => {
    const candidate = await buildCandidate(server.dataSource, cell, {
      steps: steps([S.SOURCE, '2025-06-02'], [S.SYMPATHIZER, '2025-07-01'], [S.TRAINED, '2025-08-01'], [S.DOSSIER, '2025-11-03'], [S.CELL_RESOLVED, '2025-12-01'], [S.COMMITTEE_RESOLVED, '2025-12-15']),
    });
    const decided = ok(
      await server.gql<{ recordAdmissionDecision: { stage: string; deadline: { kind: string; dueOn: string } } }>(
        `mutation ($input: AdmissionDecisionInput!) { recordAdmissionDecision(input: $input) { stage deadline { kind dueOn } } }`,
        { input: { candidateId: gid.candidate(candidate), version: candidate.version, decisionDate: '2026-01-09', decisionNumber: '88-QĐ/HU', signer: 'Trần Văn B' } },
        cityCommittee,
      ),
    ).recordAdmissionDecision;
    // 30 working days from Friday 2026-01-09: Sat 10 (1, swapped), Jan 12–16 (6), 19–23 (11), 26–30 (16),
    // Feb 2–6 (21), 9–13 (26), Tết 14–22, Feb 23, 24, 25, 26 (30). Without the swapped Saturday: Feb 27.
    expect(decided).toEqual({ stage: 'ADMITTED', deadline: { kind: 'CEREMONY', dueOn: '2026-02-26' } });
    expect((await stored(candidate)).deadlineOn).toBe('2026-02-26');
  });

  it('lets the administrator add a make-up Saturday: open deadlines move a day earlier, the days left count it, the deadlines list shows it; removing it moves them back', async () => {
    const ds = server.dataSource;
    // Decision on Monday 2025-11-03: the ceremony is due 30 working days later, 2025-12-15 (no holidays in between).
    const candidate = await buildCandidate(ds, cell, {
      steps: steps([S.SOURCE, '2025-01-06'], [S.SYMPATHIZER, '2025-02-03'], [S.TRAINED, '2025-03-03'], [S.DOSSIER, '2025-06-02'], [S.CELL_RESOLVED, '2025-07-01'], [S.COMMITTEE_RESOLVED, '2025-07-15'], [S.ADMITTED, '2025-11-03']),
    });
    // buildCandidate leaves the deadlines to refreshDeadlines(): a calendar change recomputes them all.
    ok(await server.gql(SET, { d: '2025-12-27', n: 'Ngày làm bù thử nghiệm ngoài hạn' }, admin));
    expect((await stored(candidate)).deadlineOn).toBe('2025-12-15');
    const today = todayInVietnam();
    const before = ok(await server.gql<{ candidate: { version: number; deadline: { dueOn: string; workingDaysLeft: number; overdue: boolean } } }>(DEADLINE, { id: gid.candidate(candidate) }, cityCommittee)).candidate;
    const calendarBefore = await WorkingCalendar.load(ds.manager);
    expect(before.deadline).toEqual({ kind: 'CEREMONY', dueOn: '2025-12-15', workingDaysLeft: calendarBefore.workingDaysBetween(today, '2025-12-15'), overdue: true });

    // A Saturday inside the window: Nov 4–7 (4), 10–14 (9), 17–21 (14), Sat 22 (15), 24–28 (20), Dec 1–5 (25), 8–12 (30).
    const set = ok(await server.gql<{ setWorkingWeekendDay: { workOn: string; name: string } }>(SET, { d: '2025-11-22', n: '  Làm bù   thử nghiệm ' }, admin)).setWorkingWeekendDay;
    expect(set).toEqual({ workOn: '2025-11-22', name: 'Làm bù thử nghiệm' });
    expect((await stored(candidate)).deadlineOn).toBe('2025-12-12');
    const after = ok(await server.gql<{ candidate: { version: number; deadline: { dueOn: string; workingDaysLeft: number } } }>(DEADLINE, { id: gid.candidate(candidate) }, cityCommittee)).candidate;
    expect(after.version).toBe(before.version); // derived data: nobody's next step conflicts over it
    // The days between the deadline and today include the two working Saturdays (22/11 and 27/12) now.
    const calendarAfter = await WorkingCalendar.load(ds.manager);
    expect(after.deadline).toMatchObject({ dueOn: '2025-12-12', workingDaysLeft: calendarAfter.workingDaysBetween(today, '2025-12-12') });
    expect(calendarAfter.workingDaysBetween('2025-12-12', '2025-12-31')).toBe(14); // Dec 15–19 (5), 22–26 (10), Sat 27 (11), 29–31 (14)
    const list = ok(
      await server.gql<{ deadlines: { nodes: { id: string; deadline: { dueOn: string } }[] } }>(`query ($o: ID!) { deadlines(organizationId: $o, first: 100) { nodes { id deadline { dueOn } } } }`, { o: gid.org(commune) }, communeCommittee),
    ).deadlines.nodes;
    expect(list.find((n) => n.id === gid.candidate(candidate))?.deadline).toEqual({ dueOn: '2025-12-12' });

    // Renaming keeps one row; removing it puts the deadline back; removing it again says false.
    ok(await server.gql(SET, { d: '2025-11-22', n: 'Làm bù đổi tên' }, admin));
    expect(await ds.getRepository(WorkingWeekendDay).findBy({ workOn: '2025-11-22' })).toEqual([expect.objectContaining({ name: 'Làm bù đổi tên' })]);
    expect(ok(await server.gql<{ removeWorkingWeekendDay: boolean }>(REMOVE, { d: '2025-11-22' }, admin)).removeWorkingWeekendDay).toBe(true);
    expect((await stored(candidate)).deadlineOn).toBe('2025-12-15');
    expect(ok(await server.gql<{ removeWorkingWeekendDay: boolean }>(REMOVE, { d: '2025-11-22' }, admin)).removeWorkingWeekendDay).toBe(false);
    ok(await server.gql(REMOVE, { d: '2025-12-27' }, admin));
  });

  it('keeps the changes in the audit log', async () => {
    ok(await server.gql(SET, { d: '2027-10-02', n: 'Làm bù kiểm tra nhật ký' }, admin));
    ok(await server.gql(REMOVE, { d: '2027-10-02' }, admin));
    const rows = await server.dataSource.getRepository(AuditLog).find({ where: { subjectType: 'WorkingWeekendDay' }, order: { id: 'DESC' }, take: 2 });
    expect(rows.map((r) => [r.action, r.tenantId])).toEqual([
      ['workingWeekendDay.remove', null],
      ['workingWeekendDay.set', null],
    ]);
    const log = ok(await server.gql<{ auditLog: { nodes: { action: string; subjectType: string; changes: Record<string, unknown> | null }[] } }>(`{ auditLog(first: 100) { nodes { action subjectType changes } } }`, {}, admin)).auditLog.nodes;
    expect(log.filter((n) => n.subjectType === 'WorkingWeekendDay').slice(0, 2)).toEqual([
      { action: 'workingWeekendDay.remove', subjectType: 'WorkingWeekendDay', changes: { date: '2027-10-02', name: 'Làm bù kiểm tra nhật ký' } },
      { action: 'workingWeekendDay.set', subjectType: 'WorkingWeekendDay', changes: { date: '2027-10-02', name: 'Làm bù kiểm tra nhật ký' } },
    ]);
  });

  it('refuses everyone but the administrator, a weekday, a public holiday, a bad name, a holiday on a working Saturday and a day outside the calendar\'s years, with nothing changed', async () => {
    const ds = server.dataSource;
    const snapshot = async () => ({
      days: await ds.getRepository(WorkingWeekendDay).find({ order: { workOn: 'ASC' } }),
      holidays: await ds.getRepository(PublicHoliday).count(),
      audit: await ds.getRepository(AuditLog).count(),
    });
    const before = await snapshot();
    for (const token of [cityCommittee, communeCommittee, secretary]) {
      expect(errorCode(await server.gql(SET, { d: '2026-12-12', n: 'Làm bù' }, token))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(REMOVE, { d: '2026-01-10' }, token))).toBe('FORBIDDEN');
    }
    const weekday = await server.gql(SET, { d: '2026-12-11', n: 'Làm bù' }, admin); // a Friday
    expect(errorCode(weekday)).toBe('BAD_USER_INPUT');
    expect(weekday.errors?.[0].extensions?.problems).toEqual([{ field: 'date', message: 'not a Saturday or Sunday' }]);
    const holiday = await server.gql(SET, { d: '2026-02-14', n: 'Làm bù' }, admin); // Saturday of Tết
    expect(errorCode(holiday)).toBe('BAD_USER_INPUT');
    expect(holiday.errors?.[0].extensions?.problems).toEqual([{ field: 'date', message: 'a public holiday' }]);
    expect(errorCode(await server.gql(SET, { d: '2026-12-12', n: ' ' }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await server.gql(SET, { d: '2026-12-32', n: 'Làm bù' }, admin))).toBe('BAD_USER_INPUT');
    const onMakeUpDay = await server.gql(SET_HOLIDAY, { d: '2026-01-10', n: 'Nghỉ' }, admin);
    expect(errorCode(onMakeUpDay)).toBe('BAD_USER_INPUT');
    expect(onMakeUpDay.errors?.[0].extensions?.problems).toEqual([{ field: 'date', message: 'a working weekend day' }]);
    // Days outside the years the calendar lists (1990 to 2100) could be written but never read back.
    for (const [query, d] of [[SET, '1900-01-06'], [SET, '2101-01-01'], [SET_HOLIDAY, '1989-12-31'], [SET_HOLIDAY, '2101-01-03']] as const) {
      const outside = await server.gql(query, { d, n: 'Ngoài lịch' }, admin);
      expect(errorCode(outside)).toBe('BAD_USER_INPUT');
      expect(outside.errors?.[0].extensions?.problems).toEqual([{ field: 'date', message: 'out of range' }]);
    }
    expect(await snapshot()).toEqual(before);
  });
});
