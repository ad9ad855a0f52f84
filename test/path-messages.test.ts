import { startTestServer, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import * as enums from '../src/domain/enums';
import { CandidateStage, EducationLevel, MemberStatus, Role } from '../src/domain/enums';
import { Rule } from '../src/modules/candidate/path/rules';
import { DeadlineKind, NextAction, NextActor } from '../src/modules/candidate/path/path-state';
import { CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { addDays, todayInVietnam } from '../src/common/dates';
import { toGlobalId } from '../src/graphql/global-id';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { Member } from '../src/modules/member/member.entity';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';
import { STEP_INPUT_TYPES, type StepMutation } from './support/path-steps';

/**
 * Issue 14 item 8: the Vietnamese message of every rule the path enforces is Vietnamese. A broad
 * set of refused steps (every step out of order, every date in the future or before the step
 * before it, every rule of the Charter) and the failingRules of candidates that fail them: no
 * messageVi shows an enum code (SOURCE, COMMITTEE_RESOLVED...), an API field name
 * (resolutionDate, youthUnion.resolutionDate...) or a date written the ISO way.
 */

const TODAY = todayInVietnam();
const TOMORROW = addDays(TODAY, 1);
const S = CandidateStage;

/** Every value of every enum the API has: none may appear as a word of a Vietnamese message. */
const ENUM_CODES = new Set<string>([
  ...Object.values(enums).flatMap((value) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.values(value as Record<string, unknown>) : [])).filter((v): v is string => typeof v === 'string' && /^[A-Z][A-Z0-9_]+$/.test(v)),
  ...Object.values(Rule),
  ...Object.values(DeadlineKind),
  ...Object.values(NextAction),
  ...Object.values(NextActor),
]);
const CODE_LIKE = /(^|[^\p{L}\p{N}_])([A-Z][A-Z0-9]*_[A-Z0-9_]+)(?![\p{L}\p{N}_])/u;
const CAMEL_CASE = /(^|[^\p{L}])([a-z]+[A-Z][A-Za-z]*)/u;
const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

/** What is wrong with a Vietnamese message, if anything. */
function notVietnamese(message: string): string[] {
  const words = message.split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  const problems = words.filter((word) => ENUM_CODES.has(word)).map((word) => `enum code ${word}`);
  const code = CODE_LIKE.exec(message);
  if (code) problems.push(`code ${code[2]}`);
  const camel = CAMEL_CASE.exec(message);
  if (camel) problems.push(`identifier ${camel[2]}`);
  if (ISO_DATE.test(message)) problems.push('ISO date');
  return problems;
}

function steps(...pairs: [CandidateStage, string][]): StageStepSeed[] {
  return pairs.map(([stage, on]) => ({ stage, on }));
}
const AT_SYMPATHIZER = steps([S.SOURCE, '2025-09-05'], [S.SYMPATHIZER, '2025-10-01']);
const AT_TRAINED = [...AT_SYMPATHIZER, ...steps([S.TRAINED, '2025-12-01'])];
const AT_DOSSIER = [...AT_TRAINED, ...steps([S.DOSSIER, '2026-03-16'])];
const AT_CELL_RESOLVED = [...AT_DOSSIER, ...steps([S.CELL_RESOLVED, '2026-04-02'])];
const AT_COMMITTEE_RESOLVED = [...AT_CELL_RESOLVED, ...steps([S.COMMITTEE_RESOLVED, '2026-04-10'])];
const AT_ADMITTED = [...AT_COMMITTEE_RESOLVED, ...steps([S.ADMITTED, '2026-05-04'])];
const AT_PROBATIONARY = [...AT_ADMITTED, ...steps([S.PROBATIONARY, '2026-05-20'])];

interface Refusal {
  title: string;
  mutation: StepMutation;
  cell?: 'commune' | 'direct';
  steps: StageStepSeed[];
  dateOfBirth?: string;
  educationLevel?: EducationLevel;
  by: 'secretary' | 'commune' | 'city';
  input: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Setup through the API or the database before the refused step. */
  prepare?: (candidate: { id: number }) => Promise<void>;
  rule: string;
}

describe('the Vietnamese messages of the path', () => {
  let server: TestServer;
  let cell: Organization;
  let directCell: Organization;
  let officials: Member[];
  let directOfficials: Member[];
  let probationary: Member;
  const tokens = {} as Record<'secretary' | 'directSecretary' | 'commune' | 'city', string>;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null, { name: 'Huyện ủy Thử Thông Báo' });
    const commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Thông Báo' });
    ({ cell } = await buildCell(ds, commune));
    ({ cell: directCell } = await buildCell(ds, city));
    officials = [];
    directOfficials = [];
    for (let i = 0; i < 6; i += 1) officials.push(await buildMember(ds, cell, { fullName: `Đảng viên ${i}`, admittedOn: '2010-01-01', officialOn: '2011-01-01' }));
    for (let i = 0; i < 3; i += 1) directOfficials.push(await buildMember(ds, directCell, { fullName: `Đảng viên trực thuộc ${i}`, admittedOn: '2010-01-01', officialOn: '2011-01-01' }));
    probationary = await buildMember(ds, cell, { fullName: 'Đảng viên dự bị', status: MemberStatus.PROBATIONARY, admittedOn: '2026-06-01', officialOn: null });
    tokens.secretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cell));
    tokens.directSecretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, directCell));
    tokens.commune = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
    tokens.city = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
  });
  afterAll(() => server.close());

  const mentor = () => ({ resolutionDate: '2026-01-05', mentorId: gid.member(officials[0]) });
  const certificate = (certificateDate: string) => ({ certificateNumber: '12-CN/TTCT', certificateDate, issuingCentre: 'Trung tâm Chính trị huyện' });
  const dossier = (dates: Partial<Record<'applicationDate' | 'biographyDate' | 'backgroundCheckDate', string>> = {}, introducerIds?: string[]) => ({
    applicationDate: '2026-03-02',
    biographyDate: '2026-03-05',
    backgroundCheckResult: 'Lý lịch rõ ràng',
    backgroundCheckDate: '2026-03-16',
    introducerIds: introducerIds ?? [gid.member(officials[0]), gid.member(officials[1])],
    ...dates,
  });
  const vote = (meetingDate: string, votesFor = 6, votesAgainst = 0, present = 6) => ({ meetingDate, present, votesFor, votesAgainst });
  const decision = (decisionDate: string) => ({ decisionDate, decisionNumber: '301-QĐ/HU', signer: 'Trần Văn B' });
  const close = (outcome: CandidateStage, date: string) => ({ outcome, date, reasonText: 'Chuyển công tác' });

  /** Every step out of order: a candidate at SOURCE, then one at PROBATIONARY. */
  const outOfOrder: Refusal[] = [
    { title: 'awareness class at SOURCE', mutation: 'recordAwarenessClass', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => certificate('2025-12-01'), rule: 'STEP_ORDER' },
    { title: 'dossier at SOURCE', mutation: 'openDossier', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => dossier(), rule: 'STEP_ORDER' },
    { title: 'cell vote at SOURCE', mutation: 'recordCellResolution', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => vote('2026-04-02'), rule: 'STEP_ORDER' },
    { title: 'committee resolution at SOURCE', mutation: 'recordCommitteeResolution', steps: steps([S.SOURCE, '2025-09-05']), by: 'commune', input: () => ({ resolutionDate: '2026-04-10', resolutionNumber: '1-NQ/ĐU' }), rule: 'STEP_ORDER' },
    { title: 'decision at SOURCE', mutation: 'recordAdmissionDecision', steps: steps([S.SOURCE, '2025-09-05']), by: 'city', input: () => decision('2026-05-04'), rule: 'STEP_ORDER' },
    { title: 'decision at CELL_RESOLVED under a commune', mutation: 'recordAdmissionDecision', steps: AT_CELL_RESOLVED, by: 'city', input: () => decision('2026-05-04'), rule: 'STEP_ORDER' },
    { title: 'extension at SOURCE', mutation: 'extendDecisionDeadline', steps: steps([S.SOURCE, '2025-09-05']), by: 'city', input: () => ({ extendedOn: '2026-05-04', reason: 'Chờ thẩm tra bổ sung' }), rule: 'STEP_ORDER' },
    { title: 'ceremony at DOSSIER', mutation: 'recordCeremony', steps: AT_DOSSIER, by: 'secretary', input: () => ({ ceremonyDate: '2026-05-20' }), rule: 'STEP_ORDER' },
    { title: 'recognition resolution at TRAINED', mutation: 'recordRecognitionResolution', steps: AT_TRAINED, by: 'secretary', input: () => vote('2026-05-20'), rule: 'STEP_ORDER' },
    { title: 'recognition decision at ADMITTED', mutation: 'recordRecognitionDecision', steps: AT_ADMITTED, by: 'city', input: () => ({ decisionDate: '2026-05-20', decisionNumber: '2-QĐ/HU' }), rule: 'STEP_ORDER' },
    { title: 'recognition decision before the cell proposes it', mutation: 'recordRecognitionDecision', steps: AT_PROBATIONARY, by: 'city', input: () => ({ decisionDate: TODAY, decisionNumber: '2-QĐ/HU' }), rule: 'STEP_ORDER' },
    { title: 'REJECTED at SOURCE', mutation: 'closeCandidate', steps: steps([S.SOURCE, '2025-09-05']), by: 'city', input: () => close(S.REJECTED, '2026-01-05'), rule: 'STEP_ORDER' },
    { title: 'not recognised at DOSSIER', mutation: 'closeCandidate', steps: AT_DOSSIER, by: 'city', input: () => close(S.PROBATION_NOT_RECOGNIZED, '2026-04-05'), rule: 'STEP_ORDER' },
    { title: 'new mentor at SOURCE', mutation: 'reassignMentor', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => ({ mentorId: gid.member(officials[1]), date: '2026-01-05' }), rule: 'STEP_ORDER' },
    { title: 'sympathizer at TRAINED', mutation: 'markSympathizer', steps: AT_TRAINED, by: 'secretary', input: mentor, rule: 'STEP_ORDER' },
  ];

  /** Every date of every step, tomorrow and before the step before it. */
  const badDates: Refusal[] = [
    { title: 'sympathizer resolution', mutation: 'markSympathizer', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => ({ ...mentor(), resolutionDate: TOMORROW }), rule: 'DATE_IN_FUTURE' },
    { title: 'sympathizer resolution', mutation: 'markSympathizer', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => ({ ...mentor(), resolutionDate: '2025-09-04' }), rule: 'DATE_ORDER' },
    { title: 'certificate', mutation: 'recordAwarenessClass', steps: AT_SYMPATHIZER, by: 'secretary', input: () => certificate(TOMORROW), rule: 'DATE_IN_FUTURE' },
    { title: 'certificate', mutation: 'recordAwarenessClass', steps: AT_SYMPATHIZER, by: 'secretary', input: () => certificate('2025-09-30'), rule: 'DATE_ORDER' },
    { title: 'application', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({ applicationDate: TOMORROW }), rule: 'DATE_IN_FUTURE' },
    { title: 'biography', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({ biographyDate: '2025-11-30' }), rule: 'DATE_ORDER' },
    { title: 'background check', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({ backgroundCheckDate: TOMORROW }), rule: 'DATE_IN_FUTURE' },
    {
      title: 'Youth Union resolution',
      mutation: 'openDossier',
      steps: AT_TRAINED,
      by: 'secretary',
      input: () => ({ ...dossier({}, [gid.member(officials[0])]), youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường', resolutionDate: TOMORROW } }),
      rule: 'DATE_IN_FUTURE',
    },
    {
      title: 'Youth Union resolution after the dossier',
      mutation: 'openDossier',
      steps: AT_TRAINED,
      by: 'secretary',
      input: () => ({ ...dossier({}, [gid.member(officials[0])]), youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường', resolutionDate: '2026-03-20' } }),
      rule: 'DATE_ORDER',
    },
    { title: 'cell meeting', mutation: 'recordCellResolution', steps: AT_DOSSIER, by: 'secretary', input: () => vote(TOMORROW), rule: 'DATE_IN_FUTURE' },
    { title: 'cell meeting', mutation: 'recordCellResolution', steps: AT_DOSSIER, by: 'secretary', input: () => vote('2026-03-15'), rule: 'DATE_ORDER' },
    {
      title: 'age exception approved tomorrow',
      mutation: 'recordCellResolution',
      steps: AT_DOSSIER,
      dateOfBirth: '1960-01-01',
      by: 'secretary',
      input: () => ({ ...vote('2026-04-02'), ageException: { reference: 'Công văn 15-CV/HU', approvedOn: TOMORROW } }),
      rule: 'DATE_IN_FUTURE',
    },
    {
      title: 'age exception approved after the vote',
      mutation: 'recordCellResolution',
      steps: AT_DOSSIER,
      dateOfBirth: '1960-01-01',
      by: 'secretary',
      input: () => ({ ...vote('2026-04-02'), ageException: { reference: 'Công văn 15-CV/HU', approvedOn: '2026-04-03' } }),
      rule: 'DATE_ORDER',
    },
    { title: 'committee resolution', mutation: 'recordCommitteeResolution', steps: AT_CELL_RESOLVED, by: 'commune', input: () => ({ resolutionDate: '2026-04-01', resolutionNumber: '1-NQ/ĐU' }), rule: 'DATE_ORDER' },
    { title: 'admission decision', mutation: 'recordAdmissionDecision', steps: AT_COMMITTEE_RESOLVED, by: 'city', input: () => decision(TOMORROW), rule: 'DATE_IN_FUTURE' },
    { title: 'extension', mutation: 'extendDecisionDeadline', steps: AT_COMMITTEE_RESOLVED, by: 'city', input: () => ({ extendedOn: '2026-04-09', reason: 'Chờ thẩm tra bổ sung' }), rule: 'DATE_ORDER' },
    { title: 'ceremony', mutation: 'recordCeremony', steps: AT_ADMITTED, by: 'secretary', input: () => ({ ceremonyDate: '2026-05-03' }), rule: 'DATE_ORDER' },
    { title: 'dropped', mutation: 'closeCandidate', steps: AT_DOSSIER, by: 'secretary', input: () => close(S.DROPPED, TOMORROW), rule: 'DATE_IN_FUTURE' },
    { title: 'rejected', mutation: 'closeCandidate', steps: AT_DOSSIER, by: 'city', input: () => close(S.REJECTED, '2026-03-15'), rule: 'DATE_ORDER' },
    { title: 'new mentor', mutation: 'reassignMentor', steps: AT_TRAINED, by: 'secretary', input: () => ({ mentorId: gid.member(officials[1]), date: TOMORROW }), rule: 'DATE_IN_FUTURE' },
  ];

  /** The rules of the Charter themselves. */
  const charter: Refusal[] = [
    { title: 'under 18', mutation: 'recordCellResolution', steps: AT_DOSSIER, dateOfBirth: '2008-05-10', by: 'secretary', input: () => vote('2026-04-02'), rule: 'MIN_AGE' },
    { title: 'over 60', mutation: 'recordCellResolution', steps: AT_DOSSIER, dateOfBirth: '1960-01-01', by: 'secretary', input: () => vote('2026-04-02'), rule: 'MAX_AGE' },
    { title: 'primary education', mutation: 'recordCellResolution', steps: AT_DOSSIER, educationLevel: EducationLevel.PRIMARY, by: 'secretary', input: () => vote('2026-04-02'), rule: 'EDUCATION' },
    { title: 'too few in favour', mutation: 'recordCellResolution', steps: AT_DOSSIER, by: 'secretary', input: () => vote('2026-04-02', 3, 3), rule: 'CELL_VOTE' },
    { title: 'more present than members', mutation: 'recordCellResolution', steps: AT_DOSSIER, by: 'secretary', input: () => vote('2026-04-02', 6, 0, 9), rule: 'CELL_VOTE' },
    { title: 'more votes than present', mutation: 'recordCellResolution', steps: AT_DOSSIER, by: 'secretary', input: () => vote('2026-04-02', 5, 2, 6), rule: 'CELL_VOTE' },
    {
      title: 'certificate expired at the vote',
      mutation: 'recordCellResolution',
      steps: steps([S.SOURCE, '2020-09-07'], [S.SYMPATHIZER, '2020-10-05'], [S.TRAINED, '2021-01-11'], [S.DOSSIER, '2025-12-01']),
      by: 'secretary',
      input: () => vote('2026-04-02'),
      rule: 'CERTIFICATE_EXPIRED',
    },
    {
      title: 'certificate expired at the dossier',
      mutation: 'openDossier',
      steps: steps([S.SOURCE, '2020-09-07'], [S.SYMPATHIZER, '2020-10-05'], [S.TRAINED, '2021-01-11']),
      by: 'secretary',
      input: () => dossier(),
      rule: 'CERTIFICATE_EXPIRED',
    },
    { title: 'the same introducer twice', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({}, [gid.member(officials[0]), gid.member(officials[0])]), rule: 'INTRODUCERS' },
    { title: 'one introducer', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({}, [gid.member(officials[0])]), rule: 'INTRODUCERS' },
    { title: 'a probationary introducer', mutation: 'openDossier', steps: AT_TRAINED, by: 'secretary', input: () => dossier({}, [gid.member(officials[0]), gid.member(probationary)]), rule: 'INTRODUCERS' },
    {
      title: 'Youth Union for a non-member',
      mutation: 'openDossier',
      steps: AT_TRAINED,
      by: 'secretary',
      input: () => ({ ...dossier({}, [gid.member(officials[0])]), youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường', resolutionDate: '2026-03-01' } }),
      rule: 'INTRODUCERS',
    },
    { title: 'a probationary mentor', mutation: 'markSympathizer', steps: steps([S.SOURCE, '2025-09-05']), by: 'secretary', input: () => ({ ...mentor(), mentorId: gid.member(probationary) }), rule: 'MENTOR_OFFICIAL' },
    {
      title: 'committee resolution for a cell under the deciding committee',
      mutation: 'recordCommitteeResolution',
      cell: 'direct',
      steps: AT_CELL_RESOLVED,
      by: 'city',
      input: () => ({ resolutionDate: '2026-04-10', resolutionNumber: '1-NQ/ĐU' }),
      rule: 'COMMITTEE_RESOLUTION_NOT_NEEDED',
    },
    {
      title: 'a second extension',
      mutation: 'extendDecisionDeadline',
      steps: AT_COMMITTEE_RESOLVED,
      by: 'city',
      input: () => ({ extendedOn: '2026-04-20', reason: 'Lần hai' }),
      prepare: async (candidate) => {
        await server.dataSource.query('UPDATE candidate SET decision_extended = ? WHERE id = ?', [true, candidate.id]);
      },
      rule: 'EXTENSION_ONCE',
    },
    { title: 'recognition before the probation ends', mutation: 'recordRecognitionResolution', steps: AT_PROBATIONARY, by: 'secretary', input: () => vote(TODAY), rule: 'PROBATION_NOT_OVER' },
    {
      title: 'undo a step that is not the latest',
      mutation: 'correctStep',
      steps: AT_DOSSIER,
      by: 'city',
      input: async () => ({ eventId: await eventOf(S.TRAINED), reason: 'Ghi nhầm', revert: true }),
      rule: 'CORRECTION',
    },
    {
      title: 'correct the first step',
      mutation: 'correctStep',
      steps: AT_DOSSIER,
      by: 'city',
      input: async () => ({ eventId: await eventOf(S.SOURCE), reason: 'Ghi nhầm', occurredOn: '2025-09-06' }),
      rule: 'CORRECTION',
    },
    {
      title: 'a corrected date after the next step',
      mutation: 'correctStep',
      steps: AT_DOSSIER,
      by: 'city',
      input: async () => ({ eventId: await eventOf(S.TRAINED), reason: 'Ghi nhầm', occurredOn: '2026-03-17' }),
      rule: 'DATE_ORDER',
    },
    {
      title: 'a corrected date before the step before',
      mutation: 'correctStep',
      steps: AT_DOSSIER,
      by: 'city',
      input: async () => ({ eventId: await eventOf(S.TRAINED), reason: 'Ghi nhầm', occurredOn: '2025-09-30' }),
      rule: 'DATE_ORDER',
    },
  ];

  let current: { id: number } | null = null;
  async function eventOf(stage: CandidateStage): Promise<string> {
    if (!current) throw new Error('no candidate');
    const event = await server.dataSource.getRepository(CandidateStageEvent).findOneByOrFail({ candidateId: current.id, toStage: stage });
    return toGlobalId('StageEvent', event.id);
  }

  async function refusal(c: Refusal): Promise<{ rule: string; messageVi: string; message: string }> {
    const target = c.cell === 'direct' ? directCell : cell;
    const candidate = await buildCandidate(server.dataSource, target, { steps: c.steps, dateOfBirth: c.dateOfBirth ?? '1995-03-10', educationLevel: c.educationLevel ?? EducationLevel.UNIVERSITY });
    current = candidate;
    if (c.prepare) await c.prepare(candidate);
    const { version } = (await server.dataSource.query('SELECT version FROM candidate WHERE id = ?', [candidate.id]))[0] as { version: number };
    const token = c.by === 'secretary' && c.cell === 'direct' ? tokens.directSecretary : tokens[c.by];
    const response = await server.gql(
      `mutation ($input: ${STEP_INPUT_TYPES[c.mutation]}!) { ${c.mutation}(input: $input) { id } }`,
      { input: { candidateId: gid.candidate(candidate), version: Number(version), ...(await c.input()) } },
      token,
    );
    const error = response.errors?.[0];
    expect([c.title, error?.extensions?.code, error?.extensions?.rule, error?.extensions?.code === 'RULE_VIOLATION' ? '' : error?.message]).toEqual([c.title, 'RULE_VIOLATION', c.rule, '']);
    return { rule: String(error?.extensions?.rule), messageVi: String(error?.extensions?.messageVi), message: String(error?.message) };
  }

  it('recognises what is not Vietnamese (the check itself)', () => {
    expect(notVietnamese('Bước này chỉ thực hiện sau giai đoạn COMMITTEE_RESOLVED; quần chúng đang ở giai đoạn DOSSIER')).toEqual(['enum code COMMITTEE_RESOLVED', 'enum code DOSSIER', 'code COMMITTEE_RESOLVED']);
    expect(notVietnamese('resolutionDate (2026-01-05) không thể sau ngày hôm nay')).toEqual(['identifier resolutionDate', 'ISO date']);
    expect(notVietnamese('youthUnion.resolutionDate không thể trước bước trước đó')).toEqual(['identifier youthUnion']);
    expect(notVietnamese('Ngày nghị quyết công nhận cảm tình Đảng (05/01/2026) không thể sau ngày hôm nay; Quyết định 1234-QĐ/HU, mẫu 1-KNĐ')).toEqual([]);
  });

  for (const [group, cases] of [['steps out of order', outOfOrder], ['dates', badDates], ["the Charter's rules", charter]] as const) {
    it(`speaks Vietnamese when it refuses ${group}`, async () => {
      const found: { title: string; rule: string; messageVi: string; problems: string[] }[] = [];
      for (const c of cases) {
        const { rule, messageVi } = await refusal(c);
        expect(messageVi.trim().length).toBeGreaterThan(10);
        found.push({ title: c.title, rule, messageVi, problems: notVietnamese(messageVi) });
      }
      expect(found.filter((f) => f.problems.length > 0)).toEqual([]);
    });
  }

  it('names the stages by their labels and the dates by the names the forms give them', async () => {
    const outOfOrderMessage = (await refusal(outOfOrder[2])).messageVi;
    expect(outOfOrderMessage).toBe('Bước này chỉ thực hiện sau giai đoạn “Hoàn thiện hồ sơ”; quần chúng đang ở giai đoạn “Quần chúng ưu tú (tạo nguồn)”');
    const afterCommittee = (await refusal(outOfOrder[5])).messageVi;
    expect(afterCommittee).toContain('“Đảng ủy cơ sở đã ra nghị quyết”');
    const future = await refusal(badDates[0]);
    expect(future.messageVi).toMatch(/^Ngày nghị quyết công nhận cảm tình Đảng \(\d{2}\/\d{2}\/\d{4}\) không thể sau ngày hôm nay/);
    // The English message keeps the API's field name.
    expect(future.message).toContain('resolutionDate');
    expect((await refusal(badDates[13])).messageVi).toMatch(/^Ngày nghị quyết của đảng ủy cơ sở \(01\/04\/2026\) không thể trước ngày của bước trước đó \(02\/04\/2026\)/);
  });

  it('keeps failingRules Vietnamese too', async () => {
    const build = (overrides: Parameters<typeof buildCandidate>[2]) => buildCandidate(server.dataSource, cell, overrides);
    const candidates = [
      await build({ dateOfBirth: '2010-01-01', educationLevel: EducationLevel.PRIMARY }),
      await build({ dateOfBirth: '1960-01-01' }),
      await build({ steps: steps([S.SOURCE, '2020-09-07'], [S.SYMPATHIZER, '2020-10-05'], [S.TRAINED, '2021-01-11']) }),
      await build({ steps: steps([S.SOURCE, '2020-09-07'], [S.SYMPATHIZER, '2020-10-05'], [S.TRAINED, '2021-01-11'], [S.DOSSIER, '2021-03-01']) }),
    ];
    const checks: { rule: string; messageVi: string }[] = [];
    for (const candidate of candidates) {
      const response = await server.gql<{ candidate: { failingRules: { rule: string; messageVi: string }[] } }>(`query ($id: ID!) { candidate(id: $id) { failingRules { rule messageVi } } }`, { id: gid.candidate(candidate) }, tokens.city);
      checks.push(...(response.data?.candidate.failingRules ?? []));
    }
    expect(checks.map((c) => c.rule).sort()).toEqual(['CERTIFICATE_EXPIRED', 'CERTIFICATE_EXPIRED', 'EDUCATION', 'MAX_AGE', 'MIN_AGE']);
    expect(checks.filter((c) => notVietnamese(c.messageVi).length > 0)).toEqual([]);
  });
});
