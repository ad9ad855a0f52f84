/**
 * The candidates of the demo on their way: the dates of their steps counted back from the last one,
 * the facts each step records (as the API records them), and the rows written with the candidate
 * module's writers. Every plan is checked against the rules it demonstrates before it is written.
 */
import type { EntityManager } from 'typeorm';
import { Member as MemberEntity, type Member } from '../../modules/member/member.entity';
import { Candidate } from '../../modules/candidate/candidate.entity';
import { CandidateStage as S, EducationLevel, MemberStatus, PersonCategory, StageEventKind } from '../../domain/enums';
import { addMonths, fullMonthsBetween } from '../../common/dates';
import { insertCandidate, type StageStepSeed } from '../../modules/candidate/candidate.rows';
import type { MemberSeed } from '../../modules/member/member.rows';
import type { Rng } from './rng';
import { addDays, dateBetween, onWeekday } from './dates';
import { FEMALE_SHARE, type Person } from './people';
import { LAST_DAY, PROBATION_MONTHS, cellByTag, nextNumber, officialMembersOn, stagesTo, type ActiveSpec, type CandidatePlan, type Cell, type Tenant } from './model';
import { membership } from './members';

/** Days from the previous stage on the path to this one. */
const GAP: Partial<Record<S, [number, number]>> = { SYMPATHIZER: [60, 150], TRAINED: [30, 90], DOSSIER: [20, 60], CELL_RESOLVED: [14, 40], COMMITTEE_RESOLVED: [7, 20], ADMITTED: [10, 25] };

/** Dates of every step up to `last` (dated `on`), counted back; a cell directly under the city committee skips COMMITTEE_RESOLVED. */
export function pathTo(rng: Rng, cell: Cell, last: S, on: string): { stage: S; on: string }[] {
  const stages = stagesTo(last, cell.committee !== null);
  const result = [{ stage: last, on }];
  for (let i = stages.length - 1; i > 0; i--) {
    const [min, max] = stages[i] === S.ADMITTED && !cell.committee ? [20, 40] : GAP[stages[i]]!;
    result.unshift({ stage: stages[i - 1], on: onWeekday(addDays(result[0].on, -rng.int(min, max))) });
  }
  return result;
}

/** The steps from SOURCE, one date each, of a cell under a grassroots committee. */
export function stepsOn(...dates: string[]): { stage: S; on: string }[] {
  const stages = stagesTo(S.ADMITTED, true);
  return dates.map((on, i) => ({ stage: stages[i], on }));
}

export function teacher(t: Tenant, cell: Cell, extra: Partial<Person> = {}): Person {
  const gender = extra.gender ?? t.people.gender(FEMALE_SHARE[cell.level]);
  const dateOfBirth = extra.dateOfBirth ?? dateBetween(t.rng, '1986-01-01', '2000-12-31');
  const category = extra.category ?? PersonCategory.TEACHER;
  return {
    fullName: t.people.name(gender),
    gender,
    dateOfBirth,
    category,
    educationLevel: category === PersonCategory.TEACHER && t.rng.chance(0.8) ? EducationLevel.UNIVERSITY : EducationLevel.COLLEGE,
    grade: null,
    youthUnionMember: false,
    nationalId: t.people.nationalId(gender, dateOfBirth),
    phone: t.people.phone(),
    ...extra,
  };
}

export function student(t: Tenant, dateOfBirth: string): Person {
  const gender = t.people.gender(0.55);
  return {
    fullName: t.people.name(gender),
    gender,
    dateOfBirth,
    category: PersonCategory.STUDENT,
    educationLevel: EducationLevel.LOWER_SECONDARY,
    grade: 12,
    youthUnionMember: true,
    nationalId: t.people.nationalId(gender, dateOfBirth),
    phone: t.people.phone(),
  };
}

/** A candidate admitted on `admittedOn`: the full path, the ceremony and, after 12 months, official recognition. */
export function admittedPlan(t: Tenant, cell: Cell, person: Person, admittedOn: string): CandidatePlan {
  const dates = pathTo(t.rng, cell, S.ADMITTED, admittedOn);
  const ceremony = onWeekday(addDays(admittedOn, t.rng.int(7, 25)));
  return { cell, person, dates, ceremony, recognition: membership(t.rng, ceremony).recognition };
}

