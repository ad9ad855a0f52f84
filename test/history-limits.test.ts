import { startTestServer, ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import { buildCandidate, buildTenantWorld, gid, type TenantWorld } from './factories';
import { CandidateStage, StageEventKind } from '../src/domain/enums';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { toGlobalId } from '../src/graphql/global-id';
import type { StageStepSeed } from '../src/modules/candidate/candidate.rows';

/**
 * A candidate's history stays bounded and true (the outside review grew one by 720 KB of facts a
 * correction until the server ran out of memory, then again at every read): a correction changes
 * only the facts the step recorded as a document's details, flat and short, a corrected vote is
 * checked again, and corrections and mentor changes have a ceiling.
 */

const VOTE = { officialMembers: 9, present: 8, votesFor: 7, votesAgainst: 1 };
const PATH: StageStepSeed[] = [
  { stage: CandidateStage.SOURCE, on: '2024-09-02' },
  { stage: CandidateStage.SYMPATHIZER, on: '2024-10-01' },
  { stage: CandidateStage.TRAINED, on: '2024-11-01', facts: { certificateNumber: '15-CN/TTCT', issuingCentre: 'Trung tâm Chính trị phường' } },
  { stage: CandidateStage.DOSSIER, on: '2025-01-10' },
  { stage: CandidateStage.CELL_RESOLVED, on: '2025-02-03', facts: VOTE },
];
const upTo = (stage: CandidateStage): StageStepSeed[] => PATH.slice(0, PATH.findIndex((s) => s.stage === stage) + 1);

const CORRECT = `mutation ($input: CorrectStepInput!) { correctStep(input: $input) { id version awarenessCertificateNumber history { kind toStage facts } } }`;
const REASSIGN = `mutation ($input: ReassignMentorInput!) { reassignMentor(input: $input) { id version } }`;

type Corrected = {
  correctStep: { id: string; version: number; awarenessCertificateNumber: string | null; history: { kind: string; toStage: string; facts: Record<string, unknown> | null }[] };
};

describe('the history of a candidate stays bounded and true', () => {
  let server: TestServer;
  let world: TenantWorld;
  let committee: string;

  beforeAll(async () => {
    server = await startTestServer();
    world = await buildTenantWorld(server.dataSource, 'Lịch sử');
    committee = server.tokenFor(world.users.communeCommittee);
  });
  afterAll(() => server.close());

  async function eventOf(candidate: { id: number }, stage: CandidateStage): Promise<CandidateStageEvent> {
    return server.dataSource.getRepository(CandidateStageEvent).findOneByOrFail({ candidateId: candidate.id, toStage: stage, kind: StageEventKind.STEP, corrected: false });
  }

  async function snapshot(candidate: { id: number }) {
    const row = await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id });
    const events = await server.dataSource.getRepository(CandidateStageEvent).find({ where: { candidateId: candidate.id }, order: { id: 'ASC' } });
    return { version: row.version, certificate: row.awarenessCertificateNumber, events: events.map((e) => [e.id, e.kind, e.occurredOn, e.facts, e.corrected]) };
  }

  async function correct(candidate: Candidate, stage: CandidateStage, facts: unknown, token = committee): Promise<GraphQLResponse<Corrected>> {
    const version = (await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).version;
    const event = await eventOf(candidate, stage);
    return server.gql<Corrected>(CORRECT, { input: { candidateId: gid.candidate(candidate), version, eventId: toGlobalId('StageEvent', event.id), reason: 'Ghi nhầm số liệu', facts } }, token);
  }

  it('refuses facts the step did not record, nested values and values out of their kind, all named at once, and writes nothing', async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.CELL_RESOLVED) });
    const before = await snapshot(candidate);
    const cases: { facts: unknown; fields: string[] }[] = [
      { facts: { padding: 'x'.repeat(200_000) }, fields: ['facts.padding'] },
      { facts: { votesFor: 8, officialMembers: 100, mentorId: 1 }, fields: ['facts.officialMembers', 'facts.mentorId'] },
      { facts: { votesFor: '8', present: -1, votesAgainst: 1.5 }, fields: ['facts.votesFor', 'facts.present', 'facts.votesAgainst'] },
      { facts: { votesFor: { value: 8 } }, fields: ['facts.votesFor'] },
      { facts: {}, fields: ['facts'] },
    ];
    for (const { facts, fields } of cases) {
      const response = await correct(candidate, CandidateStage.CELL_RESOLVED, facts);
      expect({ facts: JSON.stringify(facts).slice(0, 60), code: errorCode(response) }).toEqual({ facts: JSON.stringify(facts).slice(0, 60), code: 'BAD_USER_INPUT' });
      const problems = (response.errors?.[0]?.extensions?.problems ?? []) as { field: string }[];
      expect(problems.map((p) => p.field).sort()).toEqual([...fields].sort());
    }
    // A step without details to correct says so.
    const dossier = await correct(candidate, CandidateStage.DOSSIER, { applicationDate: '2025-01-01' });
    expect(errorCode(dossier)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(dossier.errors?.[0]?.extensions?.problems)).toContain('undo it and record it again');
    expect(await snapshot(candidate)).toEqual(before);
  });

  it('refuses JSON nested deeper than a step records, and keys that are not clean text, as BAD_USER_INPUT (not INTERNAL)', async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.CELL_RESOLVED) });
    const before = await snapshot(candidate);
    // 20,000 levels, written by hand (JSON.stringify itself would overflow the test's stack).
    const version = (await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).version;
    const event = await eventOf(candidate, CandidateStage.CELL_RESOLVED);
    const input = { candidateId: gid.candidate(candidate), version, eventId: toGlobalId('StageEvent', event.id), reason: 'Ghi nhầm số liệu', facts: '@DEEP@' };
    const body = JSON.stringify({ query: CORRECT, variables: { input } }).replace('"@DEEP@"', `${'{"a":'.repeat(20_000)}"đáy"${'}'.repeat(20_000)}`);
    const raw = await fetch(server.app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${committee}` }, body });
    const nested = (await raw.json()) as GraphQLResponse;
    expect(errorCode(nested)).toBe('BAD_USER_INPUT');
    expect(nested.errors?.[0]?.message).toMatch(/nested more than \d+ levels/);
    const key = await correct(candidate, CandidateStage.CELL_RESOLVED, { 'votes\u202eFor': 8 });
    expect(errorCode(key)).toBe('BAD_USER_INPUT');
    expect(await snapshot(candidate)).toEqual(before);
  });

  it('checks a corrected vote against the 2/3 rule again; a valid correction is kept, with what it changed', async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.CELL_RESOLVED) });
    const before = await snapshot(candidate);
    const below = await correct(candidate, CandidateStage.CELL_RESOLVED, { votesFor: 0, present: 8, votesAgainst: 8 });
    expect(errorCode(below)).toBe('RULE_VIOLATION');
    expect(below.errors?.[0]?.extensions?.rule).toBe('CELL_VOTE');
    const overPresent = await correct(candidate, CandidateStage.CELL_RESOLVED, { present: 100 });
    expect(errorCode(overPresent)).toBe('RULE_VIOLATION');
    expect(await snapshot(candidate)).toEqual(before);

    const fixed = ok(await correct(candidate, CandidateStage.CELL_RESOLVED, { votesFor: 8, votesAgainst: 0 })).correctStep;
    const vote = fixed.history.find((e) => e.kind === 'STEP' && e.toStage === 'CELL_RESOLVED');
    expect(vote?.facts).toEqual({ ...VOTE, votesFor: 8, votesAgainst: 0 });
    const correction = fixed.history.at(-1);
    expect(correction?.kind).toBe('CORRECTION');
    expect(correction?.facts).toMatchObject({ after: { facts: { votesFor: 8, votesAgainst: 0 } }, before: { facts: VOTE } });
  });

  it("a corrected certificate number is the candidate's too", async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.TRAINED) });
    const fixed = ok(await correct(candidate, CandidateStage.TRAINED, { certificateNumber: '16-CN/TTCT' })).correctStep;
    expect(fixed.awarenessCertificateNumber).toBe('16-CN/TTCT');
  });

  it('allows 10 corrections of a candidate, then refuses the 11th with RULE_VIOLATION CORRECTION and writes nothing', async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.TRAINED) });
    for (let n = 1; n <= 10; n += 1) ok(await correct(candidate, CandidateStage.TRAINED, { certificateNumber: `${n}-CN/TTCT` }));
    const before = await snapshot(candidate);
    const eleventh = await correct(candidate, CandidateStage.TRAINED, { certificateNumber: '11-CN/TTCT' });
    expect(errorCode(eleventh)).toBe('RULE_VIOLATION');
    expect(eleventh.errors?.[0]?.extensions?.rule).toBe('CORRECTION');
    expect(eleventh.errors?.[0]?.extensions?.messageVi).toMatch(/tối đa 10 lần/);
    expect(await snapshot(candidate)).toEqual(before);
  });

  it('allows 10 mentor changes, then refuses the 11th', async () => {
    const candidate = await buildCandidate(server.dataSource, world.cells.cellA, { steps: upTo(CandidateStage.SYMPATHIZER), mentor: world.members.mentorA });
    const secretary = server.tokenFor(world.users.secretaryA);
    const mentors = [world.members.otherMemberA, world.members.mentorA];
    const change = async (n: number) => {
      const version = (await server.dataSource.getRepository(Candidate).findOneByOrFail({ id: candidate.id })).version;
      return server.gql(REASSIGN, { input: { candidateId: gid.candidate(candidate), version, mentorId: gid.member(mentors[n % 2]), date: '2024-10-15' } }, secretary);
    };
    for (let n = 0; n < 10; n += 1) ok(await change(n));
    const before = await snapshot(candidate);
    const eleventh = await change(10);
    expect(errorCode(eleventh)).toBe('RULE_VIOLATION');
    expect(await snapshot(candidate)).toEqual(before);
  });
});
