import { Not } from 'typeorm';
import { startTestServer, ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildTenantWorld, buildUser, gid, type TenantWorld } from './factories';
import { CandidateStage, Role, StageEventKind } from '../src/domain/enums';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { Member } from '../src/modules/member/member.entity';
import { Organization } from '../src/modules/organization/organization.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';
import { toGlobalId } from '../src/graphql/global-id';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';
import type { User } from '../src/modules/user/user.entity';
import { STEP_INPUT_TYPES } from './support/path-steps';
import { COMMUNE_CELL_PATH, upTo } from './support/paths';

/**
 * Who may record each step of the path, through the API. For every step mutation a candidate is
 * placed at the stage the step follows; the right role at the right level succeeds, a wrong role
 * or level that can see the candidate gets FORBIDDEN, one that cannot see it gets NOT_FOUND, and
 * after every refusal the candidate (version, stage, deadline, mentor), its history, its audit rows
 * and the cell's members are exactly as before.
 *
 * The world (factories.buildTenantWorld): city → commune → cells A and B, a cell directly under
 * the city, another commune's cell; the city decides admissions (mayDecideAdmission), the commune
 * resolves for the cells under it. A second tenant is built the same way.
 */

type Who =
  | 'cityCommittee'
  | 'communeCommittee'
  | 'otherCommuneCommittee'
  | 'secretaryA'
  | 'secretaryB'
  | 'secretaryDirect'
  | 'mentorA'
  | 'reporter'
  | 'otherTenantCommittee'
  | 'otherTenantSecretary';

const EVERYONE: Who[] = [
  'cityCommittee',
  'communeCommittee',
  'otherCommuneCommittee',
  'secretaryA',
  'secretaryB',
  'secretaryDirect',
  'mentorA',
  'reporter',
  'otherTenantCommittee',
  'otherTenantSecretary',
];

/** Those who cannot see a candidate of cell A at all (its mentor is mentorA, so mentorA can). */
const BLIND_TO_A: Who[] = ['otherCommuneCommittee', 'secretaryB', 'secretaryDirect', 'reporter', 'otherTenantCommittee', 'otherTenantSecretary'];
/** Those who cannot see a candidate of the cell directly under the city. */
const BLIND_TO_DIRECT: Who[] = ['communeCommittee', 'otherCommuneCommittee', 'secretaryA', 'secretaryB', 'mentorA', 'reporter', 'otherTenantCommittee', 'otherTenantSecretary'];

const PATH = COMMUNE_CELL_PATH;
const DIRECT_PATH = PATH.filter((s) => s.stage !== CandidateStage.COMMITTEE_RESOLVED);

const MUTATION_INPUT: Record<string, string> = STEP_INPUT_TYPES;

interface StepView {
  id: string;
  stage: string;
  version: number;
  decisionExtended: boolean;
  recognitionResolvedOn: string | null;
  mentor: { id: string } | null;
  history: { kind: string; toStage: string; occurredOn: string; corrected: boolean; facts: Record<string, unknown> | null }[];
}
const FIELDS = 'id stage version decisionExtended recognitionResolvedOn mentor { id } history { kind toStage occurredOn corrected facts }';

interface Placed {
  candidate: Candidate;
  /** The version to send (after any preparation through the API). */
  version: number;
}

interface StepCase {
  title: string;
  mutation: keyof typeof MUTATION_INPUT;
  cell: 'cellA' | 'directCell';
  steps: StageStepSeed[];
  /** More setup through the API (e.g. the cell's recognition proposal before the committee decides). */
  prepare?: (placed: Placed) => Promise<number>;
  input: (placed: Placed) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The stage after a successful step. */
  resultStage: CandidateStage;
  allowed: Who[];
  forbidden: Who[];
  notFound: Who[];
  /** What a successful step must show besides the stage. */
  check?: (view: StepView, placed: Placed) => Promise<void> | void;
}