/** The member row of an admitted candidate. */
export function memberOf(plan: CandidatePlan): MemberSeed {
  const { person } = plan;
  return {
    fullName: person.fullName,
    category: person.category,
    gender: person.gender,
    dateOfBirth: person.dateOfBirth,
    admittedOn: plan.ceremony!,
    joinedCellOn: plan.ceremony!,
    officialOn: plan.recognition ? addMonths(plan.ceremony!, PROBATION_MONTHS) : null,
    status: plan.recognition ? MemberStatus.OFFICIAL : MemberStatus.PROBATIONARY,
    nationalId: person.nationalId,
  };
}

export function activePlan(t: Tenant, cells: Cell[], spec: ActiveSpec): CandidatePlan {
  const cell = cellByTag(cells, spec.tag);
  const category = spec.category ?? (spec.born ? PersonCategory.STUDENT : PersonCategory.TEACHER);
  const person = category === PersonCategory.STUDENT ? student(t, spec.born!) : teacher(t, cell, { category, ...(spec.born ? { dateOfBirth: spec.born } : {}) });
  if (spec.stage === S.DROPPED || spec.stage === S.REJECTED) {
    const dates = pathTo(t.rng, cell, spec.after!, onWeekday(addDays(spec.on, -t.rng.int(30, 90))));
    return { cell, person, dates, exit: { stage: spec.stage, on: spec.on, reason: spec.reason! } };
  }
  const stall = spec.stall ? { reason: spec.stall[0], note: spec.stall[1] } : undefined;
  return { cell, person, dates: pathTo(t.rng, cell, spec.stage, spec.on), stall };
}

function vote(rng: Rng, officials: number, pass = true): Record<string, number> {
  const needed = Math.ceil((officials * 2) / 3);
  const present = officials - rng.int(0, Math.min(2, officials - needed));
  const votesFor = pass ? present - rng.int(0, Math.min(1, present - needed)) : needed - rng.int(1, 3);
  return { officialMembers: officials, present, votesFor, votesAgainst: present - votesFor };
}

function stepFacts(t: Tenant, plan: CandidatePlan, stage: S, on: string, mentor: Member | null): Record<string, unknown> {
  const { cell, person } = plan;
  const members = cell.members!;
  const year = on.slice(0, 4);
  const youth = person.youthUnionMember;
  switch (stage) {
    case S.SOURCE:
      return { listedOn: on, proposedBy: youth ? `Ban Chấp hành Đoàn ${cell.schoolName}` : cell.org.name };
    case S.SYMPATHIZER:
      return { resolutionNumber: `${nextNumber(t, `CB${cell.org.id}-${year}`, 0)}-NQ/CB`, resolutionDate: on, mentor: mentor?.fullName ?? null, mentorId: mentor?.id ?? null };
    case S.TRAINED:
      return { certificateNumber: `${nextNumber(t, `GCN-${year}`, 100)}/GCN-TTCT`, issuedOn: on, issuingCentre: t.trainingCentre };
    case S.DOSSIER: {
      // As openDossier records it: complete on the latest document (the background check).
      const applicationDate = addDays(on, -t.rng.int(10, 18));
      const introducers = youth ? [mentor!] : [mentor!, members.secretary];
      return {
        applicationDate,
        biographyDate: addDays(on, -t.rng.int(2, 9)),
        backgroundCheck: { result: 'đạt', date: on },
        introducers: introducers.map((member) => ({ memberId: member.id, name: member.fullName })),
        ...(youth ? { youthUnion: { committeeName: `Ban Chấp hành Đoàn ${cell.schoolName}`, resolutionDate: applicationDate } } : {}),
      };
    }
    case S.CELL_RESOLVED:
      return { resolutionNumber: `${nextNumber(t, `CB${cell.org.id}-${year}`, 0)}-NQ/CB`, ...vote(t.rng, officialMembersOn(members, on)) };
    case S.COMMITTEE_RESOLVED:
      return { resolutionNumber: `${nextNumber(t, `DU${cell.committee!.id}-${year}`, 10)}-NQ/ĐU`, committee: cell.committee!.name };
    case S.ADMITTED:
      return { decisionNumber: `${nextNumber(t, `QD-${year}`, 100)}-${t.decisionSuffix}`, decisionDate: on, signer: t.signer, decidedBy: t.decidedBy };
    default:
      return {};
  }
}

