import { Not } from 'typeorm';
import { startTestServer, ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildTenantWorld, buildUser, gid, type TenantWorld } from './factories';
import { CandidateStage, MemberStatus, PersonCategory, Role, StageEventKind } from '../src/domain/enums';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { Member } from '../src/modules/member/member.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { PublicHoliday } from '../src/modules/calendar/holiday.entity';
import { toGlobalId } from '../src/graphql/global-id';
import { todayInVietnam } from '../src/common/dates';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';
import type { Organization } from '../src/modules/organization/organization.entity';
import { STEP_INPUT_TYPES, type CandidatePathView } from './support/path-steps';
import { upTo as pathUpTo } from './support/paths';

/**
 * The integrity of the path, through the API: versions and races, the member row the ceremony
 * creates and what later steps do to it, ways out, mentors, corrections, the audit log and who
 * reads it, deadlines and the filters built on them, and public holidays moving deadlines.
 */

const MUTATION_INPUT: Record<string, string> = STEP_INPUT_TYPES;

interface HistoryEvent {
  id: string;
  kind: string;
  fromStage: string | null;
  toStage: string;
  occurredOn: string;
  corrected: boolean;
  facts: Record<string, unknown> | null;
}

interface CandidateView extends CandidatePathView {
  mentor: { id: string } | null;
  nextStep: { action: string } | null;
  history: HistoryEvent[];
}

const FIELDS = `id stage stageSince version probationEndsOn mentor { id }
  deadline { kind dueOn overdue workingDaysLeft } nextStep { action }
  history { id kind fromStage toStage occurredOn corrected facts }`;

/** The commune cell's path of ./support/paths.ts, admitted later (2025-09-15). */
const PATH: StageStepSeed[] = [...pathUpTo(CandidateStage.COMMITTEE_RESOLVED), { stage: CandidateStage.ADMITTED, on: '2025-09-15' }];
const upTo = (stage: CandidateStage): StageStepSeed[] => pathUpTo(stage, PATH);

