import { In } from 'typeorm';
import { startTestServer, type TestServer } from './support/server';
import { seedDemoIfEmpty } from '../src/tools/demo/seed';
import type { DemoSummary } from '../src/tools/demo/model';
import { Rng } from '../src/tools/demo/rng';
import { People } from '../src/tools/demo/people';
import { tenantSpec } from '../src/tools/scale/names';
import { CandidateStage as S, Gender, MemberStatus, OrganizationKind, StageEventKind } from '../src/domain/enums';
import { Organization } from '../src/modules/organization/organization.entity';
import { Member } from '../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent } from '../src/modules/candidate/candidate.entity';
import { assertMemberDates } from '../src/modules/member/member.service';
import { assertCandidateData } from '../src/modules/candidate/candidate.service';
import { ageChecks, cellVoteCheck, certificateCheck, educationCheck, type RuleCheck } from '../src/modules/candidate/path/rules';
import { officialMemberCount } from '../src/modules/candidate/path/path.service';
import { introducerChecks, mentorCheck, probationEndsOn, recognitionChecks, stagesAfter } from '../src/modules/candidate/charter-checks';
import { nationalIdProblem } from '../src/common/national-id';
import type { EntityManager } from 'typeorm';
import type { RulesConfig } from '../src/config';

/**
 * The demo data obeys the rules it demonstrates: every seeded member and candidate of the four
 * tenants is run through the checks the API's mutations make (createMember/updateMember's dates,
 * createCandidate's data, each step of the path: its order and dates, the age and education at
 * the cell's vote, the certificate's validity, the introducers, the mentor, the 2/3 vote counted
 * on the cell's official members of that day, the probation of 12 months and the official date
 * the recognition sets). Any row that breaks one is listed with the rule it breaks.
 */
const DEMO_TODAY = '2026-11-01';

let server: TestServer;
let summary: DemoSummary;
let em: EntityManager;
let rules: RulesConfig;

beforeAll(async () => {
  server = await startTestServer();
  const seeded = await seedDemoIfEmpty(server.dataSource, server.config);
  if (!seeded) throw new Error('the test database was not empty');
  summary = seeded;
  em = server.dataSource.manager;
  rules = server.config.rules;
});

afterAll(() => server.close());

type Facts = Record<string, unknown>;
const factsOf = (event: CandidateStageEvent): Facts => (event.facts ? (JSON.parse(event.facts) as Facts) : {});