export async function insertPlanned(em: EntityManager, t: Tenant, plan: CandidatePlan): Promise<void> {
  const { cell, person } = plan;
  const members = cell.members!;
  const mentored = plan.dates.some((d) => d.stage === S.SYMPATHIZER);
  const mentor = mentored ? members.mentors[cell.nextMentor++ % members.mentors.length] : null;
  const steps: StageStepSeed[] = plan.dates.map(({ stage, on }) => ({
    stage,
    on,
    facts: { ...stepFacts(t, plan, stage, on, mentor), ...plan.facts?.[stage] },
  }));
  if (plan.ceremony) {
    steps.push({ stage: S.PROBATIONARY, on: plan.ceremony, facts: { ceremonyDate: plan.ceremony, presidedBy: members.secretary.fullName } });
  }
  if (plan.ceremony && plan.recognition) {
    // As recordRecognitionResolution and recordRecognitionDecision record them: official from the end of the probation.
    const { resolvedOn, decidedOn } = plan.recognition;
    const officialOn = addMonths(plan.ceremony, PROBATION_MONTHS);
    // The cell's vote on recognition: every official member present and in favour.
    const officials = officialMembersOn(members, resolvedOn);
    steps.push({ kind: StageEventKind.RECOGNITION_PROPOSED, stage: S.PROBATIONARY, on: resolvedOn, facts: { officialMembers: officials, present: officials, votesFor: officials, votesAgainst: 0 } });
    const year = decidedOn.slice(0, 4);
    steps.push({
      stage: S.OFFICIAL,
      on: decidedOn,
      facts: { officialOn, decisionNumber: `${nextNumber(t, `QD-${year}`, 100)}-${t.decisionSuffix}`, ...plan.facts?.[S.OFFICIAL] },
    });
  }
  if (plan.exit) {
    const facts: Record<string, unknown> = { reason: plan.exit.reason };
    if (plan.exit.stage === S.REJECTED) Object.assign(facts, vote(t.rng, officialMembersOn(members, plan.exit.on), false));
    steps.push({ stage: plan.exit.stage, on: plan.exit.on, facts, note: plan.exit.reason });
  }
  checkSteps(person, steps);
  const last = steps[steps.length - 1].on;
  const stallReasons = plan.stall
    ? [{ reason: plan.stall.reason, note: plan.stall.note, recordedOn: plan.stall.recordedOn ?? minDate(addDays(last, 21), LAST_DAY) }]
    : undefined;
  const candidate = await insertCandidate(em, cell.org, { ...person, mentor, steps, stallReasons });
  if (plan.ceremony) {
    // The ceremony made the candidate a member of the cell (memberOf): linked both ways, as recordCeremony links them.
    const member = await em.findOneByOrFail(MemberEntity, { organizationId: cell.org.id, nationalId: person.nationalId });
    await em.update(MemberEntity, { id: member.id }, { candidateId: candidate.id });
    await em.update(Candidate, { id: candidate.id }, { memberId: member.id });
  }
  t.counts.candidates++;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The demo data obeys the rules it demonstrates: increasing dates before today (the recognition
 * proposed and decided may share a day), 18 at the cell's vote. test/demo-rules.test.ts runs every
 * seeded row through the API's own rule checks.
 */
function checkSteps(person: Person, steps: StageStepSeed[]): void {
  steps.forEach((step, i) => {
    const sameDayAllowed = i > 0 && (step.kind === StageEventKind.RECOGNITION_PROPOSED || steps[i - 1].kind === StageEventKind.RECOGNITION_PROPOSED);
    if (step.on > LAST_DAY || (i > 0 && (step.on < steps[i - 1].on || (step.on === steps[i - 1].on && !sameDayAllowed)))) throw new Error(`Demo data: bad dates for ${person.fullName}`);
    if (step.stage === S.CELL_RESOLVED && fullMonthsBetween(person.dateOfBirth, step.on) < 18 * 12) {
      throw new Error(`Demo data: ${person.fullName} is under 18 at the cell's vote`);
    }
  });
}