/** Calendar arithmetic written independently of src/modules/calendar, on the holidays the API lists. */
function shift(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
class TestCalendar {
  constructor(readonly holidays: Set<string>) {}
  isWorkingDay(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }
  /** `count` working days after `date`, the day itself not counted. */
  add(date: string, count: number): string {
    let day = date;
    for (let left = count; left > 0; ) {
      day = shift(day, 1);
      if (this.isWorkingDay(day)) left -= 1;
    }
    return day;
  }
  nextWorkingDay(date: string): string {
    return this.add(date, 1);
  }
  /** Working days in (a, b]. */
  countBetween(a: string, b: string): number {
    let n = 0;
    for (let day = shift(a, 1); day <= b; day = shift(day, 1)) if (this.isWorkingDay(day)) n += 1;
    return n;
  }
  with(extra: string): TestCalendar {
    return new TestCalendar(new Set([...this.holidays, extra]));
  }
}

describe('path integrity', () => {
  let server: TestServer;
  let today: string;

  beforeAll(async () => {
    server = await startTestServer();
    today = todayInVietnam();
  });
  afterAll(() => server.close());

  async function send<K extends string>(mutation: K, input: Record<string, unknown>, token: string): Promise<GraphQLResponse<Record<K, CandidateView>>> {
    return server.gql<Record<K, CandidateView>>(`mutation ($input: ${MUTATION_INPUT[mutation]}!) { ${mutation}(input: $input) { ${FIELDS} } }`, { input }, token);
  }

  async function step<K extends string>(mutation: K, input: Record<string, unknown>, token: string): Promise<CandidateView> {
    return ok(await send(mutation, input, token))[mutation];
  }

  async function view(candidate: { id: number }, token: string): Promise<CandidateView> {
    return ok(await server.gql<{ candidate: CandidateView }>(`query ($id: ID!) { candidate(id: $id) { ${FIELDS} } }`, { id: gid.candidate(candidate) }, token)).candidate;
  }

  async function row(candidate: { id: number }): Promise<Candidate> {
    return server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
  }

  async function snapshot(candidate: { id: number }) {
    const ds = server.dataSource;
    const c = await row(candidate);
    return {
      version: c.version,
      stage: c.stage,
      stageSince: c.stageSince,
      mentorId: c.mentorId,
      memberId: c.memberId,
      deadlineOn: c.deadlineOn,
      events: await ds.getRepository(CandidateStageEvent).find({ where: { candidateId: c.id }, order: { id: 'ASC' } }),
      audit: await ds.getRepository(AuditLog).countBy({ subjectType: 'Candidate', subjectId: c.id, action: Not('sensitive.read') }),
      members: await ds.getRepository(Member).countBy({ organizationId: c.organizationId }),
    };
  }

  async function officialCount(cell: Organization): Promise<number> {
    return server.dataSource.getRepository(Member).countBy({ organizationId: cell.id, status: MemberStatus.OFFICIAL });
  }

  async function stepEventId(candidate: { id: number }, stage: CandidateStage): Promise<string> {
    const event = await server.dataSource.getRepository(CandidateStageEvent).findOneByOrFail({ candidateId: candidate.id, toStage: stage, kind: StageEventKind.STEP, corrected: false });
    return toGlobalId('StageEvent', event.id);
  }

  describe('versions and races', () => {
    let world: TenantWorld;
    let secretary: string;
    let committee: string;
    beforeAll(async () => {
      world = await buildTenantWorld(server.dataSource, 'Phiên bản');
      secretary = server.tokenFor(world.users.secretaryA);
      committee = server.tokenFor(world.users.communeCommittee);
    });

    it('refuses a stale (or a future) version with CONFLICT and writes nothing', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SOURCE) });
      const id = gid.candidate(candidate);
      const marked = await step('markSympathizer', { candidateId: id, version: candidate.version, resolutionDate: '2024-10-01', mentorId: gid.member(world.members.mentorA) }, secretary);
      expect(marked.version).toBe(candidate.version + 1);
      const before = await snapshot(candidate);
      const stale = [
        await send('recordAwarenessClass', { candidateId: id, version: candidate.version, certificateNumber: '1-CN', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' }, secretary),
        await send('recordAwarenessClass', { candidateId: id, version: marked.version + 1, certificateNumber: '1-CN', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' }, committee),
        await send('reassignMentor', { candidateId: id, version: candidate.version, mentorId: gid.member(world.members.otherMemberA), date: '2024-10-15' }, secretary),
        await send('closeCandidate', { candidateId: id, version: candidate.version, outcome: 'DROPPED', reasonText: 'Chuyển công tác', date: '2024-10-15' }, secretary),
      ];
      for (const response of stale) {
        expect(errorCode(response)).toBe('CONFLICT');
        expect(response.data).toBeNull();
      }
      // A version the candidate never had is not called "changed since".
      expect(stale[0].errors?.[0].message).toBe(`This candidate has changed since version ${candidate.version} (now ${marked.version}); reload and try again`);
      expect(stale[1].errors?.[0].message).toBe(`This candidate has no version ${marked.version + 1} yet (it is at version ${marked.version}); reload and try again`);
      expect(await snapshot(candidate)).toEqual(before);
      // The current version still works.
      expect((await step('recordAwarenessClass', { candidateId: id, version: marked.version, certificateNumber: '1-CN', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' }, secretary)).stage).toBe('TRAINED');
    });

    interface Round {
      title: string;
      stage: CandidateStage;
      mutation: string;
      input: () => Record<string, unknown>;
      tokens: () => [string, string];
      resultStage: CandidateStage;
    }
    const ROUNDS: Round[] = [
      ...[1, 2, 3].map((n) => ({
        title: `markSympathizer, round ${n}`,
        stage: CandidateStage.SOURCE,
        mutation: 'markSympathizer',
        input: () => ({ resolutionDate: '2024-10-01', mentorId: gid.member(world.members.otherMemberA) }),
        tokens: (): [string, string] => [secretary, secretary],
        resultStage: CandidateStage.SYMPATHIZER,
      })),
      ...[1, 2, 3].map((n) => ({
        title: `recordCeremony, round ${n}`,
        stage: CandidateStage.ADMITTED,
        mutation: 'recordCeremony',
        input: () => ({ ceremonyDate: '2025-10-01' }),
        tokens: (): [string, string] => [secretary, secretary],
        resultStage: CandidateStage.PROBATIONARY,
      })),
      {
        title: 'recordAwarenessClass by the secretary and the commune committee at once',
        stage: CandidateStage.SYMPATHIZER,
        mutation: 'recordAwarenessClass',
        input: () => ({ certificateNumber: '7-CN/TTCT', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' }),
        tokens: (): [string, string] => [secretary, committee],
        resultStage: CandidateStage.TRAINED,
      },
      {
        title: 'closeCandidate DROPPED twice',
        stage: CandidateStage.SYMPATHIZER,
        mutation: 'closeCandidate',
        input: () => ({ outcome: 'DROPPED', reasonText: 'Chuyển công tác', date: '2024-12-02' }),
        tokens: (): [string, string] => [secretary, committee],
        resultStage: CandidateStage.DROPPED,
      },
    ];

    it.each(ROUNDS.map((r) => [r.title, r] as const))('two identical steps at once: exactly one succeeds, the other gets CONFLICT (%s)', async (_title, round) => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(round.stage), mentor: world.members.mentorA });
      const before = await snapshot(candidate);
      const input = { candidateId: gid.candidate(candidate), version: candidate.version, ...round.input() };
      const [a, b] = round.tokens();
      const responses = await Promise.all([send(round.mutation, input, a), send(round.mutation, input, b)]);
      const codes = responses.map((r) => errorCode(r) ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'OK']);
      const winner = responses.find((r) => !errorCode(r))!;
      expect(winner.data?.[round.mutation]).toMatchObject({ stage: round.resultStage, version: candidate.version + 1 });
      const after = await snapshot(candidate);
      expect(after.version).toBe(before.version + 1);
      expect(after.stage).toBe(round.resultStage);
      expect(after.events).toHaveLength(before.events.length + 1);
      expect(after.audit).toBe(before.audit + 1);
      if (round.mutation === 'recordCeremony') {
        const members = await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id });
        expect(members).toHaveLength(1);
        expect(after.memberId).toBe(members[0].id);
        expect(after.members).toBe(before.members + 1);
      } else {
        expect(after.members).toBe(before.members);
      }
    });
  });

  describe('the member the ceremony creates', () => {
    let world: TenantWorld;
    let secretary: string;
    let city: string;
    beforeAll(async () => {
      world = await buildTenantWorld(server.dataSource, 'Đảng viên');
      secretary = server.tokenFor(world.users.secretaryA);
      city = server.tokenFor(world.users.cityCommittee);
    });

    const MEMBER_FIELDS = 'id fullName status admittedOn officialOn joinedCellOn cell { id }';
    async function listed(search: string, token: string) {
      return ok(await server.gql<{ members: { nodes: { id: string; fullName: string; status: string; admittedOn: string | null; officialOn: string | null; joinedCellOn: string | null; cell: { id: string } | null }[] } }>(`query ($s: String!) { members(filter: { search: $s }) { nodes { ${MEMBER_FIELDS} } } }`, { s: search }, token)).members.nodes;
    }

    async function admitted(fullName: string): Promise<Candidate> {
      return buildCandidate(server.dataSource, world.cells.cellA, { fullName, steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
    }

    it('creates exactly one PROBATIONARY member in the cell, linked to the candidate and listed by the API; recognition makes it OFFICIAL from the end of the probation', async () => {
      const candidate = await admitted('Trịnh Thị Kết Nạp');
      const membersBefore = await server.dataSource.getRepository(Member).countBy({ organizationId: world.cells.cellA.id });
      const probationary = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      expect(probationary).toMatchObject({ stage: 'PROBATIONARY', probationEndsOn: '2026-10-01', deadline: { kind: 'RECOGNITION_RESOLUTION' } });

      const rows = await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ organizationId: world.cells.cellA.id, status: MemberStatus.PROBATIONARY, admittedOn: '2025-10-01', officialOn: null, fullName: 'Trịnh Thị Kết Nạp' });
      expect(await server.dataSource.getRepository(Member).countBy({ organizationId: world.cells.cellA.id })).toBe(membersBefore + 1);
      expect((await row(candidate)).memberId).toBe(rows[0].id);
      for (const token of [secretary, city]) {
        expect(await listed('trinh thi ket nap', token)).toEqual([
          { id: gid.member(rows[0]), fullName: 'Trịnh Thị Kết Nạp', status: 'PROBATIONARY', admittedOn: '2025-10-01', officialOn: null, joinedCellOn: '2025-10-01', cell: { id: gid.org(world.cells.cellA) } },
        ]);
      }

      const officials = await officialCount(world.cells.cellA);
      const proposed = await step('recordRecognitionResolution', { candidateId: gid.candidate(candidate), version: probationary.version, meetingDate: '2026-10-15', present: officials, votesFor: officials, votesAgainst: 0 }, secretary);
      expect(proposed).toMatchObject({ stage: 'PROBATIONARY', deadline: { kind: 'RECOGNITION_DECISION' } });
      const official = await step('recordRecognitionDecision', { candidateId: gid.candidate(candidate), version: proposed.version, decisionDate: '2026-11-02', decisionNumber: '501-QĐ/TU' }, city);
      expect(official).toMatchObject({ stage: 'OFFICIAL', deadline: null, nextStep: null });
      expect(official.history.at(-1)?.facts).toMatchObject({ officialOn: '2026-10-01' });

      expect(await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id })).toEqual([expect.objectContaining({ id: rows[0].id, status: MemberStatus.OFFICIAL, officialOn: '2026-10-01' })]);
      expect(await listed('trinh thi ket nap', city)).toEqual([expect.objectContaining({ id: gid.member(rows[0]), status: 'OFFICIAL', officialOn: '2026-10-01', admittedOn: '2025-10-01' })]);
      expect(await officialCount(world.cells.cellA)).toBe(officials + 1);
    });

    it('refuses the ceremony when a member of the tenant already holds the candidate\'s national ID (entered by hand in another cell): no second member, nothing changed, the clash in the audit log', async () => {
      const nationalId = '026191000222';
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { fullName: 'Kiểm Thử Trùng', nationalId, steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
      const holder = await buildMember(server.dataSource, world.cells.cellB, { fullName: 'Kiểm Thử Trùng', nationalId, status: MemberStatus.PROBATIONARY, admittedOn: '2025-09-20', officialOn: null });
      const before = await snapshot(candidate);
      const members = await server.dataSource.getRepository(Member).count();
      const refused = await send('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0].message).toBe('This national ID cannot be used; if it should be, ask the committee above');
      expect(refused.errors?.[0].extensions?.problems).toEqual([{ field: 'nationalId', message: 'cannot be used' }]);
      expect(await snapshot(candidate)).toEqual(before);
      expect(await server.dataSource.getRepository(Member).count()).toBe(members);
      const clash = await server.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'conflict.nationalId', subjectType: 'Member', subjectId: holder.id });
      expect(clash.organizationId).toBe(world.cells.cellA.parentId);
    });

    it('PROBATION_NOT_RECOGNIZED removes the member from the list while the candidate keeps the whole history', async () => {
      const candidate = await admitted('Lương Văn Xóa Tên');
      const probationary = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      const [member] = await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id });
      expect(await listed('luong van xoa ten', secretary)).toHaveLength(1);

      const closed = await step(
        'closeCandidate',
        { candidateId: gid.candidate(candidate), version: probationary.version, outcome: 'PROBATION_NOT_RECOGNIZED', reason: 'OTHER', reasonText: 'Vi phạm tư cách đảng viên trong thời gian dự bị', date: '2026-10-20' },
        city,
      );
      expect(closed).toMatchObject({ stage: 'PROBATION_NOT_RECOGNIZED', deadline: null, nextStep: null });
      expect(await server.dataSource.getRepository(Member).findOneBy({ id: member.id })).toBeNull();
      expect(await listed('luong van xoa ten', secretary)).toEqual([]);
      expect(await listed('luong van xoa ten', city)).toEqual([]);
      expect((await row(candidate)).memberId).toBeNull();

      const kept = await view(candidate, city);
      expect(kept.history.map((e) => [e.kind, e.toStage, e.occurredOn])).toEqual([
        ...upTo(CandidateStage.ADMITTED).map((s) => ['STEP', s.stage, s.on]),
        ['STEP', 'PROBATIONARY', '2025-10-01'],
        ['STEP', 'PROBATION_NOT_RECOGNIZED', '2026-10-20'],
      ]);
      expect(kept.history.at(-1)?.facts).toMatchObject({ reason: 'OTHER', reasonText: 'Vi phạm tư cách đảng viên trong thời gian dự bị' });
      expect(kept.history.find((e) => e.toStage === 'PROBATIONARY')?.facts).toMatchObject({ memberId: member.id, probationEndsOn: '2026-10-01' });
    });
  });

  describe('ways out and mentors', () => {
    let world: TenantWorld;
    let secretary: string;
    let mentorUser: string;
    let probationaryMember: Member;
    beforeAll(async () => {
      world = await buildTenantWorld(server.dataSource, 'Lối ra');
      secretary = server.tokenFor(world.users.secretaryA);
      mentorUser = server.tokenFor(world.users.mentorA);
      probationaryMember = await buildMember(server.dataSource, world.cells.cellA, { fullName: 'Đảng viên Dự bị', status: MemberStatus.PROBATIONARY, admittedOn: '2026-03-01', officialOn: null });
    });

    it('DROPPED from SOURCE by the secretary keeps the reason in the history facts', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SOURCE) });
      const dropped = await step(
        'closeCandidate',
        { candidateId: gid.candidate(candidate), version: candidate.version, outcome: 'DROPPED', reason: 'TRANSFERRED', reasonText: 'Chuyển công tác sang tỉnh khác', date: '2026-11-02', note: 'Theo quyết định điều động' },
        secretary,
      );
      expect(dropped).toMatchObject({ stage: 'DROPPED', stageSince: '2026-11-02', deadline: null, nextStep: null, version: candidate.version + 1 });
      expect(dropped.history.map((e) => [e.kind, e.fromStage, e.toStage])).toEqual([
        ['STEP', null, 'SOURCE'],
        ['STEP', 'SOURCE', 'DROPPED'],
      ]);
      expect(dropped.history[1]).toMatchObject({ occurredOn: '2026-11-02', facts: { reason: 'TRANSFERRED', reasonText: 'Chuyển công tác sang tỉnh khác' } });
      // Nothing follows a way out.
      const after = await send('markSympathizer', { candidateId: gid.candidate(candidate), version: dropped.version, resolutionDate: '2026-11-03', mentorId: gid.member(world.members.mentorA) }, secretary);
      expect(errorCode(after)).toBe('RULE_VIOLATION');
      expect(after.errors?.[0].extensions).toMatchObject({ rule: 'STEP_ORDER' });
    });

    it('REJECTED is not a way out of SOURCE (RULE_VIOLATION STEP_ORDER), and nothing is written', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SOURCE) });
      const before = await snapshot(candidate);
      const response = await send('closeCandidate', { candidateId: gid.candidate(candidate), version: candidate.version, outcome: 'REJECTED', reasonText: 'Không đạt', date: '2026-11-02' }, secretary);
      expect(errorCode(response)).toBe('RULE_VIOLATION');
      expect(response.errors?.[0].extensions).toMatchObject({ rule: 'STEP_ORDER' });
      expect(await snapshot(candidate)).toEqual(before);
      // Neither is an outcome that is no way out.
      const wrong = await send('closeCandidate', { candidateId: gid.candidate(candidate), version: candidate.version, outcome: 'OFFICIAL', reasonText: 'Không đạt', date: '2026-11-02' }, secretary);
      expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
      expect(await snapshot(candidate)).toEqual(before);
    });

    it('reassignMentor records a MENTOR_CHANGED event; the old mentor no longer sees the candidate, the new one does', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SYMPATHIZER), mentor: world.members.mentorA });
      expect((await view(candidate, mentorUser)).id).toBe(gid.candidate(candidate));
      const before = await snapshot(candidate);
      const changed = await step('reassignMentor', { candidateId: gid.candidate(candidate), version: candidate.version, mentorId: gid.member(world.members.otherMemberA), date: '2026-11-02' }, secretary);
      expect(changed).toMatchObject({ stage: 'SYMPATHIZER', stageSince: '2024-10-01', mentor: { id: gid.member(world.members.otherMemberA) }, version: candidate.version + 1 });
      expect(changed.history.at(-1)).toMatchObject({
        kind: 'MENTOR_CHANGED',
        fromStage: 'SYMPATHIZER',
        toStage: 'SYMPATHIZER',
        occurredOn: '2026-11-02',
        facts: { fromMentorId: world.members.mentorA.id, toMentorId: world.members.otherMemberA.id },
      });
      const after = await snapshot(candidate);
      expect(after.events).toHaveLength(before.events.length + 1);
      expect(after.audit).toBe(before.audit + 1);
      expect(after.mentorId).toBe(world.members.otherMemberA.id);
      const lost = await server.gql(`query ($id: ID!) { candidate(id: $id) { id } }`, { id: gid.candidate(candidate) }, mentorUser);
      expect(errorCode(lost)).toBe('NOT_FOUND');
      const newMentor = server.tokenFor(await buildUser(server.dataSource, Role.MENTOR, world.cells.cellA, world.members.otherMemberA));
      expect((await view(candidate, newMentor)).id).toBe(gid.candidate(candidate));
    });

    it('reassignMentor refuses a probationary member (MENTOR_OFFICIAL) and a member of another cell (BAD_USER_INPUT), writing nothing', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.TRAINED), mentor: world.members.mentorA });
      const before = await snapshot(candidate);
      const probationary = await send('reassignMentor', { candidateId: gid.candidate(candidate), version: candidate.version, mentorId: gid.member(probationaryMember), date: '2026-11-02' }, secretary);
      expect(errorCode(probationary)).toBe('RULE_VIOLATION');
      expect(probationary.errors?.[0].extensions).toMatchObject({ rule: 'MENTOR_OFFICIAL' });
      expect(await snapshot(candidate)).toEqual(before);
      for (const stranger of [world.members.memberB, world.members.memberDirect, world.members.memberOther]) {
        const response = await send('reassignMentor', { candidateId: gid.candidate(candidate), version: candidate.version, mentorId: gid.member(stranger), date: '2026-11-02' }, secretary);
        expect(errorCode(response)).toBe('BAD_USER_INPUT');
        expect(await snapshot(candidate)).toEqual(before);
      }
    });
  });

  describe('corrections', () => {
    let world: TenantWorld;
    let secretary: string;
    let commune: string;
    let city: string;
    beforeAll(async () => {
      world = await buildTenantWorld(server.dataSource, 'Sửa sai');
      secretary = server.tokenFor(world.users.secretaryA);
      commune = server.tokenFor(world.users.communeCommittee);
      city = server.tokenFor(world.users.cityCommittee);
    });

    it('a committee fixes the date of a step: the event is kept with the new date, a CORRECTION records the reason and the values before', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.TRAINED), mentor: world.members.mentorA });
      const sympathizerId = await stepEventId(candidate, CandidateStage.SYMPATHIZER);
      const before = await snapshot(candidate);
      const corrected = await step(
        'correctStep',
        { candidateId: gid.candidate(candidate), version: candidate.version, eventId: sympathizerId, occurredOn: '2024-10-08', reason: 'Ghi nhầm ngày nghị quyết chi bộ' },
        commune,
      );
      expect(corrected).toMatchObject({ stage: 'TRAINED', stageSince: '2024-11-01', version: candidate.version + 1 });
      const original = corrected.history.find((e) => e.id === sympathizerId)!;
      expect(original).toMatchObject({ kind: 'STEP', toStage: 'SYMPATHIZER', occurredOn: '2024-10-08', corrected: false });
      expect(corrected.history.filter((e) => e.kind === 'STEP').map((e) => [e.toStage, e.occurredOn])).toEqual([
        ['SOURCE', '2024-09-02'],
        ['SYMPATHIZER', '2024-10-08'],
        ['TRAINED', '2024-11-01'],
      ]);
      const correction = corrected.history.at(-1)!;
      expect(correction).toMatchObject({ kind: 'CORRECTION', fromStage: 'TRAINED', toStage: 'TRAINED' });
      expect(correction.facts).toMatchObject({ reason: 'Ghi nhầm ngày nghị quyết chi bộ', revert: false, before: { occurredOn: '2024-10-01', stage: 'TRAINED' }, after: { occurredOn: '2024-10-08' } });
      const after = await snapshot(candidate);
      expect(after.events).toHaveLength(before.events.length + 1);
      expect(after.events.slice(0, before.events.length).map((e) => e.id)).toEqual(before.events.map((e) => e.id));
      const correctionRow = after.events.at(-1)!;
      expect(correctionRow.correctsEventId).toBe(before.events.find((e) => e.toStage === CandidateStage.SYMPATHIZER)!.id);
      expect(after.audit).toBe(before.audit + 1);

      // Fixing the latest step's date moves stageSince; a date before the previous step is refused.
      const latest = await step(
        'correctStep',
        { candidateId: gid.candidate(candidate), version: corrected.version, eventId: await stepEventId(candidate, CandidateStage.TRAINED), occurredOn: '2024-11-05', reason: 'Ngày trên giấy chứng nhận là 05/11' },
        city,
      );
      expect(latest).toMatchObject({ stageSince: '2024-11-05' });
      const mid = await snapshot(candidate);
      const tooEarly = await send(
        'correctStep',
        { candidateId: gid.candidate(candidate), version: latest.version, eventId: await stepEventId(candidate, CandidateStage.TRAINED), occurredOn: '2024-10-01', reason: 'Sai' },
        city,
      );
      expect(errorCode(tooEarly)).toBe('RULE_VIOLATION');
      expect(tooEarly.errors?.[0].extensions).toMatchObject({ rule: 'DATE_ORDER' });
      expect(await snapshot(candidate)).toEqual(mid);
    });

    it('a committee reverts the ceremony: back to ADMITTED, the member row is gone, the original event is marked corrected', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { fullName: 'Hoàng Văn Hoàn Tác', steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
      const probationary = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      const [member] = await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id });
      expect(member).toBeDefined();
      const ceremonyId = await stepEventId(candidate, CandidateStage.PROBATIONARY);
      const before = await snapshot(candidate);

      const reverted = await step('correctStep', { candidateId: gid.candidate(candidate), version: probationary.version, eventId: ceremonyId, revert: true, reason: 'Lễ kết nạp ghi nhầm người' }, city);
      expect(reverted).toMatchObject({ stage: 'ADMITTED', stageSince: '2025-09-15', probationEndsOn: null, deadline: { kind: 'CEREMONY' }, nextStep: { action: 'CEREMONY' } });
      expect(reverted.history.find((e) => e.id === ceremonyId)).toMatchObject({ kind: 'STEP', toStage: 'PROBATIONARY', occurredOn: '2025-10-01', corrected: true });
      expect(reverted.history.at(-1)).toMatchObject({ kind: 'CORRECTION', fromStage: 'PROBATIONARY', toStage: 'ADMITTED', facts: { reason: 'Lễ kết nạp ghi nhầm người', revert: true, before: { occurredOn: '2025-10-01', stage: 'PROBATIONARY' } } });
      expect(await server.dataSource.getRepository(Member).findOneBy({ id: member.id })).toBeNull();
      expect(await server.dataSource.getRepository(Member).countBy({ candidateId: candidate.id })).toBe(0);
      const after = await snapshot(candidate);
      expect(after).toMatchObject({ memberId: null, members: before.members - 1, audit: before.audit + 1 });
      expect(after.events).toHaveLength(before.events.length + 1);
      const listed = ok(await server.gql<{ members: { totalCount: number } }>(`{ members(filter: { search: "hoang van hoan tac" }) { totalCount } }`, {}, secretary)).members;
      expect(listed.totalCount).toBe(0);

      // The ceremony can then be recorded again, with one member again.
      const again = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: reverted.version, ceremonyDate: '2025-10-08' }, secretary);
      expect(again).toMatchObject({ stage: 'PROBATIONARY', probationEndsOn: '2026-10-08' });
      expect(await server.dataSource.getRepository(Member).countBy({ candidateId: candidate.id })).toBe(1);
    });

    it('correcting the date of the ceremony moves the probation, the member\'s dates and the stored deadline with it', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
      const probationary = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      const fixed = await step(
        'correctStep',
        { candidateId: gid.candidate(candidate), version: probationary.version, eventId: await stepEventId(candidate, CandidateStage.PROBATIONARY), occurredOn: '2025-10-10', reason: 'Lễ kết nạp tổ chức ngày 10/10' },
        commune,
      );
      expect(fixed).toMatchObject({ stage: 'PROBATIONARY', stageSince: '2025-10-10', probationEndsOn: '2026-10-10', deadline: { kind: 'RECOGNITION_RESOLUTION' } });
      const stored = await row(candidate);
      expect(stored.deadlineOn).toBe(fixed.deadline?.dueOn);
      expect(fixed.deadline!.dueOn > probationary.deadline!.dueOn).toBe(true);
      expect(await server.dataSource.getRepository(Member).findOneByOrFail({ candidateId: candidate.id })).toMatchObject({ admittedOn: '2025-10-10', joinedCellOn: '2025-10-10', status: MemberStatus.PROBATIONARY });
    });

    it('reverting a PROBATION_NOT_RECOGNIZED recorded by mistake gives the candidate back their probationary membership', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { fullName: 'Đinh Thị Khôi Phục', steps: upTo(CandidateStage.ADMITTED), mentor: world.members.mentorA });
      const probationary = await step('recordCeremony', { candidateId: gid.candidate(candidate), version: candidate.version, ceremonyDate: '2025-10-01' }, secretary);
      const closed = await step(
        'closeCandidate',
        { candidateId: gid.candidate(candidate), version: probationary.version, outcome: 'PROBATION_NOT_RECOGNIZED', reasonText: 'Ghi nhầm người', date: '2026-10-20' },
        city,
      );
      expect(await server.dataSource.getRepository(Member).countBy({ candidateId: candidate.id })).toBe(0);
      const reverted = await step(
        'correctStep',
        { candidateId: gid.candidate(candidate), version: closed.version, eventId: await stepEventId(candidate, CandidateStage.PROBATION_NOT_RECOGNIZED), revert: true, reason: 'Quyết định xóa tên ghi nhầm người' },
        city,
      );
      expect(reverted).toMatchObject({ stage: 'PROBATIONARY', probationEndsOn: '2026-10-01' });
      // A probationary candidate is a probationary member of the cell (as after the ceremony).
      const members = await server.dataSource.getRepository(Member).findBy({ candidateId: candidate.id });
      expect(members).toEqual([expect.objectContaining({ organizationId: world.cells.cellA.id, status: MemberStatus.PROBATIONARY, admittedOn: '2025-10-01' })]);
      expect((await row(candidate)).memberId).toBe(members[0]?.id);
      const listed = ok(await server.gql<{ members: { nodes: { status: string }[] } }>(`{ members(filter: { search: "dinh thi khoi phuc" }) { nodes { status } } }`, {}, secretary)).members.nodes;
      expect(listed).toEqual([{ status: 'PROBATIONARY' }]);
    });

    it('a secretary cannot correct (FORBIDDEN), and only the latest step can be reverted (RULE_VIOLATION CORRECTION); nothing is written', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.TRAINED), mentor: world.members.mentorA });
      const sympathizerId = await stepEventId(candidate, CandidateStage.SYMPATHIZER);
      const before = await snapshot(candidate);
      const bySecretary = await send('correctStep', { candidateId: gid.candidate(candidate), version: candidate.version, eventId: sympathizerId, occurredOn: '2024-10-08', reason: 'Ghi nhầm ngày' }, secretary);
      expect(errorCode(bySecretary)).toBe('FORBIDDEN');
      expect(await snapshot(candidate)).toEqual(before);
      const bySecretaryRevert = await send('correctStep', { candidateId: gid.candidate(candidate), version: candidate.version, eventId: await stepEventId(candidate, CandidateStage.TRAINED), revert: true, reason: 'Ghi nhầm' }, secretary);
      expect(errorCode(bySecretaryRevert)).toBe('FORBIDDEN');
      expect(await snapshot(candidate)).toEqual(before);

      const notLatest = await send('correctStep', { candidateId: gid.candidate(candidate), version: candidate.version, eventId: sympathizerId, revert: true, reason: 'Ghi nhầm' }, commune);
      expect(errorCode(notLatest)).toBe('RULE_VIOLATION');
      expect(notLatest.errors?.[0].extensions).toMatchObject({ rule: 'CORRECTION' });
      expect(await snapshot(candidate)).toEqual(before);

      // The latest step can be reverted: back to SYMPATHIZER, certificate cleared.
      const reverted = await step('correctStep', { candidateId: gid.candidate(candidate), version: candidate.version, eventId: await stepEventId(candidate, CandidateStage.TRAINED), revert: true, reason: 'Chưa học lớp bồi dưỡng' }, commune);
      expect(reverted).toMatchObject({ stage: 'SYMPATHIZER', stageSince: '2024-10-01' });
      expect((await row(candidate)).awarenessCertificateOn).toBeNull();
    });
  });

  describe('the audit log', () => {
    let world: TenantWorld;
    let other: TenantWorld;
    let tokens: Record<'city' | 'commune' | 'secretaryA' | 'secretaryDirect' | 'mentorA' | 'reporter' | 'otherCity' | 'otherSecretary', string>;
    const stepped = { cellA: [] as number[], cellB: [] as number[], direct: [] as number[], otherCommune: [] as number[], otherTenant: [] as number[] };

    interface AuditNode {
      action: string;
      subjectType: string;
      subjectId: string | null;
      organization: { id: string } | null;
      user: { id: string } | null;
      changes: Record<string, unknown> | null;
    }
    async function auditLog(token: string, under?: string) {
      return server.gql<{ auditLog: { totalCount: number; nodes: AuditNode[] } }>(
        `query ($under: ID) { auditLog(first: 100, under: $under) { totalCount nodes { action subjectType subjectId organization { id } user { id } changes } } }`,
        { under: under ?? null },
        token,
      );
    }

    beforeAll(async () => {
      const ds = server.dataSource;
      world = await buildTenantWorld(ds, 'Nhật ký');
      other = await buildTenantWorld(ds, 'Nhật ký khác');
      const otherCommuneSecretary = await buildUser(ds, Role.CELL_SECRETARY, world.cells.otherCell);
      const secretaryB = await buildUser(ds, Role.CELL_SECRETARY, world.cells.cellB);
      tokens = {
        city: server.tokenFor(world.users.cityCommittee),
        commune: server.tokenFor(world.users.communeCommittee),
        secretaryA: server.tokenFor(world.users.secretaryA),
        secretaryDirect: server.tokenFor(world.users.secretaryDirect),
        mentorA: server.tokenFor(world.users.mentorA),
        reporter: server.tokenFor(world.users.reporter),
        otherCity: server.tokenFor(other.users.cityCommittee),
        otherSecretary: server.tokenFor(other.users.secretaryA),
      };
      const mark = async (cell: Organization, mentor: Member, token: string, into: number[]) => {
        const candidate = await buildCandidate(ds, cell, { steps: upTo(CandidateStage.SOURCE) });
        await step('markSympathizer', { candidateId: gid.candidate(candidate), version: candidate.version, resolutionDate: '2024-10-01', mentorId: gid.member(mentor) }, token);
        into.push(candidate.id);
      };
      await mark(world.cells.cellA, world.members.mentorA, tokens.secretaryA, stepped.cellA);
      await mark(world.cells.cellB, world.members.memberB, server.tokenFor(secretaryB), stepped.cellB);
      await mark(world.cells.directCell, world.members.memberDirect, tokens.secretaryDirect, stepped.direct);
      await mark(world.cells.otherCell, world.members.memberOther, server.tokenFor(otherCommuneSecretary), stepped.otherCommune);
      await mark(other.cells.cellA, other.members.mentorA, tokens.otherSecretary, stepped.otherTenant);
    });

    it('adds one audit row per step, with the step as its action', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SOURCE) });
      const id = gid.candidate(candidate);
      const count = () => server.dataSource.getRepository(AuditLog).countBy({ subjectType: 'Candidate', subjectId: candidate.id, action: Not('sensitive.read') });
      const start = await count();
      let version = candidate.version;
      const officials = await officialCount(world.cells.cellA);
      const steps: [string, Record<string, unknown>, string, string][] = [
        ['markSympathizer', { resolutionDate: '2024-10-01', mentorId: gid.member(world.members.mentorA) }, tokens.secretaryA, 'candidate.markSympathizer'],
        ['reassignMentor', { mentorId: gid.member(world.members.otherMemberA), date: '2024-10-20' }, tokens.secretaryA, 'candidate.reassignMentor'],
        ['recordAwarenessClass', { certificateNumber: '3-CN', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' }, tokens.commune, 'candidate.recordAwarenessClass'],
        [
          'openDossier',
          { applicationDate: '2025-01-02', biographyDate: '2025-01-06', backgroundCheckResult: 'Rõ ràng', backgroundCheckDate: '2025-01-10', introducerIds: [gid.member(world.members.mentorA), gid.member(world.members.otherMemberA)] },
          tokens.secretaryA,
          'candidate.openDossier',
        ],
        ['recordCellResolution', { meetingDate: '2025-02-03', present: officials, votesFor: officials, votesAgainst: 0 }, tokens.secretaryA, 'candidate.cellResolution'],
        ['recordCommitteeResolution', { resolutionDate: '2025-02-17', resolutionNumber: '5-NQ/ĐU' }, tokens.commune, 'candidate.committeeResolution'],
        ['extendDecisionDeadline', { extendedOn: '2025-03-03', reason: 'Thẩm tra bổ sung' }, tokens.city, 'candidate.extendDecisionDeadline'],
        ['recordAdmissionDecision', { decisionDate: '2025-09-15', decisionNumber: '88-QĐ/TU', signer: 'Trần Văn Ký' }, tokens.city, 'candidate.admissionDecision'],
        ['recordCeremony', { ceremonyDate: '2025-10-01' }, tokens.secretaryA, 'candidate.ceremony'],
        ['recordRecognitionResolution', { meetingDate: '2026-10-05', present: officials, votesFor: officials, votesAgainst: 0 }, tokens.secretaryA, 'candidate.recognitionResolution'],
        ['recordRecognitionDecision', { decisionDate: '2026-10-20', decisionNumber: '99-QĐ/TU' }, tokens.city, 'candidate.recognitionDecision'],
      ];
      for (const [index, [mutation, input, token, action]] of steps.entries()) {
        const result = await step(mutation, { candidateId: id, version, ...input }, token);
        version = result.version;
        expect({ mutation, rows: await count() }).toEqual({ mutation, rows: start + index + 1 });
        // Reading the step's restricted facts adds a sensitive.read row after it; the newest write is the step.
        const newest = ok(await auditLog(tokens.city, gid.org(world.cells.cellA))).auditLog.nodes.find((n: { action: string }) => n.action !== 'sensitive.read');
        expect(newest).toBeDefined();
        expect(newest).toMatchObject({ action, subjectType: 'Candidate', subjectId: id, organization: { id: gid.org(world.cells.cellA) } });
        expect(newest?.user).not.toBeNull();
      }
      // A correction and a way out are audited too.
      const fixed = await step('correctStep', { candidateId: id, version, eventId: await stepEventId(candidate, CandidateStage.OFFICIAL), occurredOn: '2026-10-21', reason: 'Ngày ký quyết định' }, tokens.city);
      expect(await count()).toBe(start + steps.length + 1);
      expect(ok(await auditLog(tokens.city, gid.org(world.cells.cellA))).auditLog.nodes.find((n: { action: string }) => n.action !== 'sensitive.read')?.action).toBe('candidate.correctStep');
      expect(fixed.stage).toBe('OFFICIAL');
      const dropped = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SOURCE) });
      await step('closeCandidate', { candidateId: gid.candidate(dropped), version: dropped.version, outcome: 'DROPPED', reasonText: 'Không muốn tiếp tục', date: '2026-11-02' }, tokens.secretaryA);
      expect(ok(await auditLog(tokens.city, gid.org(world.cells.cellA))).auditLog.nodes[0]).toMatchObject({ action: 'candidate.close', subjectId: gid.candidate(dropped), changes: { stage: 'DROPPED', outcome: 'DROPPED' } });
    });

    const subjects = (nodes: AuditNode[]) => new Set(nodes.map((n) => n.subjectId));
    const ids = (list: number[]) => list.map((id) => toGlobalId('Candidate', id));

    it("shows a commune committee only its subtree's entries", async () => {
      const log = ok(await auditLog(tokens.commune)).auditLog;
      expect(log.totalCount).toBe(log.nodes.length);
      const seen = subjects(log.nodes);
      for (const id of ids([...stepped.cellA, ...stepped.cellB])) expect(seen).toContain(id);
      for (const id of ids([...stepped.direct, ...stepped.otherCommune, ...stepped.otherTenant])) expect(seen).not.toContain(id);
      const allowed = new Set([world.commune, world.cells.cellA, world.cells.cellB].map(gid.org));
      for (const node of log.nodes) expect(allowed).toContain(node.organization?.id);

      const underA = ok(await auditLog(tokens.commune, gid.org(world.cells.cellA))).auditLog;
      expect(underA.nodes.length).toBeGreaterThan(0);
      for (const node of underA.nodes) expect(node.organization?.id).toBe(gid.org(world.cells.cellA));
      expect(subjects(underA.nodes)).not.toContain(ids(stepped.cellB)[0]);
      // Outside its subtree: NOT_FOUND, like any organization it cannot see.
      expect(errorCode(await auditLog(tokens.commune, gid.org(world.cells.directCell)))).toBe('NOT_FOUND');
      expect(errorCode(await auditLog(tokens.commune, gid.org(other.city)))).toBe('NOT_FOUND');
    });

    it('shows the city committee its whole tenant, and nothing of the other tenant', async () => {
      const seen = subjects(ok(await auditLog(tokens.city)).auditLog.nodes);
      for (const id of ids([...stepped.cellA, ...stepped.cellB, ...stepped.direct, ...stepped.otherCommune])) expect(seen).toContain(id);
      expect(seen).not.toContain(ids(stepped.otherTenant)[0]);
    });

    it("shows the other tenant's committee none of these entries", async () => {
      const log = ok(await auditLog(tokens.otherCity)).auditLog;
      const seen = subjects(log.nodes);
      expect(seen).toContain(ids(stepped.otherTenant)[0]);
      for (const id of ids([...stepped.cellA, ...stepped.cellB, ...stepped.direct, ...stepped.otherCommune])) expect(seen).not.toContain(id);
      expect(errorCode(await auditLog(tokens.otherCity, gid.org(world.commune)))).toBe('NOT_FOUND');
    });

    it.each(['reporter', 'mentorA', 'secretaryA', 'secretaryDirect', 'otherSecretary'] as const)('shows %s an empty log (only committees read it)', async (who) => {
      const log = ok(await auditLog(tokens[who])).auditLog;
      expect(log).toEqual({ totalCount: 0, nodes: [] });
    });
  });

  describe('deadlines and the filters built on them', () => {
    let world: TenantWorld;
    let other: TenantWorld;
    let calendar: TestCalendar;
    let city: string;
    let commune: string;
    const made = {} as Record<'overdue' | 'soon' | 'later' | 'directOverdue', { candidate: Candidate; dueOn: string }>;

    async function holidays(token: string, year: number): Promise<{ holidayOn: string; name: string }[]> {
      return ok(await server.gql<{ publicHolidays: { holidayOn: string; name: string }[] }>(`query ($y: Int!) { publicHolidays(year: $y) { holidayOn name } }`, { y: year }, token)).publicHolidays;
    }

    /** The latest meeting date, up to today, whose DECISION deadline (60 working days) falls in [from, to]. */
    function meetingFor(from: string, to: string): { meeting: string; dueOn: string } {
      for (let day = today; day > shift(today, -400); day = shift(day, -1)) {
        if (!calendar.isWorkingDay(day)) continue;
        const dueOn = calendar.add(day, 60);
        if (dueOn >= from && dueOn <= to) return { meeting: day, dueOn };
      }
      throw new Error(`no meeting date gives a deadline in [${from}, ${to}]`);
    }

    /** A candidate at DOSSIER voted through the API on `meeting`: the step stores the DECISION deadline. */
    async function resolvedOn(cell: Organization, secretaryToken: string, meeting: string): Promise<Candidate> {
      const candidate = await buildCandidate(server.dataSource, cell, {
        steps: [
          { stage: CandidateStage.SOURCE, on: '2024-01-08' },
          { stage: CandidateStage.SYMPATHIZER, on: '2024-02-05' },
          { stage: CandidateStage.TRAINED, on: '2024-03-04', facts: { certificateNumber: '9-CN' } },
          { stage: CandidateStage.DOSSIER, on: '2024-04-01' },
        ],
      });
      const officials = await officialCount(cell);
      const resolved = await step('recordCellResolution', { candidateId: gid.candidate(candidate), version: candidate.version, meetingDate: meeting, present: officials, votesFor: officials, votesAgainst: 0 }, secretaryToken);
      expect(resolved.deadline?.kind).toBe('DECISION');
      return candidate;
    }

    beforeAll(async () => {
      const ds = server.dataSource;
      world = await buildTenantWorld(ds, 'Thời hạn');
      other = await buildTenantWorld(ds, 'Thời hạn khác');
      city = server.tokenFor(world.users.cityCommittee);
      commune = server.tokenFor(world.users.communeCommittee);
      const year = Number(today.slice(0, 4));
      const all = [...(await holidays(city, year - 1)), ...(await holidays(city, year)), ...(await holidays(city, year + 1))];
      calendar = new TestCalendar(new Set(all.map((h) => h.holidayOn)));

      const secretaryA = server.tokenFor(world.users.secretaryA);
      const plan = {
        overdue: meetingFor(shift(today, -40), shift(today, -10)),
        soon: meetingFor(shift(today, 3), shift(today, 7)),
        later: meetingFor(shift(today, 38), shift(today, 42)),
      };
      for (const key of ['overdue', 'soon', 'later'] as const) {
        made[key] = { candidate: await resolvedOn(world.cells.cellA, secretaryA, plan[key].meeting), dueOn: plan[key].dueOn };
      }
      // Overdue too, but in the cell directly under the city: outside the commune.
      const direct = meetingFor(shift(today, -60), shift(today, -41));
      made.directOverdue = { candidate: await resolvedOn(world.cells.directCell, server.tokenFor(world.users.secretaryDirect), direct.meeting), dueOn: direct.dueOn };
      // The other tenant has an overdue candidate of its own.
      await resolvedOn(other.cells.cellA, server.tokenFor(other.users.secretaryA), plan.overdue.meeting);
    });

    interface DeadlineNode {
      id: string;
      deadline: { kind: string; dueOn: string; overdue: boolean; workingDaysLeft: number } | null;
    }
    async function deadlines(token: string, organizationId: string, withinDays: number) {
      return server.gql<{ deadlines: { totalCount: number; nodes: DeadlineNode[] } }>(
        `query ($org: ID!, $days: Int!) { deadlines(organizationId: $org, withinDays: $days) { totalCount nodes { id deadline { kind dueOn overdue workingDaysLeft } } } }`,
        { org: organizationId, days: withinDays },
        token,
      );
    }
    const idOf = (key: keyof typeof made) => gid.candidate(made[key].candidate);

    it('stores the deadline the rules give: 60 working days after the cell resolution, holidays skipped', async () => {
      for (const key of ['overdue', 'soon', 'later', 'directOverdue'] as const) {
        const { candidate, dueOn } = made[key];
        expect({ key, dueOn: (await row(candidate)).deadlineOn }).toEqual({ key, dueOn });
        const { deadline } = await view(candidate, city);
        const left = dueOn >= today ? calendar.countBetween(today, dueOn) : -calendar.countBetween(dueOn, today);
        expect({ key, deadline }).toEqual({ key, deadline: { kind: 'DECISION', dueOn, overdue: dueOn < today, workingDaysLeft: left } });
      }
      expect(made.overdue.dueOn < today).toBe(true);
      expect(made.soon.dueOn > today && made.soon.dueOn <= shift(today, 7)).toBe(true);
    });

    it('deadlines(commune, 14 days): overdue first, then the one due within days; not the 40-day one, nothing outside the subtree', async () => {
      for (const token of [commune, city]) {
        const list = ok(await deadlines(token, gid.org(world.commune), 14)).deadlines;
        expect(list.nodes.map((n) => n.id)).toEqual([idOf('overdue'), idOf('soon')]);
        expect(list.totalCount).toBe(2);
        expect(list.nodes.map((n) => n.deadline?.overdue)).toEqual([true, false]);
      }
      const wider = ok(await deadlines(commune, gid.org(world.commune), 45)).deadlines;
      expect(wider.nodes.map((n) => n.id)).toEqual([idOf('overdue'), idOf('soon'), idOf('later')]);
      // The city's own subtree includes its direct cell, the oldest overdue first.
      const whole = ok(await deadlines(city, gid.org(world.city), 14)).deadlines;
      expect(whole.nodes.map((n) => n.id)).toEqual([idOf('directOverdue'), idOf('overdue'), idOf('soon')]);
    });

    it('deadlines for an organization outside the caller\'s subtree (a sibling, another tenant) is NOT_FOUND', async () => {
      expect(errorCode(await deadlines(commune, gid.org(world.cells.directCell), 14))).toBe('NOT_FOUND');
      expect(errorCode(await deadlines(commune, gid.org(world.otherCommune), 14))).toBe('NOT_FOUND');
      expect(errorCode(await deadlines(commune, gid.org(other.commune), 14))).toBe('NOT_FOUND');
      expect(errorCode(await deadlines(server.tokenFor(other.users.cityCommittee), gid.org(world.commune), 14))).toBe('NOT_FOUND');
      expect(errorCode(await deadlines(server.tokenFor(world.users.secretaryA), gid.org(world.cells.cellB), 14))).toBe('NOT_FOUND');
      // The secretary's own cell: its candidates, overdue first.
      const own = ok(await deadlines(server.tokenFor(world.users.secretaryA), gid.org(world.cells.cellA), 14)).deadlines;
      expect(own.nodes.map((n) => n.id)).toEqual([idOf('overdue'), idOf('soon')]);
    });

    it('deadlines for an ancestor the caller may read by name lists only what lies in the caller\'s own subtree', async () => {
      // Committees and secretaries read the names of the organizations above them (README, "Who sees what"), so
      // `organizationId` may name one; the list is still scoped to the caller: nothing of the direct cell appears.
      const fromCity = await deadlines(commune, gid.org(world.city), 14);
      expect(fromCity.errors ?? []).toEqual([]);
      expect(ok(fromCity).deadlines.nodes.map((n) => n.id)).toEqual([idOf('overdue'), idOf('soon')]);
      const secretaryFromCommune = ok(await deadlines(server.tokenFor(world.users.secretaryA), gid.org(world.commune), 14)).deadlines;
      expect(secretaryFromCommune.nodes.map((n) => n.id)).toEqual([idOf('overdue'), idOf('soon')]);
    });

    async function filtered(filter: Record<string, unknown>, token = city) {
      return ok(await server.gql<{ candidates: { totalCount: number; nodes: { id: string }[] } }>(`query ($f: CandidateFilter) { candidates(first: 100, filter: $f) { totalCount nodes { id } } }`, { f: filter }, token)).candidates.nodes.map((n) => n.id);
    }

    it('filters candidates by overdue and dueWithinDays', async () => {
      const under = gid.org(world.commune);
      expect(await filtered({ under, overdue: true })).toEqual([idOf('overdue')]);
      expect(await filtered({ overdue: true }).then((list) => list.sort())).toEqual([idOf('overdue'), idOf('directOverdue')].sort());
      const notOverdue = await filtered({ under, overdue: false });
      expect(notOverdue).toEqual(expect.arrayContaining([idOf('soon'), idOf('later'), gid.candidate(world.candidates.candidateA1)]));
      expect(notOverdue).not.toContain(idOf('overdue'));
      expect(await filtered({ under, dueWithinDays: 14 })).toEqual([idOf('soon')]);
      expect((await filtered({ under, dueWithinDays: 45 })).sort()).toEqual([idOf('soon'), idOf('later')].sort());
      expect(await filtered({ under, dueWithinDays: 0 })).toEqual(made.soon.dueOn === today ? [idOf('soon')] : []);
      // The commune committee sees the same within its subtree; the other tenant none of them.
      expect(await filtered({ overdue: true }, commune)).toEqual([idOf('overdue')]);
      expect(await filtered({ overdue: true, under: gid.org(other.city) }, server.tokenFor(other.users.cityCommittee))).not.toContain(idOf('overdue'));
    });

    it('filters candidates by eligibleBy: 18 full years, counted in months, by that date', async () => {
      const ds = server.dataSource;
      const { cell } = await buildCell(ds, world.city, { name: 'Chi bộ Trường THPT Đủ Tuổi' });
      const born2008 = await buildCandidate(ds, cell, { fullName: 'Học sinh Sinh 2008', category: PersonCategory.STUDENT, grade: 12, dateOfBirth: '2008-05-10' });
      const born2009 = await buildCandidate(ds, cell, { fullName: 'Học sinh Sinh 2009', category: PersonCategory.STUDENT, grade: 12, dateOfBirth: '2009-01-15' });
      const under = gid.org(cell);
      const eligible = async (by: string) => (await filtered({ under, eligibleBy: by })).sort();
      expect(await eligible('2026-05-09')).toEqual([]);
      expect(await eligible('2026-05-10')).toEqual([gid.candidate(born2008)]);
      // Before graduation in the 2025-2026 school year: only the one born 2008-05-10.
      expect(await eligible('2026-05-31')).toEqual([gid.candidate(born2008)]);
      expect(await eligible('2027-01-14')).toEqual([gid.candidate(born2008)]);
      // Born 2009-01-15 turns 18 on 2027-01-15, so by 2027-05-31 both are (domain.md: counted in months).
      expect(await eligible('2027-01-15')).toEqual([gid.candidate(born2008), gid.candidate(born2009)].sort());
      expect(await eligible('2027-05-31')).toEqual([gid.candidate(born2008), gid.candidate(born2009)].sort());
      const views = ok(await server.gql<{ candidates: { nodes: { fullName: string; eligibleFrom: string }[] } }>(`query ($f: CandidateFilter) { candidates(filter: $f) { nodes { fullName eligibleFrom } } }`, { f: { under } }, city)).candidates.nodes;
      expect(Object.fromEntries(views.map((v) => [v.fullName, v.eligibleFrom]))).toEqual({ 'Học sinh Sinh 2008': '2026-05-10', 'Học sinh Sinh 2009': '2027-01-15' });
    });
  });

  describe('public holidays', () => {
    let world: TenantWorld;
    let admin: string;
    let calendar: TestCalendar;

    beforeAll(async () => {
      const ds = server.dataSource;
      world = await buildTenantWorld(ds, 'Ngày lễ');
      admin = server.tokenFor(await buildUser(ds, Role.SYSTEM_ADMIN, null));
      const rows = await ds.getRepository(PublicHoliday).find();
      calendar = new TestCalendar(new Set(rows.map((r) => r.holidayOn)));
    });

    const HOLIDAYS = `query ($y: Int!) { publicHolidays(year: $y) { holidayOn name } }`;
    const SET = `mutation ($d: LocalDate!, $n: String!) { setPublicHoliday(date: $d, name: $n) { holidayOn name } }`;
    const REMOVE = `mutation ($d: LocalDate!) { removePublicHoliday(date: $d) }`;

    it('lets any logged-in user read the holidays of a year (Tết 2026 included)', async () => {
      const readers = [world.users.reporter, world.users.mentorA, world.users.secretaryA, world.users.communeCommittee, world.users.cityCommittee];
      for (const user of readers) {
        const list = ok(await server.gql<{ publicHolidays: { holidayOn: string; name: string }[] }>(HOLIDAYS, { y: 2026 }, server.tokenFor(user))).publicHolidays;
        expect(list).toContainEqual({ holidayOn: '2026-02-17', name: 'Tết Nguyên đán' });
        expect(list.every((h) => h.holidayOn.startsWith('2026-'))).toBe(true);
        expect([...list.map((h) => h.holidayOn)]).toEqual([...list.map((h) => h.holidayOn)].sort());
      }
      expect(errorCode(await server.gql(HOLIDAYS, { y: 2026 }))).toBe('UNAUTHENTICATED');
    });

    it('refuses committees (and everyone but the administrator) changing the holidays, with nothing changed', async () => {
      const before = await server.dataSource.getRepository(PublicHoliday).find({ order: { holidayOn: 'ASC' } });
      for (const user of [world.users.cityCommittee, world.users.communeCommittee, world.users.secretaryA, world.users.reporter]) {
        const token = server.tokenFor(user);
        expect(errorCode(await server.gql(SET, { d: '2026-12-24', n: 'Ngày thử nghiệm' }, token))).toBe('FORBIDDEN');
        expect(errorCode(await server.gql(REMOVE, { d: '2026-09-02' }, token))).toBe('FORBIDDEN');
      }
      expect(await server.dataSource.getRepository(PublicHoliday).find({ order: { holidayOn: 'ASC' } })).toEqual(before);
    });

    it('keeps the holiday changes in the audit log, and the administrator can read them there', async () => {
      const date = '2027-12-24';
      ok(await server.gql(SET, { d: date, n: 'Ngày kiểm tra nhật ký' }, admin));
      ok(await server.gql(REMOVE, { d: date }, admin));
      const rows = await server.dataSource.getRepository(AuditLog).find({ where: { subjectType: 'PublicHoliday' }, order: { id: 'DESC' }, take: 2 });
      expect(rows.map((r) => r.action)).toEqual(['holiday.remove', 'holiday.set']);
      // "Every write in your subtree, newest first (committees and administrators)": the administrator's subtree is everything.
      const log = ok(await server.gql<{ auditLog: { nodes: { action: string; subjectType: string; changes: Record<string, unknown> | null }[] } }>(`{ auditLog(first: 100) { nodes { action subjectType changes } } }`, {}, admin)).auditLog.nodes;
      expect(log.filter((n) => n.subjectType === 'PublicHoliday').slice(0, 2)).toEqual([
        { action: 'holiday.remove', subjectType: 'PublicHoliday', changes: { date } },
        { action: 'holiday.set', subjectType: 'PublicHoliday', changes: { date, name: 'Ngày kiểm tra nhật ký' } },
      ]);
    });

    /** A candidate of directCell whose cell voted on `on` (all official members for): its DECISION deadline is open. */
    async function votedCandidate(on: string) {
      const secretary = server.tokenFor(world.users.secretaryDirect);
      const officials = await officialCount(world.cells.directCell);
      const candidate = await buildCandidate(server.dataSource, world.cells.directCell, {
        steps: [
          { stage: CandidateStage.SOURCE, on: '2024-01-08' },
          { stage: CandidateStage.SYMPATHIZER, on: '2024-02-05' },
          { stage: CandidateStage.TRAINED, on: '2024-03-04' },
          { stage: CandidateStage.DOSSIER, on: '2024-04-01' },
        ],
      });
      await step('recordCellResolution', { candidateId: gid.candidate(candidate), version: candidate.version, meetingDate: on, present: officials, votesFor: officials, votesAgainst: 0 }, secretary);
      return candidate;
    }

    it("counts a new holiday in the working days left at once, though each instance keeps the calendar it read (the administrator's write clears it)", async () => {
      const committee = server.tokenFor(world.users.cityCommittee);
      let meeting = shift(today, -5);
      while (!calendar.isWorkingDay(meeting)) meeting = shift(meeting, -1);
      const candidate = await votedCandidate(meeting);
      const due = calendar.add(meeting, 60);
      // Read once: this instance now holds the calendar.
      expect((await view(candidate, committee)).deadline).toMatchObject({ dueOn: due, workingDaysLeft: calendar.countBetween(today, due) });
      // A holiday ahead, inside the window: the deadline moves a working day later, and the days
      // left are counted without the holiday (a calendar read before it would count one more).
      const holiday = calendar.add(today, 10);
      ok(await server.gql(SET, { d: holiday, n: 'Nghỉ bù bộ nhớ đệm' }, admin));
      const withHoliday = calendar.with(holiday);
      const moved = withHoliday.add(meeting, 60);
      expect(calendar.countBetween(today, moved)).toBe(withHoliday.countBetween(today, moved) + 1);
      expect((await view(candidate, committee)).deadline).toMatchObject({ dueOn: moved, workingDaysLeft: withHoliday.countBetween(today, moved) });
      ok(await server.gql(REMOVE, { d: holiday }, admin));
      expect((await view(candidate, committee)).deadline).toMatchObject({ dueOn: due, workingDaysLeft: calendar.countBetween(today, due) });
    });

    it('moves an open DECISION deadline one working day later when the administrator adds a holiday inside its window, and back when it is removed', async () => {
      const ds = server.dataSource;
      // A meeting a few weeks ago: the window (meeting, dueOn] is open and the deadline still ahead.
      let meeting = shift(today, -25);
      while (!calendar.isWorkingDay(meeting)) meeting = shift(meeting, -1);
      const holiday = calendar.nextWorkingDay(meeting);
      // A second candidate voted after that day: its window does not contain the holiday.
      const laterMeeting = calendar.nextWorkingDay(holiday);
      const vote = votedCandidate;
      const inWindow = await vote(meeting);
      const afterIt = await vote(laterMeeting);
      const due = calendar.add(meeting, 60);
      const dueLater = calendar.add(laterMeeting, 60);
      expect(due > today).toBe(true);
      expect((await row(inWindow)).deadlineOn).toBe(due);
      expect((await row(afterIt)).deadlineOn).toBe(dueLater);
      const versions = [(await row(inWindow)).version, (await row(afterIt)).version];

      const set = ok(await server.gql<{ setPublicHoliday: { holidayOn: string; name: string } }>(SET, { d: holiday, n: 'Nghỉ bù thử nghiệm' }, admin)).setPublicHoliday;
      expect(set).toEqual({ holidayOn: holiday, name: 'Nghỉ bù thử nghiệm' });
      const year = Number(holiday.slice(0, 4));
      expect(ok(await server.gql<{ publicHolidays: { holidayOn: string }[] }>(HOLIDAYS, { y: year }, server.tokenFor(world.users.reporter))).publicHolidays).toContainEqual({ holidayOn: holiday, name: 'Nghỉ bù thử nghiệm' });
      const moved = calendar.with(holiday).add(meeting, 60);
      expect(moved).toBe(calendar.nextWorkingDay(due));
      expect((await row(inWindow)).deadlineOn).toBe(moved);
      expect((await view(inWindow, server.tokenFor(world.users.cityCommittee))).deadline).toMatchObject({ kind: 'DECISION', dueOn: moved });
      expect((await row(afterIt)).deadlineOn).toBe(dueLater);

      expect(ok(await server.gql<{ removePublicHoliday: boolean }>(REMOVE, { d: holiday }, admin)).removePublicHoliday).toBe(true);
      expect((await row(inWindow)).deadlineOn).toBe(due);
      expect((await row(afterIt)).deadlineOn).toBe(dueLater);
      expect(await ds.getRepository(PublicHoliday).findOneBy({ holidayOn: holiday })).toBeNull();
      // Removing it again changes nothing and says so.
      expect(ok(await server.gql<{ removePublicHoliday: boolean }>(REMOVE, { d: holiday }, admin)).removePublicHoliday).toBe(false);
      // The candidate whose deadline never changed was not touched.
      expect((await row(afterIt)).version).toBe(versions[1]);
    });
  });
});