/** What an assertion of a service throws, as the message of a broken rule (null when it passes). */
function thrown(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the demo data obeys the rules it demonstrates', () => {
  let organizations: Map<number, Organization>;
  let members: Member[];
  let membersById: Map<number, Member>;

  beforeAll(async () => {
    organizations = new Map((await em.find(Organization)).map((o) => [o.id, o]));
    members = await em.find(Member, { order: { id: 'ASC' } });
    membersById = new Map(members.map((m) => [m.id, m]));
  });

  const where = (organizationId: number, name: string) => {
    const cell = organizations.get(organizationId);
    const tenant = cell ? organizations.get(cell.tenantId) : undefined;
    return `${tenant?.name ?? '?'} / ${cell?.name ?? '?'} / ${name}`;
  };

  it('every member: a national ID of 12 digits, dates in order and not in the future, 18 to 60 at admission, official from the end of 12 months of probation', () => {
    expect(members.length).toBe(summary.members);
    const broken: string[] = [];
    const fail = (member: Member, rule: string) => broken.push(`${where(member.organizationId, member.fullName)}: ${rule}`);
    for (const member of members) {
      if (member.nationalId === null) fail(member, 'no national ID');
      else if (nationalIdProblem(member.nationalId)) fail(member, `national ID ${member.nationalId}: ${nationalIdProblem(member.nationalId)}`);
      const dates = thrown(() => assertMemberDates(member));
      if (dates) fail(member, dates);
      if (!member.admittedOn || !member.dateOfBirth) {
        fail(member, 'no date of birth or of admission');
        continue;
      }
      for (const check of ageChecks(rules, member.dateOfBirth, member.admittedOn, false)) fail(member, `${check.rule}: ${check.message}`);
      const probationEnds = probationEndsOn(rules, member.admittedOn);
      if (member.status === MemberStatus.OFFICIAL) {
        // recordRecognitionDecision: official membership counts from the end of the probation.
        if (member.officialOn !== probationEnds) fail(member, `official on ${member.officialOn}, but the probation from ${member.admittedOn} ends on ${probationEnds}`);
        if (probationEnds >= DEMO_TODAY) fail(member, `official before the end of the probation (${probationEnds})`);
      } else if (probationEnds < DEMO_TODAY) {
        fail(member, `still probationary after the probation ended on ${probationEnds}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every candidate: its data, and every step of its history as the path records it', async () => {
    const candidates = await em.find(Candidate, { order: { id: 'ASC' } });
    expect(candidates.length).toBe(summary.candidates);
    const events = await em.find(CandidateStageEvent, { where: { candidateId: In(candidates.map((c) => c.id)) }, order: { id: 'ASC' } });
    const history = new Map<number, CandidateStageEvent[]>();
    for (const event of events) history.set(event.candidateId, [...(history.get(event.candidateId) ?? []), event]);
    const broken: string[] = [];
    const stagesSeen = new Set<string>();

    for (const candidate of candidates) {
      const fail = (rule: string) => broken.push(`${where(candidate.organizationId, candidate.fullName)}: ${rule}`);
      const failed = (checks: (RuleCheck | null)[], on: string) => {
        for (const check of checks) if (check) fail(`${check.rule} on ${on}: ${check.message}`);
      };
      const cell = organizations.get(candidate.organizationId)!;
      const parent = cell.parentId === null ? undefined : organizations.get(cell.parentId);
      const needsCommitteeResolution = parent !== undefined && [OrganizationKind.COMMUNE_COMMITTEE, OrganizationKind.SCHOOL_COMMITTEE].includes(parent.kind);
      const cellMember = (id: unknown, role: string): Member | null => {
        const member = typeof id === 'number' ? membersById.get(id) : undefined;
        if (!member || member.organizationId !== cell.id) {
          fail(`the ${role} (${String(id)}) is not a member of the cell`);
          return null;
        }
        return member;
      };

      if (candidate.nationalId === null || nationalIdProblem(candidate.nationalId)) fail(`national ID ${candidate.nationalId}: ${nationalIdProblem(candidate.nationalId ?? '')}`);
      const data = thrown(() => assertCandidateData(candidate));
      if (data) fail(data);

      const steps = history.get(candidate.id) ?? [];
      if (steps[0]?.toStage !== S.SOURCE || steps[0].fromStage !== null) fail('the history does not open at SOURCE');
      let stage: S | null = null;
      let since = '0000-00-00';
      const dateOf: Partial<Record<S, string>> = {};
      let ceremony: string | null = null;
      let resolvedOn: string | null = null;
      for (const event of steps) {
        const facts = factsOf(event);
        const on = event.occurredOn;
        // expectDate: a step is neither in the future nor before the previous one.
        if (on >= DEMO_TODAY) fail(`${event.toStage} on ${on}, after the demo's today`);
        if (on < since) fail(`${event.kind} ${event.toStage} on ${on}, before the previous step (${since})`);
        since = on;
        if (event.kind === StageEventKind.RECOGNITION_PROPOSED) {
          if (stage !== S.PROBATIONARY || ceremony === null) {
            fail(`recognition proposed at ${stage}`);
            continue;
          }
          resolvedOn = on;
          failed(recognitionChecks(rules, { ceremonyOn: ceremony, resolvedOn: on, decidedOn: null }), on);
          failed([cellVoteCheck(rules, facts as unknown as Parameters<typeof cellVoteCheck>[1])], on);
          const officials = await officialMemberCount(em, cell.id, on);
          if (facts.officialMembers !== officials) fail(`the recognition vote of ${on} counts ${String(facts.officialMembers)} official members; the cell had ${officials}`);
          continue;
        }
        if (event.kind !== StageEventKind.STEP) {
          fail(`an event ${event.kind} the demo does not make`);
          continue;
        }
        const to = event.toStage;
        if (stage !== null && !stagesAfter(stage, needsCommitteeResolution).includes(to)) fail(`${stage} → ${to} is not a step of the path (committee resolution ${needsCommitteeResolution ? 'needed' : 'not needed'})`);
        if (event.fromStage !== stage) fail(`${to} recorded from ${event.fromStage}, the candidate was at ${stage}`);
        stage = to;
        dateOf[to] = on;
        stagesSeen.add(to);
        switch (to) {
          case S.SYMPATHIZER: {
            const mentor = cellMember(candidate.mentorId, 'mentor');
            if (mentor) failed([mentorCheck(mentor, on)], on);
            if (facts.mentorId !== candidate.mentorId) fail(`the mentor of the resolution (${String(facts.mentorId)}) is not the candidate's (${candidate.mentorId})`);
            break;
          }
          case S.TRAINED:
            if (candidate.awarenessCertificateOn !== on) fail(`certificate dated ${candidate.awarenessCertificateOn}, the class step on ${on}`);
            break;
          case S.DOSSIER: {
            const background = facts.backgroundCheck as { date?: string } | undefined;
            const documents = [facts.applicationDate, facts.biographyDate, background?.date].filter((d): d is string => typeof d === 'string');
            if (documents.length !== 3 || documents.sort().pop() !== on) fail(`the dossier of ${on} is not complete on its latest document (${documents.join(', ')})`);
            failed([certificateCheck(rules, candidate.awarenessCertificateOn, on), educationCheck(candidate.educationLevel)], on);
            const listed = Array.isArray(facts.introducers) ? (facts.introducers as { memberId?: unknown }[]) : [];
            const introducers = listed.map((i) => cellMember(i.memberId, 'introducer')).filter((m): m is Member => m !== null);
            const youthUnion = (facts.youthUnion as { resolutionDate: string } | undefined) ?? null;
            failed(introducerChecks(rules, { on, candidate, youthUnion, introducers }), on);
            break;
          }
          case S.CELL_RESOLVED: {
            failed(
              [
                ...ageChecks(rules, candidate.dateOfBirth, on, false),
                educationCheck(candidate.educationLevel),
                certificateCheck(rules, candidate.awarenessCertificateOn, on, 'vote'),
                cellVoteCheck(rules, facts as unknown as Parameters<typeof cellVoteCheck>[1]),
              ],
              on,
            );
            const officials = await officialMemberCount(em, cell.id, on);
            if (facts.officialMembers !== officials) fail(`the vote of ${on} counts ${String(facts.officialMembers)} official members; the cell had ${officials}`);
            break;
          }
          case S.PROBATIONARY: {
            ceremony = on;
            if (candidate.probationEndsOn !== probationEndsOn(rules, on)) fail(`probation from ${on} ends on ${candidate.probationEndsOn}, not ${probationEndsOn(rules, on)}`);
            // recordCeremony: the candidate becomes a probationary member of the cell, linked both ways.
            const member = cellMember(candidate.memberId, 'member made by the ceremony');
            if (member) {
              if (member.candidateId !== candidate.id || member.admittedOn !== on || member.joinedCellOn !== on) fail(`member ${member.fullName}: candidate ${member.candidateId}, admitted ${member.admittedOn}, in the cell since ${member.joinedCellOn}; the ceremony was on ${on}`);
              if (member.fullName !== candidate.fullName || member.dateOfBirth !== candidate.dateOfBirth || member.nationalId !== candidate.nationalId) fail(`member ${member.fullName} is not the same person`);
            }
            break;
          }
          case S.OFFICIAL: {
            if (ceremony === null || resolvedOn === null) {
              fail('recognised without a ceremony and a resolution of the cell');
              break;
            }
            failed(recognitionChecks(rules, { ceremonyOn: ceremony, resolvedOn, decidedOn: on }), on);
            const officialOn = probationEndsOn(rules, ceremony);
            if (facts.officialOn !== officialOn) fail(`the decision of ${on} sets officialOn ${String(facts.officialOn)}, the probation ended on ${officialOn}`);
            const member = candidate.memberId === null ? undefined : membersById.get(candidate.memberId);
            if (member && (member.status !== MemberStatus.OFFICIAL || member.officialOn !== officialOn)) fail(`member ${member.fullName} is ${member.status} from ${member.officialOn}, not OFFICIAL from ${officialOn}`);
            break;
          }
          default:
            break;
        }
      }
      if (candidate.stage !== stage || candidate.stageSince !== (steps.filter((e) => e.kind === StageEventKind.STEP).pop()?.occurredOn ?? null)) fail(`stage ${candidate.stage} since ${candidate.stageSince} is not the history's last step`);
      if ((candidate.recognitionResolvedOn ?? null) !== (stage === S.PROBATIONARY ? resolvedOn : null)) fail(`recognitionResolvedOn ${candidate.recognitionResolvedOn} disagrees with the history`);
      if (stage === S.PROBATIONARY && ceremony && probationEndsOn(rules, ceremony) < DEMO_TODAY && resolvedOn === null) fail(`probation ended on ${probationEndsOn(rules, ceremony)} and the cell has not considered recognition`);
    }
    expect(broken).toEqual([]);
    // The demo shows the whole path, so every step was checked at least once.
    expect([...stagesSeen].sort()).toEqual([S.SOURCE, S.SYMPATHIZER, S.TRAINED, S.DOSSIER, S.CELL_RESOLVED, S.COMMITTEE_RESOLVED, S.ADMITTED, S.PROBATIONARY, S.OFFICIAL, S.DROPPED, S.REJECTED].sort());
  });

  it("Bình Thành's two members are official from 13/4/2023, the end of the probation that began at the ceremony of 13/4/2022", () => {
    const binhThanh = members.filter((m) => ['Phan Đình Hùng', 'Trần Thị Mai'].includes(m.fullName) && organizations.get(m.organizationId)?.name === 'Chi bộ Trường THCS Bình Thành');
    expect(binhThanh.map((m) => [m.fullName, m.admittedOn, m.status, m.officialOn]).sort()).toEqual([
      ['Phan Đình Hùng', '2022-04-13', 'OFFICIAL', '2023-04-13'],
      ['Trần Thị Mai', '2022-04-13', 'OFFICIAL', '2023-04-13'],
    ]);
  });
});

describe('the generators make national IDs the API accepts', () => {
  it('demo and scale tenants: 12 digits for every province code and year of birth', () => {
    const provinces = new Set(['087', '026', '019', '082', ...Array.from({ length: 40 }, (_, i) => tenantSpec(i).provinceCode)]);
    const wrong: string[] = [];
    for (const province of provinces) {
      const people = new People(new Rng(1), province);
      for (let year = 1940; year <= 2012; year++) {
        for (const gender of [Gender.MALE, Gender.FEMALE]) {
          const id = people.nationalId(gender, `${year}-06-15`);
          if (nationalIdProblem(id)) wrong.push(`${province} ${year}: ${id}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