describe('path permissions: who may record each step', () => {
  let server: TestServer;
  let world: TenantWorld;
  let other: TenantWorld;
  const tokens = {} as Record<Who, string>;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    world = await buildTenantWorld(ds, 'Quyền');
    other = await buildTenantWorld(ds, 'Khác');
    const users: Record<Who, User> = {
      cityCommittee: world.users.cityCommittee,
      communeCommittee: world.users.communeCommittee,
      otherCommuneCommittee: await buildUser(ds, Role.COMMITTEE, world.otherCommune),
      secretaryA: world.users.secretaryA,
      secretaryB: await buildUser(ds, Role.CELL_SECRETARY, world.cells.cellB),
      secretaryDirect: world.users.secretaryDirect,
      mentorA: world.users.mentorA,
      reporter: world.users.reporter,
      otherTenantCommittee: other.users.cityCommittee,
      otherTenantSecretary: other.users.secretaryA,
    };
    for (const who of EVERYONE) tokens[who] = server.tokenFor(users[who]);
  });
  afterAll(() => server.close());

  /** A candidate of the case's cell at the case's stage; candidates of cell A are helped by mentorA (so mentorA sees them). */
  async function place(c: Pick<StepCase, 'cell' | 'steps' | 'prepare'>): Promise<Placed> {
    const cell = world.cells[c.cell];
    const candidate = await buildCandidate(server.dataSource, cell, { steps: c.steps, mentor: c.cell === 'cellA' ? world.members.mentorA : null });
    const placed = { candidate, version: candidate.version };
    if (c.prepare) placed.version = await c.prepare(placed);
    return placed;
  }

  /** Everything a refused step must leave untouched. */
  async function snapshot(candidate: Candidate) {
    const ds = server.dataSource;
    const row = await ds.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
    return {
      version: row.version,
      stage: row.stage,
      stageSince: row.stageSince,
      mentorId: row.mentorId,
      deadlineOn: row.deadlineOn,
      decisionExtended: row.decisionExtended,
      recognitionResolvedOn: row.recognitionResolvedOn,
      memberId: row.memberId,
      events: await ds.getRepository(CandidateStageEvent).countBy({ candidateId: candidate.id }),
      correctedEvents: await ds.getRepository(CandidateStageEvent).countBy({ candidateId: candidate.id, corrected: true }),
      audit: await ds.getRepository(AuditLog).countBy({ subjectType: 'Candidate', subjectId: candidate.id, action: Not('sensitive.read') }),
      cellMembers: await ds.getRepository(Member).countBy({ organizationId: candidate.organizationId }),
    };
  }

  async function send(mutation: string, input: Record<string, unknown>, who: Who): Promise<GraphQLResponse<Record<string, StepView>>> {
    return server.gql<Record<string, StepView>>(`mutation ($input: ${MUTATION_INPUT[mutation]}!) { ${mutation}(input: $input) { ${FIELDS} } }`, { input }, tokens[who]);
  }

  async function eventId(candidate: Candidate, stage: CandidateStage): Promise<string> {
    const event = await server.dataSource.getRepository(CandidateStageEvent).findOneByOrFail({ candidateId: candidate.id, toStage: stage, kind: StageEventKind.STEP });
    return toGlobalId('StageEvent', event.id);
  }

  /** The cell's recognition proposal, through the API, before the committee's recognition decision. */
  async function proposeRecognition(placed: Placed): Promise<number> {
    const view = ok(
      await send('recordRecognitionResolution', { candidateId: gid.candidate(placed.candidate), version: placed.version, meetingDate: '2026-04-06', present: 2, votesFor: 2, votesAgainst: 0 }, 'secretaryA'),
    ).recordRecognitionResolution;
    expect(view.recognitionResolvedOn).toBe('2026-04-06');
    return view.version;
  }

  const base = (placed: Placed) => ({ candidateId: gid.candidate(placed.candidate), version: placed.version });

  const CASES: StepCase[] = [
    {
      title: 'markSympathizer (SOURCE → SYMPATHIZER): the cell secretary only',
      mutation: 'markSympathizer',
      cell: 'cellA',
      steps: upTo(CandidateStage.SOURCE),
      input: (p) => ({ ...base(p), resolutionDate: '2024-10-01', mentorId: gid.member(world.members.mentorA) }),
      resultStage: CandidateStage.SYMPATHIZER,
      allowed: ['secretaryA'],
      // The city committee (and the commune) recording a cell step; the mentor recording anything.
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => expect(view.mentor?.id).toBe(gid.member(world.members.mentorA)),
    },
    {
      title: 'markSympathizer in the cell directly under the city: its own secretary, not the city committee',
      mutation: 'markSympathizer',
      cell: 'directCell',
      steps: upTo(CandidateStage.SOURCE, DIRECT_PATH),
      input: (p) => ({ ...base(p), resolutionDate: '2024-10-01', mentorId: gid.member(world.members.memberDirect) }),
      resultStage: CandidateStage.SYMPATHIZER,
      allowed: ['secretaryDirect'],
      forbidden: ['cityCommittee'],
      notFound: BLIND_TO_DIRECT,
    },
    {
      title: 'recordAwarenessClass (SYMPATHIZER → TRAINED): the secretary or a committee above',
      mutation: 'recordAwarenessClass',
      cell: 'cellA',
      steps: upTo(CandidateStage.SYMPATHIZER),
      input: (p) => ({ ...base(p), certificateNumber: '15-CN/TTCT', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị phường' }),
      resultStage: CandidateStage.TRAINED,
      allowed: ['secretaryA', 'communeCommittee', 'cityCommittee'],
      forbidden: ['mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'openDossier (TRAINED → DOSSIER): the cell secretary only',
      mutation: 'openDossier',
      cell: 'cellA',
      steps: upTo(CandidateStage.TRAINED),
      input: (p) => ({
        ...base(p),
        applicationDate: '2025-01-02',
        biographyDate: '2025-01-06',
        backgroundCheckResult: 'Lý lịch rõ ràng, không vướng mắc',
        backgroundCheckDate: '2025-01-10',
        introducerIds: [gid.member(world.members.mentorA), gid.member(world.members.otherMemberA)],
      }),
      resultStage: CandidateStage.DOSSIER,
      allowed: ['secretaryA'],
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'recordCellResolution (DOSSIER → CELL_RESOLVED): the cell secretary only',
      mutation: 'recordCellResolution',
      cell: 'cellA',
      steps: upTo(CandidateStage.DOSSIER),
      input: (p) => ({ ...base(p), meetingDate: '2025-02-03', present: 2, votesFor: 2, votesAgainst: 0 }),
      resultStage: CandidateStage.CELL_RESOLVED,
      allowed: ['secretaryA'],
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'recordCommitteeResolution (CELL_RESOLVED → COMMITTEE_RESOLVED): the commune directly above the cell, not the city above it',
      mutation: 'recordCommitteeResolution',
      cell: 'cellA',
      steps: upTo(CandidateStage.CELL_RESOLVED),
      input: (p) => ({ ...base(p), resolutionDate: '2025-02-17', resolutionNumber: '12-NQ/ĐU' }),
      resultStage: CandidateStage.COMMITTEE_RESOLVED,
      allowed: ['communeCommittee'],
      forbidden: ['cityCommittee', 'secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'recordAdmissionDecision (COMMITTEE_RESOLVED → ADMITTED): the city, which decides; not the commune, the secretary or the mentor',
      mutation: 'recordAdmissionDecision',
      cell: 'cellA',
      steps: upTo(CandidateStage.COMMITTEE_RESOLVED),
      input: (p) => ({ ...base(p), decisionDate: '2025-03-03', decisionNumber: '345-QĐ/TU', signer: 'Nguyễn Văn An' }),
      resultStage: CandidateStage.ADMITTED,
      allowed: ['cityCommittee'],
      forbidden: ['communeCommittee', 'secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => expect(view.history.at(-1)?.facts).toMatchObject({ decisionNumber: '345-QĐ/TU', decidingOrganizationId: world.city.id }),
    },
    {
      title: 'recordAdmissionDecision in the cell directly under the city (from CELL_RESOLVED): the city, not the cell secretary',
      mutation: 'recordAdmissionDecision',
      cell: 'directCell',
      steps: upTo(CandidateStage.CELL_RESOLVED, DIRECT_PATH),
      input: (p) => ({ ...base(p), decisionDate: '2025-03-03', decisionNumber: '346-QĐ/TU', signer: 'Nguyễn Văn An' }),
      resultStage: CandidateStage.ADMITTED,
      allowed: ['cityCommittee'],
      forbidden: ['secretaryDirect'],
      notFound: BLIND_TO_DIRECT,
    },
    {
      title: 'extendDecisionDeadline (stays COMMITTEE_RESOLVED): the deciding city committee only',
      mutation: 'extendDecisionDeadline',
      cell: 'cellA',
      steps: upTo(CandidateStage.COMMITTEE_RESOLVED),
      input: (p) => ({ ...base(p), extendedOn: '2025-03-03', reason: 'Chờ kết quả thẩm tra lý lịch bổ sung' }),
      resultStage: CandidateStage.COMMITTEE_RESOLVED,
      allowed: ['cityCommittee'],
      forbidden: ['communeCommittee', 'secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => {
        expect(view.decisionExtended).toBe(true);
        expect(view.history.at(-1)).toMatchObject({ kind: 'DEADLINE_EXTENDED', occurredOn: '2025-03-03' });
      },
    },
    {
      title: 'recordCeremony (ADMITTED → PROBATIONARY): the cell secretary only',
      mutation: 'recordCeremony',
      cell: 'cellA',
      steps: upTo(CandidateStage.ADMITTED),
      input: (p) => ({ ...base(p), ceremonyDate: '2025-03-24' }),
      resultStage: CandidateStage.PROBATIONARY,
      allowed: ['secretaryA'],
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'recordRecognitionResolution (PROBATIONARY, probation over): the cell secretary only',
      mutation: 'recordRecognitionResolution',
      cell: 'cellA',
      steps: upTo(CandidateStage.PROBATIONARY),
      input: (p) => ({ ...base(p), meetingDate: '2026-04-06', present: 2, votesFor: 2, votesAgainst: 0 }),
      resultStage: CandidateStage.PROBATIONARY,
      allowed: ['secretaryA'],
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => expect(view.recognitionResolvedOn).toBe('2026-04-06'),
    },
    {
      title: 'recordRecognitionDecision (PROBATIONARY → OFFICIAL): the deciding city committee only',
      mutation: 'recordRecognitionDecision',
      cell: 'cellA',
      steps: upTo(CandidateStage.PROBATIONARY),
      prepare: (p) => proposeRecognition(p),
      input: (p) => ({ ...base(p), decisionDate: '2026-04-20', decisionNumber: '78-QĐ/TU' }),
      resultStage: CandidateStage.OFFICIAL,
      allowed: ['cityCommittee'],
      forbidden: ['communeCommittee', 'secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'closeCandidate DROPPED (from SYMPATHIZER): the secretary or a committee of the subtree',
      mutation: 'closeCandidate',
      cell: 'cellA',
      steps: upTo(CandidateStage.SYMPATHIZER),
      input: (p) => ({ ...base(p), outcome: 'DROPPED', reason: 'NOT_WILLING', reasonText: 'Quần chúng xin dừng', date: '2024-12-02' }),
      resultStage: CandidateStage.DROPPED,
      allowed: ['secretaryA', 'communeCommittee', 'cityCommittee'],
      forbidden: ['mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'closeCandidate REJECTED (from CELL_RESOLVED): the secretary or a committee of the subtree',
      mutation: 'closeCandidate',
      cell: 'cellA',
      steps: upTo(CandidateStage.CELL_RESOLVED),
      input: (p) => ({ ...base(p), outcome: 'REJECTED', reasonText: 'Đảng ủy không thông qua', date: '2025-02-20' }),
      resultStage: CandidateStage.REJECTED,
      allowed: ['secretaryA', 'communeCommittee', 'cityCommittee'],
      forbidden: ['mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'closeCandidate PROBATION_NOT_RECOGNIZED (from PROBATIONARY): the deciding city committee only',
      mutation: 'closeCandidate',
      cell: 'cellA',
      steps: upTo(CandidateStage.PROBATIONARY),
      input: (p) => ({ ...base(p), outcome: 'PROBATION_NOT_RECOGNIZED', reason: 'OTHER', reasonText: 'Không đủ tư cách đảng viên', date: '2026-04-10' }),
      resultStage: CandidateStage.PROBATION_NOT_RECOGNIZED,
      allowed: ['cityCommittee'],
      forbidden: ['communeCommittee', 'secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
    },
    {
      title: 'reassignMentor (SYMPATHIZER): the cell secretary only',
      mutation: 'reassignMentor',
      cell: 'cellA',
      steps: upTo(CandidateStage.SYMPATHIZER),
      input: (p) => ({ ...base(p), mentorId: gid.member(world.members.otherMemberA), date: '2024-11-04' }),
      resultStage: CandidateStage.SYMPATHIZER,
      allowed: ['secretaryA'],
      forbidden: ['cityCommittee', 'communeCommittee', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => {
        expect(view.mentor?.id).toBe(gid.member(world.members.otherMemberA));
        expect(view.history.at(-1)).toMatchObject({ kind: 'MENTOR_CHANGED' });
      },
    },
    {
      title: 'correctStep (a date of a TRAINED candidate): committees of the subtree only',
      mutation: 'correctStep',
      cell: 'cellA',
      steps: upTo(CandidateStage.TRAINED),
      input: async (p) => ({ ...base(p), eventId: await eventId(p.candidate, CandidateStage.SYMPATHIZER), occurredOn: '2024-10-03', reason: 'Nhập nhầm ngày nghị quyết' }),
      resultStage: CandidateStage.TRAINED,
      allowed: ['communeCommittee', 'cityCommittee'],
      forbidden: ['secretaryA', 'mentorA'],
      notFound: BLIND_TO_A,
      check: (view) => {
        expect(view.history.find((e) => e.toStage === 'SYMPATHIZER' && e.kind === 'STEP')?.occurredOn).toBe('2024-10-03');
        expect(view.history.at(-1)).toMatchObject({ kind: 'CORRECTION' });
      },
    },
  ];

  it('covers every step mutation of the path, and everyone is either allowed, forbidden or blind in each case', () => {
    expect(new Set(CASES.map((c) => c.mutation))).toEqual(new Set(Object.keys(MUTATION_INPUT)));
    expect(new Set(CASES.filter((c) => c.mutation === 'closeCandidate').map((c) => c.resultStage))).toEqual(
      new Set([CandidateStage.DROPPED, CandidateStage.REJECTED, CandidateStage.PROBATION_NOT_RECOGNIZED]),
    );
    for (const c of CASES) {
      expect([...c.allowed, ...c.forbidden, ...c.notFound].sort()).toEqual([...EVERYONE].sort());
    }
  });

  for (const c of CASES) {
    it(c.title, async () => {
      // Every refusal on one candidate: nothing changes, whatever the order.
      const target = await place(c);
      const before = await snapshot(target.candidate);
      for (const who of [...c.forbidden, ...c.notFound]) {
        const response = await send(c.mutation, await c.input(target), who);
        const expected = c.forbidden.includes(who) ? 'FORBIDDEN' : 'NOT_FOUND';
        expect({ who, code: errorCode(response), data: response.data?.[c.mutation] ?? null }).toEqual({ who, code: expected, data: null });
        expect({ who, after: await snapshot(target.candidate) }).toEqual({ who, after: before });
      }
      // Each allowed caller on a fresh candidate at the same stage.
      for (const who of c.allowed) {
        const placed = await place(c);
        const start = await snapshot(placed.candidate);
        const response = await send(c.mutation, await c.input(placed), who);
        if (errorCode(response)) throw new Error(`${who} was refused ${c.mutation}: ${JSON.stringify(response.errors)}`);
        const view = ok(response)[c.mutation];
        expect({ who, stage: view.stage, version: view.version }).toEqual({ who, stage: c.resultStage, version: placed.version + 1 });
        const after = await snapshot(placed.candidate);
        expect(after).toMatchObject({ version: start.version + 1, stage: c.resultStage, audit: start.audit + 1 });
        // One history row per step; a correction adds its CORRECTION row.
        expect(after.events).toBe(start.events + 1);
        if (c.check) await c.check(view, placed);
      }
    });
  }

  describe('a commune committee given the authority to decide admissions', () => {
    let delegated: TenantWorld;
    let communeToken: string;
    let cityToken: string;

    beforeAll(async () => {
      const ds = server.dataSource;
      delegated = await buildTenantWorld(ds, 'Ủy quyền');
      await ds.getRepository(Organization).update({ id: delegated.commune.id }, { mayDecideAdmission: true });
      communeToken = server.tokenFor(delegated.users.communeCommittee);
      cityToken = server.tokenFor(delegated.users.cityCommittee);
    });

    async function candidateAt(stage: CandidateStage, cell: 'cellA' | 'cellB' | 'directCell' = 'cellA'): Promise<Candidate> {
      return buildCandidate(server.dataSource, delegated.cells[cell], { steps: upTo(stage, cell === 'directCell' ? DIRECT_PATH : PATH) });
    }

    const decide = (candidate: Candidate, version: number, token: string) =>
      server.gql<{ recordAdmissionDecision: StepView & { nextStep: null } }>(
        `mutation ($input: AdmissionDecisionInput!) { recordAdmissionDecision(input: $input) { ${FIELDS} } }`,
        { input: { candidateId: gid.candidate(candidate), version, decisionDate: '2025-03-03', decisionNumber: '9-QĐ/ĐU', signer: 'Bí thư Đảng ủy' } },
        token,
      );

    it('names the commune as the deciding committee and lets it decide for its cells, and the city then cannot', async () => {
      const first = await candidateAt(CandidateStage.COMMITTEE_RESOLVED);
      const next = ok(
        await server.gql<{ candidate: { nextStep: { action: string; organization: { id: string } | null } } }>(
          `query ($id: ID!) { candidate(id: $id) { nextStep { action organization { id } } } }`,
          { id: gid.candidate(first) },
          cityToken,
        ),
      ).candidate.nextStep;
      expect(next).toEqual({ action: 'ADMISSION_DECISION', organization: { id: gid.org(delegated.commune) } });

      const before = await snapshot(first);
      const byCity = await decide(first, first.version, cityToken);
      expect(errorCode(byCity)).toBe('FORBIDDEN');
      expect(await snapshot(first)).toEqual(before);

      const byCommune = ok(await decide(first, first.version, communeToken)).recordAdmissionDecision;
      expect(byCommune.stage).toBe('ADMITTED');
      expect(byCommune.history.at(-1)?.facts).toMatchObject({ decidingOrganizationId: delegated.commune.id });

      // For the other cell of the commune too; and the city is refused there as well.
      const second = await candidateAt(CandidateStage.COMMITTEE_RESOLVED, 'cellB');
      const secondBefore = await snapshot(second);
      expect(errorCode(await decide(second, second.version, cityToken))).toBe('FORBIDDEN');
      expect(await snapshot(second)).toEqual(secondBefore);
      expect(ok(await decide(second, second.version, communeToken)).recordAdmissionDecision.stage).toBe('ADMITTED');
    });

    it('also extends the deadline and decides recognition and non-recognition in its cells; the city is FORBIDDEN for all of them', async () => {
      const extendInput = (c: Candidate) => ({ candidateId: gid.candidate(c), version: c.version, extendedOn: '2025-03-03', reason: 'Bổ sung hồ sơ' });
      const waiting = await candidateAt(CandidateStage.COMMITTEE_RESOLVED);
      const before = await snapshot(waiting);
      const extendMutation = `mutation ($input: ExtendDecisionDeadlineInput!) { extendDecisionDeadline(input: $input) { decisionExtended } }`;
      expect(errorCode(await server.gql(extendMutation, { input: extendInput(waiting) }, cityToken))).toBe('FORBIDDEN');
      expect(await snapshot(waiting)).toEqual(before);
      expect(ok(await server.gql<{ extendDecisionDeadline: { decisionExtended: boolean } }>(extendMutation, { input: extendInput(waiting) }, communeToken)).extendDecisionDeadline.decisionExtended).toBe(true);

      const probationary = await candidateAt(CandidateStage.PROBATIONARY);
      const secretaryToken = server.tokenFor(delegated.users.secretaryA);
      const proposed = ok(
        await server.gql<{ recordRecognitionResolution: { version: number } }>(
          `mutation ($input: RecognitionResolutionInput!) { recordRecognitionResolution(input: $input) { version } }`,
          { input: { candidateId: gid.candidate(probationary), version: probationary.version, meetingDate: '2026-04-06', present: 2, votesFor: 2, votesAgainst: 0 } },
          secretaryToken,
        ),
      ).recordRecognitionResolution;
      const recognize = `mutation ($input: RecognitionDecisionInput!) { recordRecognitionDecision(input: $input) { stage } }`;
      const recognizeInput = { candidateId: gid.candidate(probationary), version: proposed.version, decisionDate: '2026-04-20', decisionNumber: '10-QĐ/ĐU' };
      const beforeRecognition = await snapshot(probationary);
      expect(errorCode(await server.gql(recognize, { input: recognizeInput }, cityToken))).toBe('FORBIDDEN');
      expect(await snapshot(probationary)).toEqual(beforeRecognition);
      expect(ok(await server.gql<{ recordRecognitionDecision: { stage: string } }>(recognize, { input: recognizeInput }, communeToken)).recordRecognitionDecision.stage).toBe('OFFICIAL');

      const notRecognized = await candidateAt(CandidateStage.PROBATIONARY, 'cellB');
      const close = `mutation ($input: CloseCandidateInput!) { closeCandidate(input: $input) { stage } }`;
      const closeInput = { candidateId: gid.candidate(notRecognized), version: notRecognized.version, outcome: 'PROBATION_NOT_RECOGNIZED', reasonText: 'Vi phạm tư cách', date: '2026-04-10' };
      const beforeClose = await snapshot(notRecognized);
      expect(errorCode(await server.gql(close, { input: closeInput }, cityToken))).toBe('FORBIDDEN');
      expect(await snapshot(notRecognized)).toEqual(beforeClose);
      expect(ok(await server.gql<{ closeCandidate: { stage: string } }>(close, { input: closeInput }, communeToken)).closeCandidate.stage).toBe('PROBATION_NOT_RECOGNIZED');
    });

    it('leaves the cell directly under the city to the city (the commune cannot even see it)', async () => {
      const direct = await candidateAt(CandidateStage.CELL_RESOLVED, 'directCell');
      const before = await snapshot(direct);
      expect(errorCode(await decide(direct, direct.version, communeToken))).toBe('NOT_FOUND');
      expect(await snapshot(direct)).toEqual(before);
      expect(ok(await decide(direct, direct.version, cityToken)).recordAdmissionDecision.stage).toBe('ADMITTED');
    });

    it('does not change who decides in a commune without the authority (the first tenant stays with its city)', async () => {
      const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.COMMITTEE_RESOLVED) });
      const before = await snapshot(candidate);
      expect(errorCode(await decide(candidate, candidate.version, tokens.communeCommittee))).toBe('FORBIDDEN');
      expect(await snapshot(candidate)).toEqual(before);
      // Setting the authority on the other tenant's commune gave nothing to this one.
      expect(ok(await decide(candidate, candidate.version, tokens.cityCommittee)).recordAdmissionDecision.stage).toBe('ADMITTED');
    });
  });

  it('refuses an anonymous caller with UNAUTHENTICATED and changes nothing', async () => {
    const placed = await place({ cell: 'cellA', steps: upTo(CandidateStage.SOURCE) });
    const before = await snapshot(placed.candidate);
    const response = await server.gql(`mutation ($input: MarkSympathizerInput!) { markSympathizer(input: $input) { id } }`, {
      input: { ...base(placed), resolutionDate: '2024-10-01', mentorId: gid.member(world.members.mentorA) },
    });
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(await snapshot(placed.candidate)).toEqual(before);
  });

  it('answers NOT_FOUND for a blind caller exactly as for a candidate that does not exist', async () => {
    const placed = await place({ cell: 'cellA', steps: upTo(CandidateStage.SYMPATHIZER) });
    const input = { certificateNumber: '1-CN', certificateDate: '2024-11-01', issuingCentre: 'Trung tâm Chính trị' };
    const blind = await send('recordAwarenessClass', { ...base(placed), ...input }, 'otherTenantCommittee');
    const missing = await send('recordAwarenessClass', { candidateId: toGlobalId('Candidate', 999999999), version: 1, ...input }, 'otherTenantCommittee');
    expect(errorCode(blind)).toBe('NOT_FOUND');
    expect(blind.errors?.[0].message).toBe(missing.errors?.[0].message);
    expect(blind.errors?.[0].extensions).toEqual(missing.errors?.[0].extensions);
  });
});

