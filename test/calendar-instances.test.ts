import type { DataSource } from 'typeorm';
import type { RunningApp } from '../src/app';
import { gql, startTwoInstances, type TwoInstances } from './support/instances';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid, TEST_PASSWORD } from './factories';
import { CandidateStage, Role } from '../src/domain/enums';
import { Candidate } from '../src/modules/candidate/candidate.entity';
import { WorkingCalendar } from '../src/modules/calendar/working-days';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';

/**
 * The working calendar on two instances: each keeps the calendar it read for a minute, but a
 * step stores a deadline computed from the calendar as the database has it, so a holiday or a
 * make-up Saturday the administrator sets on instance A counts at once in a step taken on B.
 */
const S = CandidateStage;
const AT_COMMITTEE_RESOLVED: StageStepSeed[] = [
  { stage: S.SOURCE, on: '2025-06-02' },
  { stage: S.SYMPATHIZER, on: '2025-07-01' },
  { stage: S.TRAINED, on: '2025-08-01' },
  { stage: S.DOSSIER, on: '2026-03-02' },
  { stage: S.CELL_RESOLVED, on: '2026-09-01' },
  { stage: S.COMMITTEE_RESOLVED, on: '2026-09-15' },
];

describe('the working calendar on two instances', () => {
  let first: DataSource;
  let a: RunningApp;
  let b: RunningApp;
  let instances: TwoInstances;

  beforeAll(async () => {
    instances = await startTwoInstances('ketnap-calendar-instances-');
    ({ first, a, b } = instances);
  });

  afterAll(() => instances.stop());

  it("stores on B a deadline that counts the holiday and the make-up Saturday just set on A, though B holds the calendar it read before", async () => {
    const city = await buildOrganization(first, null, { name: 'Thành ủy Hai Lịch' });
    const commune = await buildOrganization(first, city, { name: 'Đảng ủy xã Hai Lịch' });
    const { cell } = await buildCell(first, commune);
    await buildMember(first, cell, { admittedOn: '2010-01-01', officialOn: '2011-01-01' });
    const login = async (app: RunningApp, email: string) => (await gql(app, `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: TEST_PASSWORD })).data?.login.token as string;
    const admin = await login(a, (await buildUser(first, Role.SYSTEM_ADMIN, null)).email);
    const committee = await login(b, (await buildUser(first, Role.COMMITTEE, city)).email);
    const decide = async (candidate: Candidate, decisionDate: string) => {
      const response = await gql(
        b,
        `mutation ($input: AdmissionDecisionInput!) { recordAdmissionDecision(input: $input) { deadline { kind dueOn } } }`,
        { input: { candidateId: gid.candidate(candidate), version: candidate.version, decisionDate, decisionNumber: '9-QĐ/TU', signer: 'Nguyễn Văn A' } },
        committee,
      );
      expect(response.errors).toBeUndefined();
      return response.data?.recordAdmissionDecision.deadline as { kind: string; dueOn: string };
    };

    // B reads the calendar (a step, then a deadline on a page): it now holds it for a minute.
    const early = await buildCandidate(first, cell, { steps: AT_COMMITTEE_RESOLVED });
    await decide(early, '2026-10-01');
    expect((await gql(b, `query ($id: ID!) { candidate(id: $id) { deadline { dueOn workingDaysLeft } } }`, { id: gid.candidate(early) }, committee)).errors).toBeUndefined();

    // On A, the administrator makes Tuesday 2026-11-10 a holiday.
    expect((await gql(a, `mutation { setPublicHoliday(date: "2026-11-10", name: "Nghỉ thử hai máy") { holidayOn } }`, {}, admin)).errors).toBeUndefined();
    // On B, a decision of Monday 2026-11-02: the ceremony is due 30 working days later, one day
    // later for the holiday (2026-12-14 without it, as B's cached calendar would say).
    expect(new WorkingCalendar(new Set()).addWorkingDays('2026-11-02', 30)).toBe('2026-12-14');
    const candidate = await buildCandidate(first, cell, { steps: AT_COMMITTEE_RESOLVED });
    const expected = (await WorkingCalendar.load(first.manager)).addWorkingDays('2026-11-02', 30);
    expect(expected).toBe('2026-12-15');
    expect(await decide(candidate, '2026-11-02')).toEqual({ kind: 'CEREMONY', dueOn: '2026-12-15' });
    expect((await first.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).deadlineOn).toBe('2026-12-15');

    // On A, the holiday goes and Saturday 2026-11-21 becomes a working day: one day earlier.
    expect((await gql(a, `mutation { removePublicHoliday(date: "2026-11-10") }`, {}, admin)).data?.removePublicHoliday).toBe(true);
    expect((await gql(a, `mutation { setWorkingWeekendDay(date: "2026-11-21", name: "Làm bù thử hai máy") { workOn } }`, {}, admin)).errors).toBeUndefined();
    const another = await buildCandidate(first, cell, { steps: AT_COMMITTEE_RESOLVED });
    expect(await decide(another, '2026-11-02')).toEqual({ kind: 'CEREMONY', dueOn: '2026-12-11' });
    // The first candidate's open deadline was recomputed by A's writes.
    expect((await first.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).deadlineOn).toBe('2026-12-11');
  });
});
