import { startTestServer, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { CandidateStage, EducationLevel, MemberStatus, PersonCategory, Role } from '../src/domain/enums';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { Member } from '../src/modules/member/member.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { WorkingCalendar } from '../src/modules/calendar/working-days';
import { addDays, addMonths, todayInVietnam } from '../src/common/dates';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';
import { STEP_INPUT_TYPES } from './support/path-steps';

/**
 * Every rule of the Party Charter that a step enforces, tested at its boundary through the
 * GraphQL API (domain.md, "Rules the software enforces"). Each refusal checks the error code,
 * the rule's name, a Vietnamese message, and that nothing was written: the candidate's stage,
 * version and dates are as before and no history or audit row appeared.
 */

const INPUT_TYPES = STEP_INPUT_TYPES;
type Mutation = keyof typeof INPUT_TYPES;

interface StepView {
  id: string;
  stage: string;
  stageSince: string;
  version: number;
  decisionExtended: boolean;
  probationEndsOn: string | null;
  deadline: { kind: string; dueOn: string } | null;
}
const STEP_FIELDS = 'id stage stageSince version decisionExtended probationEndsOn deadline { kind dueOn }';

interface Snapshot {
  id: number;
  stage: string;
  stageSince: string;
  version: number;
  mentorId: number | null;
  awarenessCertificateOn: string | null;
  deadlineKind: string | null;
  deadlineOn: string | null;
  decisionExtended: boolean;
  probationEndsOn: string | null;
  recognitionResolvedOn: string | null;
  memberId: number | null;
  eventsOfCandidate: number;
  eventsInTable: number;
  auditRows: number;
  membersInTable: number;
}

const TODAY = todayInVietnam();
const TOMORROW = addDays(TODAY, 1);

/** Steps for buildCandidate: [stage, date] pairs, SOURCE first. */
function steps(...pairs: [CandidateStage, string][]): StageStepSeed[] {
  return pairs.map(([stage, on]) => ({ stage, on }));
}
const S = CandidateStage;

/** A candidate placed at DOSSIER (dossier completed 2024-04-01), ready for the cell's vote. */
const AT_DOSSIER_2024 = steps([S.SOURCE, '2023-09-05'], [S.SYMPATHIZER, '2023-10-02'], [S.TRAINED, '2023-11-01'], [S.DOSSIER, '2024-04-01']);
/** A candidate at TRAINED with a certificate of 2025-12-01, ready for the dossier. */
const AT_TRAINED_2025 = steps([S.SOURCE, '2025-09-05'], [S.SYMPATHIZER, '2025-10-01'], [S.TRAINED, '2025-12-01']);

describe('the rules of the path, at their boundaries', () => {
  let server: TestServer;
  let city: Organization;
  let commune: Organization;
  let cityCommittee: string;
  let communeCommittee: string;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    city = await buildOrganization(ds, null, { name: 'Huyện ủy Thử Quy Tắc' });
    commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Quy Tắc' });
    cityCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
    communeCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
  });
  afterAll(() => server.close());

  /**
   * A school cell with `officials` official members (in the cell since 2010) and `probationary`
   * probationary ones, and its secretary's token.
   */
  async function newCell(options: { parent?: Organization; officials?: number; probationary?: number } = {}) {
    const ds = server.dataSource;
    const { cell } = await buildCell(ds, options.parent ?? commune);
    const officials: Member[] = [];
    for (let i = 0; i < (options.officials ?? 9); i += 1) {
      officials.push(await buildMember(ds, cell, { fullName: `Đảng viên chính thức ${i}`, admittedOn: '2010-01-01', officialOn: '2011-01-01' }));
    }
    const probationary: Member[] = [];
    for (let i = 0; i < (options.probationary ?? 3); i += 1) {
      probationary.push(await buildMember(ds, cell, { fullName: `Đảng viên dự bị ${i}`, status: MemberStatus.PROBATIONARY, admittedOn: '2026-06-01', officialOn: null }));
    }
    const secretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cell));
    return { cell, officials, probationary, secretary };
  }

  async function snapshot(candidateId: number): Promise<Snapshot> {
    const ds = server.dataSource;
    const c = await ds.getRepository(Candidate).findOneByOrFail({ id: candidateId });
    return {
      id: c.id,
      stage: c.stage,
      stageSince: c.stageSince,
      version: c.version,
      mentorId: c.mentorId,
      awarenessCertificateOn: c.awarenessCertificateOn,
      deadlineKind: c.deadlineKind,
      deadlineOn: c.deadlineOn,
      decisionExtended: Boolean(c.decisionExtended),
      probationEndsOn: c.probationEndsOn,
      recognitionResolvedOn: c.recognitionResolvedOn,
      memberId: c.memberId,
      eventsOfCandidate: await ds.getRepository(CandidateStageEvent).countBy({ candidateId }),
      eventsInTable: await ds.getRepository(CandidateStageEvent).count(),
      auditRows: await ds.getRepository(AuditLog).countBy({ subjectType: 'Candidate', subjectId: candidateId }),
      membersInTable: await ds.getRepository(Member).count(),
    };
  }

  /** Sends a step for the candidate with the version currently stored (unless `version` is given). */
  async function send(mutation: Mutation, candidate: { id: number }, input: Record<string, unknown>, token: string): Promise<GraphQLResponse<Record<string, StepView>>> {
    const { version } = await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
    return server.gql<Record<string, StepView>>(
      `mutation ($input: ${INPUT_TYPES[mutation]}!) { ${mutation}(input: $input) { ${STEP_FIELDS} } }`,
      { input: { candidateId: gid.candidate(candidate), version, ...input } },
      token,
    );
  }

  /** The step must succeed: one more version, one more history row. */
  async function accepted(mutation: Mutation, candidate: { id: number }, input: Record<string, unknown>, token: string): Promise<StepView> {
    const before = await snapshot(candidate.id);
    const response = await send(mutation, candidate, input, token);
    if (response.errors?.length || !response.data) throw new Error(`${mutation} refused: ${JSON.stringify(response.errors, null, 2)}`);
    const view = response.data[mutation];
    expect(view.version).toBe(before.version + 1);
    const after = await snapshot(candidate.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.eventsOfCandidate).toBe(before.eventsOfCandidate + 1);
    return view;
  }

  /**
   * The step must be refused with `code` (and `rule`, with a Vietnamese message, for a
   * RULE_VIOLATION), and leave everything as it was. Returns the error for more checks.
   */
  async function refused(
    mutation: Mutation,
    candidate: { id: number },
    input: Record<string, unknown>,
    token: string,
    expected: { code: 'RULE_VIOLATION'; rule: string } | { code: 'BAD_USER_INPUT' | 'CONFLICT' },
  ) {
    const before = await snapshot(candidate.id);
    const response = await send(mutation, candidate, input, token);
    expect(response.data?.[mutation] ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    const error = response.errors![0];
    expect(error.extensions?.code).toBe(expected.code);
    expect(error.message.length).toBeGreaterThan(0);
    if (expected.code === 'RULE_VIOLATION') {
      expect(error.extensions).toMatchObject({ code: 'RULE_VIOLATION', rule: expected.rule });
      expect(typeof error.extensions?.messageVi).toBe('string');
      expect((error.extensions?.messageVi as string).trim().length).toBeGreaterThan(0);
    }
    expect(await snapshot(candidate.id)).toEqual(before);
    return error;
  }

  async function candidateView<T>(candidate: { id: number }, fields: string): Promise<T> {
    const response = await server.gql<{ candidate: T }>(`query ($id: ID!) { candidate(id: $id) { ${fields} } }`, { id: gid.candidate(candidate) }, cityCommittee);
    if (response.errors?.length || !response.data) throw new Error(JSON.stringify(response.errors));
    return response.data.candidate;
  }

  const vote = (meetingDate: string, present: number, votesFor: number, votesAgainst: number) => ({ meetingDate, present, votesFor, votesAgainst });

  /* ------------------------------------------------------------------ age ------ */

  describe('MIN_AGE at the cell vote (18 full years, counted in months)', () => {
    it('refuses the vote the day before the 18th birthday and accepts it on the day', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2006-05-10', category: PersonCategory.STUDENT, educationLevel: EducationLevel.LOWER_SECONDARY, steps: AT_DOSSIER_2024 });
      const error = await refused('recordCellResolution', candidate, vote('2024-05-09', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'MIN_AGE' });
      expect(error.extensions?.messageVi).toContain('10/05/2024');
      const view = await accepted('recordCellResolution', candidate, vote('2024-05-10', 9, 9, 0), secretary);
      expect(view).toMatchObject({ stage: 'CELL_RESOLVED', stageSince: '2024-05-10' });
    });

    it('makes someone born on 29 February eligible on 28 February, not the day before', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, {
        dateOfBirth: '2008-02-29',
        category: PersonCategory.STUDENT,
        grade: 12,
        educationLevel: EducationLevel.LOWER_SECONDARY,
        steps: steps([S.SOURCE, '2025-09-05'], [S.SYMPATHIZER, '2025-10-01'], [S.TRAINED, '2025-11-03'], [S.DOSSIER, '2026-01-15']),
      });
      await refused('recordCellResolution', candidate, vote('2026-02-27', 9, 8, 1), secretary, { code: 'RULE_VIOLATION', rule: 'MIN_AGE' });
      const view = await accepted('recordCellResolution', candidate, vote('2026-02-28', 9, 8, 1), secretary);
      expect(view.stage).toBe('CELL_RESOLVED');
    });

    it('shows eligibleFrom as the day of the 18th birthday', async () => {
      const { cell } = await newCell({ officials: 0, probationary: 0 });
      const may = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2006-05-10' });
      const leap = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2008-02-29' });
      const domainExample = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2008-05-10' });
      expect(await candidateView(may, 'eligibleFrom')).toEqual({ eligibleFrom: '2024-05-10' });
      expect(await candidateView(leap, 'eligibleFrom')).toEqual({ eligibleFrom: '2026-02-28' });
      expect(await candidateView(domainExample, 'eligibleFrom')).toEqual({ eligibleFrom: '2026-05-10' });
    });
  });

  describe('MAX_AGE at the cell vote (full 60 years counted in months: at most 720 full months, unless an exception is recorded)', () => {
    it('accepts the vote on the day of the 60th birthday', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      const view = await accepted('recordCellResolution', candidate, vote('2024-05-10', 9, 6, 3), secretary);
      expect(view.stage).toBe('CELL_RESOLVED');
    });

    it('accepts it at 60 years, 0 months and 15 days (720 full months is still 60)', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      expect(await candidateView(candidate, 'eligibleUntil')).toEqual({ eligibleUntil: '2024-06-09' });
      const view = await accepted('recordCellResolution', candidate, vote('2024-05-25', 9, 6, 3), secretary);
      expect(view.stage).toBe('CELL_RESOLVED');
    });

    it('accepts it on the last day of the 720th month, refuses it on 60 years and 1 month without an exception, and accepts it with one', async () => {
      const { cell, secretary } = await newCell();
      const lastDay = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      expect((await accepted('recordCellResolution', lastDay, vote('2024-06-09', 9, 6, 3), secretary)).stage).toBe('CELL_RESOLVED');
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      const error = await refused('recordCellResolution', candidate, vote('2024-06-10', 9, 6, 3), secretary, { code: 'RULE_VIOLATION', rule: 'MAX_AGE' });
      expect(error.extensions?.messageVi).toContain('09/06/2024');
      expect(error.message).toContain('2024-06-09');
      const view = await accepted(
        'recordCellResolution',
        candidate,
        { ...vote('2024-06-10', 9, 6, 3), ageException: { reference: 'Công văn 15-CV/HU', approvedOn: '2024-05-06' } },
        secretary,
      );
      expect(view.stage).toBe('CELL_RESOLVED');
      const history = await candidateView<{ history: { toStage: string; facts: Record<string, unknown> | null }[] }>(candidate, 'history { toStage facts }');
      expect(history.history.find((e) => e.toStage === 'CELL_RESOLVED')?.facts).toMatchObject({ ageException: { reference: 'Công văn 15-CV/HU', approvedOn: '2024-05-06' } });
    });

    it('counts months at the end of a month like the lower bound does (born 31 January: 721 full months on 29 February)', async () => {
      const { cell, secretary } = await newCell();
      const at = steps([S.SOURCE, '2023-09-05'], [S.SYMPATHIZER, '2023-10-02'], [S.TRAINED, '2023-11-01'], [S.DOSSIER, '2024-01-15']);
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-01-31', steps: at });
      expect(await candidateView(candidate, 'eligibleFrom eligibleUntil')).toEqual({ eligibleFrom: '1982-01-31', eligibleUntil: '2024-02-28' });
      await refused('recordCellResolution', candidate, vote('2024-02-29', 9, 6, 3), secretary, { code: 'RULE_VIOLATION', rule: 'MAX_AGE' });
      expect((await accepted('recordCellResolution', candidate, vote('2024-02-28', 9, 6, 3), secretary)).stage).toBe('CELL_RESOLVED');
    });

    it('shows eligibleUntil as the last day of the 720th full month', async () => {
      const { cell } = await newCell({ officials: 0, probationary: 0 });
      const may = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10' });
      const leap = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1968-02-29' });
      const firstOfMonth = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1970-03-01' });
      expect(await candidateView(may, 'eligibleFrom eligibleUntil')).toEqual({ eligibleFrom: '1982-05-10', eligibleUntil: '2024-06-09' });
      // 29/2/1968: 60 on 29/2/2028 (a leap year), 60 years and 1 month on 29/3/2028.
      expect(await candidateView(leap, 'eligibleUntil')).toEqual({ eligibleUntil: '2028-03-28' });
      expect(await candidateView(firstOfMonth, 'eligibleUntil')).toEqual({ eligibleUntil: '2030-03-31' });
    });
  });

  describe('MAX_AGE exception dates', () => {
    it('refuses an age exception approved before the candidate was born', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      const error = await refused(
        'recordCellResolution',
        candidate,
        { ...vote('2024-06-10', 9, 6, 3), ageException: { reference: 'Công văn 15-CV/HU', approvedOn: '1950-01-01' } },
        secretary,
        { code: 'RULE_VIOLATION', rule: 'DATE_ORDER' },
      );
      expect(error.message).toBe('The age exception cannot be approved (1950-01-01) before the candidate was born (1964-05-10)');
      expect(error.extensions?.messageVi).toContain('10/05/1964');
    });

    it('refuses an age exception approved tomorrow', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1964-05-10', steps: AT_DOSSIER_2024 });
      await refused(
        'recordCellResolution',
        candidate,
        { ...vote('2024-05-11', 9, 6, 3), ageException: { reference: 'Công văn 15-CV/HU', approvedOn: TOMORROW } },
        secretary,
        { code: 'RULE_VIOLATION', rule: 'DATE_IN_FUTURE' },
      );
    });
  });

  /* ------------------------------------------------------------ education ------ */

  describe('EDUCATION (lower-secondary diploma or higher)', () => {
    it('refuses the vote for a candidate with primary education and accepts lower secondary', async () => {
      const { cell, secretary } = await newCell();
      const primary = await buildCandidate(server.dataSource, cell, { educationLevel: EducationLevel.PRIMARY, steps: AT_DOSSIER_2024 });
      await refused('recordCellResolution', primary, vote('2024-05-02', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'EDUCATION' });
      const lower = await buildCandidate(server.dataSource, cell, { educationLevel: EducationLevel.LOWER_SECONDARY, steps: AT_DOSSIER_2024 });
      expect((await accepted('recordCellResolution', lower, vote('2024-05-02', 9, 9, 0), secretary)).stage).toBe('CELL_RESOLVED');
    });

    it('refuses the dossier for a candidate with primary education and accepts lower secondary', async () => {
      const { cell, secretary, officials } = await newCell();
      const dossier = {
        applicationDate: '2026-03-02',
        biographyDate: '2026-03-05',
        backgroundCheckResult: 'Lý lịch rõ ràng',
        backgroundCheckDate: '2026-03-16',
        introducerIds: [gid.member(officials[0]), gid.member(officials[1])],
      };
      const primary = await buildCandidate(server.dataSource, cell, { educationLevel: EducationLevel.PRIMARY, steps: AT_TRAINED_2025 });
      await refused('openDossier', primary, dossier, secretary, { code: 'RULE_VIOLATION', rule: 'EDUCATION' });
      const lower = await buildCandidate(server.dataSource, cell, { educationLevel: EducationLevel.LOWER_SECONDARY, steps: AT_TRAINED_2025 });
      expect(await accepted('openDossier', lower, dossier, secretary)).toMatchObject({ stage: 'DOSSIER', stageSince: '2026-03-16' });
    });
  });

  /* ------------------------------------------------------------ cell vote ------ */

  describe('CELL_VOTE (2/3 of the official members; probationary members do not count)', () => {
    // 9 official members → ceil(9 × 2/3) = 6 must agree. With the 3 probationary members counted
    // it would be 12 → 8, and 6 would fail: the passing vote proves they are not counted.
    let cell: Awaited<ReturnType<typeof newCell>>;
    beforeAll(async () => {
      cell = await newCell({ officials: 9, probationary: 3 });
    });
    const atDossier = () => buildCandidate(server.dataSource, cell.cell, { steps: AT_DOSSIER_2024 });

    it('accepts 6 for out of 9 official members', async () => {
      const candidate = await atDossier();
      expect((await accepted('recordCellResolution', candidate, vote('2024-05-02', 9, 6, 3), cell.secretary)).stage).toBe('CELL_RESOLVED');
      const history = await candidateView<{ history: { toStage: string; facts: Record<string, unknown> | null }[] }>(candidate, 'history { toStage facts }');
      expect(history.history.find((e) => e.toStage === 'CELL_RESOLVED')?.facts).toMatchObject({ officialMembers: 9, present: 9, votesFor: 6, votesAgainst: 3 });
    });

    it('refuses 5 for out of 9', async () => {
      const candidate = await atDossier();
      const error = await refused('recordCellResolution', candidate, vote('2024-05-02', 9, 5, 4), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CELL_VOTE' });
      expect(error.extensions?.messageVi).toContain('6/9');
    });

    it('refuses 10 present when the cell has 9 official members (probationary ones not counted)', async () => {
      const candidate = await atDossier();
      await refused('recordCellResolution', candidate, vote('2024-05-02', 10, 9, 1), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CELL_VOTE' });
    });

    it('refuses more for + against than present', async () => {
      const candidate = await atDossier();
      await refused('recordCellResolution', candidate, vote('2024-05-02', 7, 6, 2), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CELL_VOTE' });
      // for + against = present is fine.
      expect((await accepted('recordCellResolution', candidate, vote('2024-05-02', 8, 6, 2), cell.secretary)).stage).toBe('CELL_RESOLVED');
    });

    it('refuses a negative count as bad input', async () => {
      const candidate = await atDossier();
      await refused('recordCellResolution', candidate, vote('2024-05-02', 9, 9, -1), cell.secretary, { code: 'BAD_USER_INPUT' });
    });
  });

  /* ---------------------------------------------------------- certificate ------ */

  describe('CERTIFICATE_REQUIRED and CERTIFICATE_EXPIRED at the dossier', () => {
    it('refuses the dossier when no certificate is recorded', async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_TRAINED_2025 });
      await server.dataSource.getRepository(Candidate).update({ id: candidate.id }, { awarenessCertificateOn: null, awarenessCertificateNumber: null });
      await refused(
        'openDossier',
        candidate,
        { applicationDate: '2026-03-02', biographyDate: '2026-03-05', backgroundCheckResult: 'Lý lịch rõ ràng', backgroundCheckDate: '2026-03-16', introducerIds: [gid.member(officials[0]), gid.member(officials[1])] },
        secretary,
        { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_REQUIRED' },
      );
    });

    describe('a certificate of 2020-06-15 is valid to 2025-06-15 inclusive; the dossier date is the latest of its three documents', () => {
      const AT_TRAINED_2020 = steps([S.SOURCE, '2020-01-06'], [S.SYMPATHIZER, '2020-03-02'], [S.TRAINED, '2020-06-15']);
      let cell: Awaited<ReturnType<typeof newCell>>;
      beforeAll(async () => {
        cell = await newCell();
      });
      const dossier = (applicationDate: string, biographyDate: string, backgroundCheckDate: string) => ({
        applicationDate,
        biographyDate,
        backgroundCheckResult: 'Đủ điều kiện',
        backgroundCheckDate,
        introducerIds: [gid.member(cell.officials[0]), gid.member(cell.officials[1])],
      });

      it('accepts a dossier completed on D + 5 years', async () => {
        const candidate = await buildCandidate(server.dataSource, cell.cell, { steps: AT_TRAINED_2020 });
        expect(await accepted('openDossier', candidate, dossier('2025-06-15', '2025-06-01', '2025-06-10'), cell.secretary)).toMatchObject({ stage: 'DOSSIER', stageSince: '2025-06-15' });
      });

      it('refuses it on D + 5 years + 1 day, whichever document is the latest', async () => {
        const candidate = await buildCandidate(server.dataSource, cell.cell, { steps: AT_TRAINED_2020 });
        const byCheck = await refused('openDossier', candidate, dossier('2025-06-01', '2025-06-05', '2025-06-16'), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
        expect(byCheck.extensions?.messageVi).toContain('15/06/2025');
        await refused('openDossier', candidate, dossier('2025-06-16', '2025-06-05', '2025-06-01'), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
        await refused('openDossier', candidate, dossier('2025-06-05', '2025-06-16', '2025-06-01'), cell.secretary, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
      });
    });
  });

  describe("CERTIFICATE_EXPIRED and CERTIFICATE_REQUIRED at the cell's vote (valid 60 months from its date to the day the cell meets)", () => {
    // Certificate of 2019-05-10: valid to 2024-05-10 inclusive; the dossier of 2024-04-01 was within it.
    const CERTIFIED_2019 = steps([S.SOURCE, '2019-01-07'], [S.SYMPATHIZER, '2019-03-04'], [S.TRAINED, '2019-05-10'], [S.DOSSIER, '2024-04-01']);

    it('accepts the vote on the day 60 months after the certificate and refuses it the day after', async () => {
      const { cell, secretary } = await newCell();
      const late = await buildCandidate(server.dataSource, cell, { steps: CERTIFIED_2019 });
      const error = await refused('recordCellResolution', late, vote('2024-05-11', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
      expect(error.message).toContain('2024-05-10');
      expect(error.extensions?.messageVi).toContain('10/05/2024');
      expect(error.extensions?.messageVi).toContain('chi bộ họp xét kết nạp');
      const onTime = await buildCandidate(server.dataSource, cell, { steps: CERTIFIED_2019 });
      expect(await accepted('recordCellResolution', onTime, vote('2024-05-10', 9, 9, 0), secretary)).toMatchObject({ stage: 'CELL_RESOLVED', stageSince: '2024-05-10' });
    });

    it('refuses the vote when no certificate is recorded', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_DOSSIER_2024 });
      await server.dataSource.getRepository(Candidate).update({ id: candidate.id }, { awarenessCertificateOn: null, awarenessCertificateNumber: null });
      await refused('recordCellResolution', candidate, vote('2024-05-02', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_REQUIRED' });
    });

    it('keeps both rules when a committee corrects a date: the vote past the certificate or before the 18th birthday, the certificate moved earlier', async () => {
      const { cell } = await newCell();
      // Certificate 2019-05-10 (valid to 2024-05-10), dossier 2024-04-01, vote 2024-05-02; born 2006-04-20 (18 on 2024-04-20).
      const candidate = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2006-04-20', steps: [...CERTIFIED_2019, ...steps([S.CELL_RESOLVED, '2024-05-02'])] });
      const { history } = await candidateView<{ history: { id: string; toStage: string }[] }>(candidate, 'history { id toStage }');
      const eventTo = (stage: string) => history.find((e) => e.toStage === stage)!.id;
      const late = await refused('correctStep', candidate, { eventId: eventTo('CELL_RESOLVED'), reason: 'Sai ngày họp', occurredOn: '2024-05-11' }, communeCommittee, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
      expect(late.extensions?.messageVi).toContain('10/05/2024');
      await refused('correctStep', candidate, { eventId: eventTo('CELL_RESOLVED'), reason: 'Sai ngày họp', occurredOn: '2024-04-19' }, communeCommittee, { code: 'RULE_VIOLATION', rule: 'MIN_AGE' });
      await refused('correctStep', candidate, { eventId: eventTo('TRAINED'), reason: 'Sai ngày cấp', occurredOn: '2019-05-01' }, communeCommittee, { code: 'RULE_VIOLATION', rule: 'CERTIFICATE_EXPIRED' });
      // Within the rules, the same corrections pass: the vote on the last valid day, the certificate a day later.
      await accepted('correctStep', candidate, { eventId: eventTo('CELL_RESOLVED'), reason: 'Sai ngày họp', occurredOn: '2024-05-10' }, communeCommittee);
      await accepted('correctStep', candidate, { eventId: eventTo('TRAINED'), reason: 'Sai ngày cấp', occurredOn: '2019-05-11' }, communeCommittee);
      expect((await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).awarenessCertificateOn).toBe('2019-05-11');
    });

    it('shows CERTIFICATE_EXPIRED in failingRules for a candidate at DOSSIER whose certificate is over 60 months old today', async () => {
      const { cell } = await newCell({ officials: 1, probationary: 0 });
      const fiveYearsAgo = addMonths(TODAY, -60);
      const at = (certificateOn: string) => steps([S.SOURCE, addDays(certificateOn, -60)], [S.SYMPATHIZER, addDays(certificateOn, -30)], [S.TRAINED, certificateOn], [S.DOSSIER, addDays(certificateOn, 30)]);
      const rulesOf = async (candidate: { id: number }) => (await candidateView<{ failingRules: { rule: string }[] }>(candidate, 'failingRules { rule }')).failingRules.map((check) => check.rule);
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { steps: at(fiveYearsAgo) }))).toEqual([]);
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { steps: at(addDays(fiveYearsAgo, -1)) }))).toEqual(['CERTIFICATE_EXPIRED']);
      // No vote has been held: the message says what a vote today would meet.
      const expired = await buildCandidate(server.dataSource, cell, { steps: at(addDays(fiveYearsAgo, -1)) });
      const [check] = (await candidateView<{ failingRules: { message: string; messageVi: string }[] }>(expired, 'failingRules { message messageVi }')).failingRules;
      expect(check.message).toContain(`so a vote of the cell today (${TODAY}) would be refused`);
      expect(check.message).not.toContain("before the cell's vote on");
      expect(check.messageVi).toContain('nếu chi bộ họp xét kết nạp hôm nay');
    });
  });

  /* ----------------------------------------------------------- introducers ------ */

  describe('INTRODUCERS (two official members 12 months in the cell, or the Youth Union and one)', () => {
    // The dossier is complete on D = 2026-03-16: introducers must be in the cell since 2025-03-16.
    const D = '2026-03-16';
    let world: Awaited<ReturnType<typeof newCell>> & { members: Record<string, Member>; otherCellMember: Member };
    beforeAll(async () => {
      const ds = server.dataSource;
      const base = await newCell({ officials: 2, probationary: 1 });
      const transferred = async (joinedCellOn: string) => {
        const member = await buildMember(ds, base.cell, { admittedOn: '2012-01-01', officialOn: '2013-01-01' });
        await ds.getRepository(Member).update({ id: member.id }, { joinedCellOn });
        return { ...member, joinedCellOn };
      };
      const members = {
        admittedExactly12Months: await buildMember(ds, base.cell, { admittedOn: '2025-03-16', officialOn: '2026-03-16' }),
        admittedOneDayShort: await buildMember(ds, base.cell, { admittedOn: '2025-03-17', officialOn: '2026-03-17' }),
        joinedExactly12Months: (await transferred('2025-03-16')) as Member,
        joinedOneDayShort: (await transferred('2025-03-17')) as Member,
      };
      const { cell: otherCell } = await buildCell(ds, commune);
      const otherCellMember = await buildMember(ds, otherCell, { admittedOn: '2010-01-01', officialOn: '2011-01-01' });
      world = { ...base, members, otherCellMember };
    });

    const trained = (overrides: Parameters<typeof buildCandidate>[2] = {}) => buildCandidate(server.dataSource, world.cell, { steps: AT_TRAINED_2025, ...overrides });
    const dossier = (introducers: Member[], extra: Record<string, unknown> = {}) => ({
      applicationDate: '2026-03-02',
      biographyDate: '2026-03-05',
      backgroundCheckResult: 'Lý lịch rõ ràng',
      backgroundCheckDate: D,
      introducerIds: introducers.map((m) => gid.member(m)),
      ...extra,
    });
    const youthUnion = { youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường THPT Thử nghiệm', resolutionDate: '2026-03-10' } };

    it('accepts two official members of the cell since 2010', async () => {
      const candidate = await trained();
      expect(await accepted('openDossier', candidate, dossier([world.officials[0], world.officials[1]]), world.secretary)).toMatchObject({ stage: 'DOSSIER', stageSince: D });
    });

    it('refuses the same member twice', async () => {
      await refused('openDossier', await trained(), dossier([world.officials[0], world.officials[0]]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
    });

    it('refuses a probationary member', async () => {
      await refused('openDossier', await trained(), dossier([world.officials[0], world.probationary[0]]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
    });

    it('counts 12 months from admittedOn: exactly 12 months before the dossier passes, one day less is refused', async () => {
      const candidate = await trained();
      const error = await refused('openDossier', candidate, dossier([world.officials[0], world.members.admittedOneDayShort]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      expect(error.extensions?.messageVi).toContain('16/03/2025');
      expect((await accepted('openDossier', candidate, dossier([world.officials[0], world.members.admittedExactly12Months]), world.secretary)).stage).toBe('DOSSIER');
    });

    it('counts 12 months from joinedCellOn for a member who came from another cell', async () => {
      const candidate = await trained();
      await refused('openDossier', candidate, dossier([world.members.joinedOneDayShort, world.officials[1]]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      expect((await accepted('openDossier', candidate, dossier([world.members.joinedExactly12Months, world.officials[1]]), world.secretary)).stage).toBe('DOSSIER');
    });

    it('refuses a member who was still probationary on the dossier date (official only since after it)', async () => {
      // Admitted 2024-01-01, official from 2026-06-01: OFFICIAL today, but probationary on D = 2026-03-16.
      const laterOfficial = await buildMember(server.dataSource, world.cell, { admittedOn: '2024-01-01', officialOn: '2026-06-01' });
      try {
        await refused('openDossier', await trained(), dossier([world.officials[0], laterOfficial]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      } finally {
        await server.dataSource.getRepository(Member).delete({ id: laterOfficial.id });
      }
    });

    it('refuses a member of another cell as bad input', async () => {
      const error = await refused('openDossier', await trained(), dossier([world.officials[0], world.otherCellMember]), world.secretary, { code: 'BAD_USER_INPUT' });
      expect(error.extensions?.problems).toEqual([expect.objectContaining({ field: 'introducerIds[1]' })]);
    });

    it('refuses a single introducer without the Youth Union', async () => {
      await refused('openDossier', await trained(), dossier([world.officials[0]]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
    });

    it('refuses three introducers as bad input', async () => {
      await refused('openDossier', await trained(), dossier([world.officials[0], world.officials[1], world.members.admittedExactly12Months]), world.secretary, { code: 'BAD_USER_INPUT' });
    });

    it('refuses the candidate introducing themselves (a member with the same national id)', async () => {
      const candidate = await trained();
      const self = await buildMember(server.dataSource, world.cell, { admittedOn: '2010-01-01', officialOn: '2011-01-01', nationalId: candidate.nationalId });
      try {
        await refused('openDossier', candidate, dossier([world.officials[0], self]), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      } finally {
        await server.dataSource.getRepository(Member).delete({ id: self.id });
      }
    });

    describe('the Youth Union route', () => {
      it('accepts a Youth Union member who is 30 on the dossier date with one official member', async () => {
        // Born 1996-03-16: 30 years old exactly on D.
        const candidate = await trained({ youthUnionMember: true, dateOfBirth: '1996-03-16' });
        expect((await accepted('openDossier', candidate, dossier([world.officials[0]], youthUnion), world.secretary)).stage).toBe('DOSSIER');
        const history = await candidateView<{ history: { toStage: string; facts: Record<string, unknown> | null }[] }>(candidate, 'history { toStage facts }');
        expect(history.history.find((e) => e.toStage === 'DOSSIER')?.facts).toMatchObject({
          youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường THPT Thử nghiệm', resolutionDate: '2026-03-10' },
          introducers: [{ memberId: world.officials[0].id }],
        });
      });

      it("refuses a Youth Union committee's resolution dated tomorrow", async () => {
        await refused(
          'openDossier',
          await trained({ youthUnionMember: true, dateOfBirth: '2000-01-01' }),
          dossier([world.officials[0]], { youthUnion: { committeeName: 'Ban Chấp hành Đoàn trường THPT Thử nghiệm', resolutionDate: TOMORROW } }),
          world.secretary,
          { code: 'RULE_VIOLATION', rule: 'DATE_IN_FUTURE' },
        );
      });

      it('refuses it for a candidate who is not a Youth Union member', async () => {
        await refused('openDossier', await trained({ youthUnionMember: false, dateOfBirth: '2000-01-01' }), dossier([world.officials[0]], youthUnion), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      });

      it('refuses it for a Youth Union member over 30 on the dossier date', async () => {
        // Born 1996-03-15: turned 30 the day before D.
        await refused('openDossier', await trained({ youthUnionMember: true, dateOfBirth: '1996-03-15' }), dossier([world.officials[0]], youthUnion), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      });

      it('refuses two introducers together with the Youth Union', async () => {
        await refused(
          'openDossier',
          await trained({ youthUnionMember: true, dateOfBirth: '2000-01-01' }),
          dossier([world.officials[0], world.officials[1]], youthUnion),
          world.secretary,
          { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' },
        );
      });

      it('still needs the one introducer to be an official member', async () => {
        await refused('openDossier', await trained({ youthUnionMember: true, dateOfBirth: '2000-01-01' }), dossier([world.probationary[0]], youthUnion), world.secretary, { code: 'RULE_VIOLATION', rule: 'INTRODUCERS' });
      });
    });
  });

  /* ------------------------------------------------------- order and dates ------ */

  describe('STEP_ORDER', () => {
    it('refuses a ceremony for a SOURCE candidate', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2026-01-05']) });
      await refused('recordCeremony', candidate, { ceremonyDate: '2026-02-02' }, secretary, { code: 'RULE_VIOLATION', rule: 'STEP_ORDER' });
    });

    it('refuses the admission decision before the committee resolution for a cell under a commune', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_DOSSIER_2024 });
      await accepted('recordCellResolution', candidate, vote('2024-05-02', 9, 7, 2), secretary);
      await refused('recordAdmissionDecision', candidate, { decisionDate: '2024-05-20', decisionNumber: '99-QĐ/HU', signer: 'Nguyễn Văn A' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'STEP_ORDER' });
      await accepted('recordCommitteeResolution', candidate, { resolutionDate: '2024-05-10', resolutionNumber: '45-NQ/ĐU' }, communeCommittee);
      expect((await accepted('recordAdmissionDecision', candidate, { decisionDate: '2024-05-20', decisionNumber: '99-QĐ/HU', signer: 'Nguyễn Văn A' }, cityCommittee)).stage).toBe('ADMITTED');
    });

    it("refuses the recognition decision before the cell's recognition resolution", async () => {
      const { cell } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, {
        steps: [...AT_DOSSIER_2024, ...steps([S.CELL_RESOLVED, '2024-05-02'], [S.COMMITTEE_RESOLVED, '2024-05-10'], [S.ADMITTED, '2024-06-03'], [S.PROBATIONARY, '2024-06-20'])],
      });
      await refused('recordRecognitionDecision', candidate, { decisionDate: '2025-07-10', decisionNumber: '2001-QĐ/HU' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'STEP_ORDER' });
    });

    it("refuses a second recognition resolution, and a decision dated before the cell's resolution", async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, {
        steps: [...AT_DOSSIER_2024, ...steps([S.CELL_RESOLVED, '2024-05-02'], [S.COMMITTEE_RESOLVED, '2024-05-10'], [S.ADMITTED, '2024-06-03'], [S.PROBATIONARY, '2024-06-20'])],
      });
      await accepted('recordRecognitionResolution', candidate, vote('2025-06-25', 9, 9, 0), secretary);
      await refused('recordRecognitionResolution', candidate, vote('2025-06-26', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'STEP_ORDER' });
      await refused('recordRecognitionDecision', candidate, { decisionDate: '2025-06-24', decisionNumber: '2001-QĐ/HU' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'DATE_ORDER' });
      expect((await accepted('recordRecognitionDecision', candidate, { decisionDate: '2025-06-25', decisionNumber: '2001-QĐ/HU' }, cityCommittee)).stage).toBe('OFFICIAL');
    });
  });

  describe('DATE_IN_FUTURE and DATE_ORDER', () => {
    it(`refuses a step dated tomorrow (${TOMORROW}) and accepts one dated today (${TODAY})`, async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2026-01-05']) });
      await refused('markSympathizer', candidate, { resolutionDate: TOMORROW, mentorId: gid.member(officials[0]) }, secretary, { code: 'RULE_VIOLATION', rule: 'DATE_IN_FUTURE' });
      expect(await accepted('markSympathizer', candidate, { resolutionDate: TODAY, mentorId: gid.member(officials[0]) }, secretary)).toMatchObject({ stage: 'SYMPATHIZER', stageSince: TODAY });
    });

    it('refuses a dossier document dated tomorrow', async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_TRAINED_2025 });
      await refused(
        'openDossier',
        candidate,
        { applicationDate: '2026-03-02', biographyDate: TOMORROW, backgroundCheckResult: 'Lý lịch rõ ràng', backgroundCheckDate: '2026-03-16', introducerIds: [gid.member(officials[0]), gid.member(officials[1])] },
        secretary,
        { code: 'RULE_VIOLATION', rule: 'DATE_IN_FUTURE' },
      );
    });

    it('refuses a step dated before the previous step and accepts the same day', async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2026-01-05']) });
      await refused('markSympathizer', candidate, { resolutionDate: '2026-01-04', mentorId: gid.member(officials[0]) }, secretary, { code: 'RULE_VIOLATION', rule: 'DATE_ORDER' });
      expect(await accepted('markSympathizer', candidate, { resolutionDate: '2026-01-05', mentorId: gid.member(officials[0]) }, secretary)).toMatchObject({ stage: 'SYMPATHIZER', stageSince: '2026-01-05' });
    });

    it('refuses a dossier document dated before the certificate', async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_TRAINED_2025 });
      await refused(
        'openDossier',
        candidate,
        { applicationDate: '2025-11-30', biographyDate: '2026-03-05', backgroundCheckResult: 'Lý lịch rõ ràng', backgroundCheckDate: '2026-03-16', introducerIds: [gid.member(officials[0]), gid.member(officials[1])] },
        secretary,
        { code: 'RULE_VIOLATION', rule: 'DATE_ORDER' },
      );
    });
  });

  describe('PROBATION_NOT_OVER (12 months from the ceremony)', () => {
    it('refuses the recognition resolution the day before probationEndsOn and accepts it on the day', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, {
        steps: steps(
          [S.SOURCE, '2024-01-02'],
          [S.SYMPATHIZER, '2024-02-01'],
          [S.TRAINED, '2024-03-01'],
          [S.DOSSIER, '2024-04-01'],
          [S.CELL_RESOLVED, '2024-05-02'],
          [S.COMMITTEE_RESOLVED, '2024-05-10'],
          [S.ADMITTED, '2025-02-20'],
          [S.PROBATIONARY, '2025-03-10'],
        ),
      });
      expect(await candidateView(candidate, 'probationEndsOn')).toEqual({ probationEndsOn: '2026-03-10' });
      const error = await refused('recordRecognitionResolution', candidate, vote('2026-03-09', 9, 9, 0), secretary, { code: 'RULE_VIOLATION', rule: 'PROBATION_NOT_OVER' });
      expect(error.extensions?.messageVi).toContain('10/03/2026');
      // The end day itself is allowed: both languages say "from that day", not "after".
      expect(error.message).toBe('The probation ends on 2026-03-10; the cell considers recognition from that day on');
      const view = await accepted('recordRecognitionResolution', candidate, vote('2026-03-10', 9, 9, 0), secretary);
      // The committee decides within 30 working days of the cell's resolution:
      // Mar 11–13 (3), 16–20 (8), 23–27 (13), Mar 30–Apr 3 (18), Apr 6–10 (23), 13–17 (28), 20 (29), 21 (30).
      expect(view).toMatchObject({ stage: 'PROBATIONARY', deadline: { kind: 'RECOGNITION_DECISION', dueOn: '2026-04-21' } });
    });

    it('also applies the 2/3 vote to the recognition resolution', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, {
        steps: [...AT_DOSSIER_2024, ...steps([S.CELL_RESOLVED, '2024-05-02'], [S.COMMITTEE_RESOLVED, '2024-05-10'], [S.ADMITTED, '2024-06-03'], [S.PROBATIONARY, '2024-06-20'])],
      });
      await refused('recordRecognitionResolution', candidate, vote('2025-06-25', 9, 5, 4), secretary, { code: 'RULE_VIOLATION', rule: 'CELL_VOTE' });
    });
  });

  /* -------------------------------------------------------------- deadlines ------ */

  describe('deadlines in working days, across Tết', () => {
    it('sets the DECISION deadline 60 working days after a cell resolution of 2026-01-30, then the CEREMONY 30 after the decision', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2025-06-02'], [S.SYMPATHIZER, '2025-07-01'], [S.TRAINED, '2025-08-01'], [S.DOSSIER, '2026-01-12']) });
      const resolved = await accepted('recordCellResolution', candidate, vote('2026-01-30', 9, 8, 1), secretary);
      // Friday 2026-01-30 + 60 working days, skipping weekends and the 2026 holidays:
      //   Feb  2– 6  5  ( 5)    Feb  9–13  5  (10)    Feb 16–20  Tết (10)   Feb 23–27  5  (15)
      //   Mar  2– 6  5  (20)    Mar  9–13  5  (25)    Mar 16–20  5  (30)    Mar 23–27  5  (35)
      //   Mar 30–31  2  (37)    Apr  1– 3  3  (40)    Apr  6–10  5  (45)    Apr 13–17  5  (50)
      //   Apr 20–24  5  (55)    Apr 27 holiday; Apr 28, 29  2  (57); Apr 30, May 1 holidays
      //   May  4, 5, 6  3  (60)                                              → 2026-05-06
      expect(resolved.deadline).toEqual({ kind: 'DECISION', dueOn: '2026-05-06' });
      expect(await candidateView(candidate, 'deadline { kind dueOn overdue }')).toEqual({ deadline: { kind: 'DECISION', dueOn: '2026-05-06', overdue: TODAY > '2026-05-06' } });

      // The committee's resolution does not move the decision deadline.
      const committee = await accepted('recordCommitteeResolution', candidate, { resolutionDate: '2026-02-10', resolutionNumber: '12-NQ/ĐU' }, communeCommittee);
      expect(committee.deadline).toEqual({ kind: 'DECISION', dueOn: '2026-05-06' });

      const decided = await accepted('recordAdmissionDecision', candidate, { decisionDate: '2026-04-22', decisionNumber: '301-QĐ/HU', signer: 'Trần Văn B' }, cityCommittee);
      // Wednesday 2026-04-22 + 30 working days:
      //   Apr 23, 24  2  (2)    Apr 27 holiday; Apr 28, 29  2  (4); Apr 30, May 1 holidays
      //   May  4– 8  5  ( 9)    May 11–15  5  (14)    May 18–22  5  (19)    May 25–29  5  (24)
      //   Jun  1– 5  5  (29)    Jun  8  1  (30)                                  → 2026-06-08
      expect(decided.deadline).toEqual({ kind: 'CEREMONY', dueOn: '2026-06-08' });

      const ceremony = await accepted('recordCeremony', candidate, { ceremonyDate: '2026-05-04' }, secretary);
      // Probation ends 2027-05-04; the cell considers recognition within 30 working days:
      //   May 5–7 (3), 10–14 (8), 17–21 (13), 24–28 (18), May 31–Jun 4 (23), Jun 7–11 (28), 14 (29), 15 (30).
      expect(ceremony).toMatchObject({ probationEndsOn: '2027-05-04', deadline: { kind: 'RECOGNITION_RESOLUTION', dueOn: '2027-06-15' } });
    });

    it('uses the holidays stored by the migration', async () => {
      const calendar = await WorkingCalendar.load(server.dataSource.manager);
      for (const day of ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-01', '2026-09-02']) {
        expect([day, calendar.isWorkingDay(day)]).toEqual([day, false]);
      }
      expect(calendar.workingDaysBetween('2026-01-30', '2026-05-06')).toBe(60);
    });
  });

  describe('EXTENSION_ONCE (the decision deadline moves by 30 working days, once)', () => {
    it('extends once by exactly 30 working days and refuses a second extension', async () => {
      const { cell, secretary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2025-06-02'], [S.SYMPATHIZER, '2025-07-01'], [S.TRAINED, '2025-08-01'], [S.DOSSIER, '2026-01-12']) });
      const resolved = await accepted('recordCellResolution', candidate, vote('2026-01-30', 9, 6, 0), secretary);
      expect(resolved.deadline).toEqual({ kind: 'DECISION', dueOn: '2026-05-06' });

      const extended = await accepted('extendDecisionDeadline', candidate, { extendedOn: '2026-04-20', reason: 'Chờ kết quả thẩm tra bổ sung' }, cityCommittee);
      // 2026-05-06 + 30 working days: May 7, 8 (2), 11–15 (7), 18–22 (12), 25–29 (17),
      // Jun 1–5 (22), 8–12 (27), 15, 16, 17 (30) → 2026-06-17 (= 2026-01-30 + 90 working days).
      expect(extended).toMatchObject({ stage: 'CELL_RESOLVED', decisionExtended: true, deadline: { kind: 'DECISION', dueOn: '2026-06-17' } });
      const calendar = await WorkingCalendar.load(server.dataSource.manager);
      expect(calendar.workingDaysBetween(resolved.deadline!.dueOn, extended.deadline!.dueOn)).toBe(30);

      await refused('extendDecisionDeadline', candidate, { extendedOn: '2026-05-04', reason: 'Gia hạn lần hai' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'EXTENSION_ONCE' });

      // The committee's resolution keeps the extended deadline.
      const committee = await accepted('recordCommitteeResolution', candidate, { resolutionDate: '2026-05-04', resolutionNumber: '20-NQ/ĐU' }, communeCommittee);
      expect(committee.deadline).toEqual({ kind: 'DECISION', dueOn: '2026-06-17' });
      await refused('extendDecisionDeadline', candidate, { extendedOn: '2026-05-05', reason: 'Gia hạn lần hai' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'EXTENSION_ONCE' });
    });

    it('refuses an extension before the cell has voted', async () => {
      const { cell } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_DOSSIER_2024 });
      await refused('extendDecisionDeadline', candidate, { extendedOn: '2024-05-20', reason: 'Chưa có nghị quyết' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'STEP_ORDER' });
    });
  });

  /* ------------------------------------------------------------ the others ------ */

  describe('MENTOR_OFFICIAL, COMMITTEE_RESOLUTION_NOT_NEEDED, CORRECTION and CONFLICT', () => {
    it('refuses a probationary mentor and accepts an official one', async () => {
      const { cell, secretary, officials, probationary } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2026-01-05']) });
      await refused('markSympathizer', candidate, { resolutionDate: '2026-06-02', mentorId: gid.member(probationary[0]) }, secretary, { code: 'RULE_VIOLATION', rule: 'MENTOR_OFFICIAL' });
      await accepted('markSympathizer', candidate, { resolutionDate: '2026-06-02', mentorId: gid.member(officials[0]) }, secretary);
    });

    it('refuses a committee resolution for a cell directly under the deciding committee', async () => {
      const { cell, secretary } = await newCell({ parent: city });
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_DOSSIER_2024 });
      await accepted('recordCellResolution', candidate, vote('2024-05-02', 9, 6, 3), secretary);
      await refused('recordCommitteeResolution', candidate, { resolutionDate: '2024-05-10', resolutionNumber: '1-NQ' }, cityCommittee, { code: 'RULE_VIOLATION', rule: 'COMMITTEE_RESOLUTION_NOT_NEEDED' });
    });

    it('refuses to correct the first step or to undo a step that is not the latest', async () => {
      const { cell } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: AT_DOSSIER_2024 });
      const { history } = await candidateView<{ history: { id: string; toStage: string }[] }>(candidate, 'history { id toStage }');
      const source = history.find((e) => e.toStage === 'SOURCE')!;
      const trainedStep = history.find((e) => e.toStage === 'TRAINED')!;
      await refused('correctStep', candidate, { eventId: source.id, reason: 'Sai ngày', occurredOn: '2023-09-06' }, communeCommittee, { code: 'RULE_VIOLATION', rule: 'CORRECTION' });
      await refused('correctStep', candidate, { eventId: trainedStep.id, reason: 'Nhập nhầm', revert: true }, communeCommittee, { code: 'RULE_VIOLATION', rule: 'CORRECTION' });
    });

    it('refuses a step sent with a stale version as a conflict', async () => {
      const { cell, secretary, officials } = await newCell();
      const candidate = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2026-01-05']) });
      await refused('markSympathizer', candidate, { version: candidate.version + 1, resolutionDate: '2026-02-02', mentorId: gid.member(officials[0]) }, secretary, { code: 'CONFLICT' });
    });
  });

  /* ---------------------------------------------------------- failingRules ------ */

  describe('failingRules: what a candidate fails today for the steps ahead', () => {
    interface Checks {
      failingRules: { rule: string; message: string; messageVi: string }[];
    }
    const rulesOf = async (candidate: { id: number }) => {
      const { failingRules } = await candidateView<Checks>(candidate, 'failingRules { rule message messageVi }');
      for (const check of failingRules) {
        expect(check.message.length).toBeGreaterThan(0);
        expect(check.messageVi.trim().length).toBeGreaterThan(0);
      }
      return failingRules.map((check) => check.rule);
    };
    let cell: Organization;
    beforeAll(async () => {
      ({ cell } = await newCell({ officials: 1, probationary: 0 }));
    });

    it('shows MIN_AGE for an under-age student', async () => {
      const student = await buildCandidate(server.dataSource, cell, { dateOfBirth: '2010-01-01', category: PersonCategory.STUDENT, grade: 11, educationLevel: EducationLevel.LOWER_SECONDARY });
      expect(await rulesOf(student)).toEqual(['MIN_AGE']);
      expect(await candidateView(student, 'eligibleFrom')).toEqual({ eligibleFrom: '2028-01-01' });
    });

    it(`shows MIN_AGE for someone turning 18 tomorrow, nothing for someone who turned 18 today (${TODAY})`, async () => {
      const today18 = await buildCandidate(server.dataSource, cell, { dateOfBirth: addMonths(TODAY, -216), category: PersonCategory.STUDENT, grade: 12, educationLevel: EducationLevel.LOWER_SECONDARY });
      const tomorrow18 = await buildCandidate(server.dataSource, cell, { dateOfBirth: addDays(addMonths(TODAY, -216), 1), category: PersonCategory.STUDENT, grade: 12, educationLevel: EducationLevel.LOWER_SECONDARY });
      expect(await rulesOf(today18)).toEqual([]);
      expect(await rulesOf(tomorrow18)).toEqual(['MIN_AGE']);
    });

    it('shows MAX_AGE for someone over 60 and EDUCATION for primary education', async () => {
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { dateOfBirth: '1960-01-01' }))).toEqual(['MAX_AGE']);
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { educationLevel: EducationLevel.PRIMARY }))).toEqual(['EDUCATION']);
    });

    it('shows CERTIFICATE_EXPIRED for a candidate at TRAINED whose certificate is over 5 years old', async () => {
      const expired = await buildCandidate(server.dataSource, cell, { steps: steps([S.SOURCE, '2020-09-07'], [S.SYMPATHIZER, '2020-10-05'], [S.TRAINED, '2021-01-11']) });
      expect(await rulesOf(expired)).toEqual(['CERTIFICATE_EXPIRED']);
    });

    it('counts the 5 years to the day relative to today', async () => {
      const fiveYearsAgo = addMonths(TODAY, -60);
      const at = (certificateOn: string) => steps([S.SOURCE, addDays(certificateOn, -60)], [S.SYMPATHIZER, addDays(certificateOn, -30)], [S.TRAINED, certificateOn]);
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { steps: at(fiveYearsAgo) }))).toEqual([]);
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { steps: at(addDays(fiveYearsAgo, -1)) }))).toEqual(['CERTIFICATE_EXPIRED']);
    });

    it('shows nothing for a candidate fine on every rule', async () => {
      expect(await rulesOf(await buildCandidate(server.dataSource, cell, { dateOfBirth: '1995-03-10' }))).toEqual([]);
      const trainedRecently = await buildCandidate(server.dataSource, cell, { steps: AT_TRAINED_2025 });
      expect(await rulesOf(trainedRecently)).toEqual([]);
    });

    it('shows nothing once the cell has voted (the rules are behind the candidate)', async () => {
      const voted = await buildCandidate(server.dataSource, cell, { dateOfBirth: '1960-01-01', educationLevel: EducationLevel.PRIMARY, steps: [...AT_DOSSIER_2024, ...steps([S.CELL_RESOLVED, '2024-05-02'])] });
      expect(await rulesOf(voted)).toEqual([]);
    });
  });
});
