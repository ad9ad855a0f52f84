import { CandidateStage as S, EducationLevel, Gender, MemberStatus, PersonCategory, SchoolLevel, StageEventKind, StallReason } from '../../domain/enums';
import { CandidateStageEvent } from '../../modules/candidate/candidate.entity';
import { computeDeadline } from '../../modules/candidate/path/path-state';
import { ageChecks, cellVoteCheck } from '../../modules/candidate/path/rules';
import { addMonths, fullMonthsBetween } from '../../common/dates';
import { addDays, addYears, daysBetween } from '../demo/dates';
import type { Person } from '../demo/people';
import { between, nextNumber, type TenantContext } from './context';
import { FEMALE_SHARE, officialCountOn, pushMember, type CellRoster, type MemberRef } from './members';
import { activeTimeline, exitTimeline, officialTimeline, type Timeline } from './timeline';
import { exitReason, stallFor, underAgeStall, type StallPlan } from './stall';
import type { CellInfo } from './tree';

/**
 * The candidates of one cell: who they are, their dated history with the facts each step
 * records (as the API records them), their mentor, stall reasons, the member row the ceremony
 * created, and the stored deadline computed the way the API computes it.
 */
interface Plan {
  id: number;
  person: Person;
  timeline: Timeline;
  memberId: number | null;
  stalls: StallPlan[];
  exit: { reason: StallReason | null; text: string } | null;
}

type Kind = 'STAFF' | 'GRADE12' | 'UNIVERSITY';

const WAITING: readonly S[] = [S.CELL_RESOLVED, S.COMMITTEE_RESOLVED, S.ADMITTED, S.PROBATIONARY];
const BEFORE_VOTE: readonly S[] = [S.SOURCE, S.SYMPATHIZER, S.TRAINED, S.DOSSIER];

/** Students are few (seed 003: Hà Nội admitted 17 in five years; seed 004's plan asks one per THPT a year). */
function kindFor(ctx: TenantContext, level: SchoolLevel): Kind {
  if (level === SchoolLevel.UPPER_SECONDARY && ctx.rng.chance(0.15)) return 'GRADE12';
  if (level === SchoolLevel.HIGHER && ctx.rng.chance(0.35)) return 'UNIVERSITY';
  return 'STAFF';
}

function timelineFor(ctx: TenantContext, cell: CellInfo, outcome: S, fast: boolean): Timeline {
  const committee = cell.needsCommittee;
  if (outcome === S.OFFICIAL) return officialTimeline(ctx, committee, fast);
  if (outcome === S.DROPPED) {
    const after = ctx.rng.weighted<S>([[S.SOURCE, 35], [S.SYMPATHIZER, 30], [S.TRAINED, 18], [S.DOSSIER, 10], [S.CELL_RESOLVED, 4], [committee ? S.COMMITTEE_RESOLVED : S.CELL_RESOLVED, 3]]);
    return exitTimeline(ctx, S.DROPPED, after, committee, fast);
  }
  if (outcome === S.REJECTED) {
    const after = ctx.rng.weighted<S>([[S.DOSSIER, 60], [S.CELL_RESOLVED, 25], [committee ? S.COMMITTEE_RESOLVED : S.CELL_RESOLVED, 15]]);
    return exitTimeline(ctx, S.REJECTED, after, committee, fast);
  }
  return activeTimeline(ctx, outcome, committee, fast);
}

/** Who the candidate is, fitting the dates: 18 by the cell's vote, grade-12 pupils of the right year. */
function personFor(ctx: TenantContext, cell: CellInfo, kind: Kind, t: Timeline, olderThan55: boolean): Person {
  const { rng, people, rules, asOf } = ctx;
  const level = cell.school.level;
  const sourceOn = t.events[0].on;
  const vote = t.events.find((e) => e.stage === S.CELL_RESOLVED)?.on;
  let category: PersonCategory = PersonCategory.TEACHER;
  let dateOfBirth: string;
  let educationLevel: EducationLevel;
  let gender: Gender;
  if (kind === 'GRADE12') {
    category = PersonCategory.STUDENT;
    gender = people.gender(0.55);
    if (vote) {
      dateOfBirth = between(rng, addMonths(vote, -(rules.minAgeMonths + 11)), addDays(addMonths(vote, -rules.minAgeMonths), -7));
    } else {
      // Grade 12 in the school year of the last step: born 17 years before it began.
      const last = t.events[t.events.length - 1].on;
      const schoolYear = Number(last.slice(0, 4)) - (Number(last.slice(5, 7)) >= 9 ? 0 : 1);
      dateOfBirth = between(rng, `${schoolYear - 17}-01-01`, `${schoolYear - 17}-12-31`);
    }
    educationLevel = EducationLevel.LOWER_SECONDARY;
  } else if (kind === 'UNIVERSITY') {
    category = PersonCategory.STUDENT;
    gender = people.gender(0.55);
    dateOfBirth = addDays(addYears(sourceOn, -rng.int(18, 21)), -rng.int(0, 364));
    educationLevel = EducationLevel.UPPER_SECONDARY;
  } else {
    const roll = rng.next();
    category = roll < 0.05 ? PersonCategory.MANAGER : roll < 0.14 ? PersonCategory.STAFF : PersonCategory.TEACHER;
    gender = people.gender(FEMALE_SHARE[level]);
    dateOfBirth = olderThan55
      ? addDays(addYears(asOf, -rng.int(55, 58)), -rng.int(0, 300))
      : addDays(addYears(sourceOn, -(category === PersonCategory.MANAGER ? rng.int(30, 48) : rng.int(22, 46))), -rng.int(0, 364));
    const education = rng.next();
    if (category === PersonCategory.STAFF) educationLevel = education < 0.4 ? EducationLevel.COLLEGE : education < 0.75 ? EducationLevel.VOCATIONAL : EducationLevel.UPPER_SECONDARY;
    else if (category === PersonCategory.MANAGER) educationLevel = education < 0.7 ? EducationLevel.UNIVERSITY : EducationLevel.POSTGRADUATE;
    else if (level === SchoolLevel.PRESCHOOL && education < 0.45) educationLevel = EducationLevel.COLLEGE;
    else educationLevel = education < 0.9 ? EducationLevel.UNIVERSITY : EducationLevel.POSTGRADUATE;
  }
  const student = category === PersonCategory.STUDENT;
  const youthUnionMember = student || (fullMonthsBetween(dateOfBirth, asOf) <= rules.youthMaxAgeMonths && rng.chance(0.75));
  return {
    fullName: people.name(gender),
    gender,
    dateOfBirth,
    category,
    educationLevel,
    grade: kind === 'GRADE12' ? 12 : null,
    youthUnionMember,
    nationalId: people.nationalId(gender, dateOfBirth),
    phone: people.phone(),
  };
}

/** The generator keeps the rules it feeds the API with: increasing dates before today, the age at the vote. */
function check(ctx: TenantContext, plan: Plan, outcome: S): void {
  const { events } = plan.timeline;
  events.forEach((event, i) => {
    if (event.on >= ctx.asOf || (i > 0 && event.on <= events[i - 1].on)) throw new Error(`Scale data: bad dates for candidate ${plan.id} (${JSON.stringify(events)})`);
    if (event.stage === S.CELL_RESOLVED && event.kind === StageEventKind.STEP && ageChecks(ctx.rules, plan.person.dateOfBirth, event.on, false).length > 0) {
      throw new Error(`Scale data: candidate ${plan.id} born ${plan.person.dateOfBirth} is not of age at the vote of ${event.on}`);
    }
  });
  if (plan.timeline.stage !== outcome) throw new Error(`Scale data: candidate ${plan.id} ends at ${plan.timeline.stage}, planned ${outcome}`);
}

function vote(ctx: TenantContext, officialMembers: number, pass: boolean) {
  const { rng, rules } = ctx;
  const needed = Math.ceil((officialMembers * rules.cellVoteNumerator) / rules.cellVoteDenominator);
  const present = officialMembers - rng.int(0, Math.min(2, officialMembers - needed));
  const votesFor = pass ? present - rng.int(0, Math.min(1, present - needed)) : Math.max(0, Math.min(present, needed - rng.int(1, 3)));
  const result = { officialMembers, present, votesFor, votesAgainst: present - votesFor };
  if ((cellVoteCheck(rules, result) === null) !== pass) throw new Error(`Scale data: vote ${JSON.stringify(result)} should ${pass ? 'pass' : 'fail'}`);
  return result;
}

function recordedAt(on: string, id: number): string {
  return `${on} ${String(8 + (id % 9)).padStart(2, '0')}:${String((id * 7) % 60).padStart(2, '0')}:00`;
}

/** Plans and writes the candidates of a cell; the roster gains the members their ceremonies made. */
export function planCandidates(ctx: TenantContext, cell: CellInfo, roster: CellRoster): number {
  const level = cell.school.level;
  const drafts = [...cell.active, ...cell.finished].map((outcome) => {
    const kind = kindFor(ctx, level);
    const fast = kind === 'GRADE12';
    const stall = stallFor(ctx, outcome, kind === 'STAFF');
    const timeline = timelineFor(ctx, cell, outcome, fast);
    const person = personFor(ctx, cell, kind, timeline, stall.some((s) => s.reason === StallReason.NEAR_RETIREMENT));
    const eligibleFrom = addMonths(person.dateOfBirth, ctx.rules.minAgeMonths);
    if (kind === 'GRADE12' && BEFORE_VOTE.includes(outcome) && eligibleFrom > ctx.asOf && stall.length === 0 && ctx.rng.chance(0.5)) stall.push(underAgeStall(eligibleFrom));
    return { outcome, kind, stall, timeline, person };
  });
  // Ids in the order the candidates were first listed.
  drafts.sort((a, b) => (a.timeline.events[0].on < b.timeline.events[0].on ? -1 : a.timeline.events[0].on > b.timeline.events[0].on ? 1 : 0));
  const plans: Plan[] = drafts.map((draft) => {
    const plan: Plan = { id: ctx.ids.take('candidate'), person: draft.person, timeline: draft.timeline, memberId: null, stalls: [], exit: null };
    check(ctx, plan, draft.outcome);
    const t = draft.timeline;
    if (t.ceremony) {
      plan.memberId = ctx.ids.take('member');
      const official = t.stage === S.OFFICIAL;
      pushMember(ctx, cell, plan.memberId, {
        ...draft.person, status: official ? MemberStatus.OFFICIAL : MemberStatus.PROBATIONARY, admittedOn: t.ceremony,
        officialOn: official ? t.officialOn : null, joinedCellOn: t.ceremony, candidateId: plan.id,
      });
      if (official && t.officialOn) roster.officialDates.push(t.officialOn);
    }
    if (draft.outcome === S.DROPPED || draft.outcome === S.REJECTED) {
      plan.exit = exitReason(ctx, draft.outcome, t.reached, draft.kind !== 'STAFF', cell.needsCommittee);
      const lastStep = t.events[t.events.length - 2].on;
      const exitOn = t.events[t.events.length - 1].on;
      if (plan.exit.reason && ctx.rng.chance(0.5)) plan.stalls.push({ reason: plan.exit.reason, note: plan.exit.text, recordedOn: between(ctx.rng, addDays(lastStep, 1), addDays(exitOn, -1)) });
    } else {
      const since = t.events.filter((e) => e.kind === StageEventKind.STEP).pop()?.on ?? t.events[0].on;
      const latest = addDays(ctx.asOf, -1);
      for (const s of draft.stall) plan.stalls.push({ ...s, recordedOn: between(ctx.rng, since, addDays(since, 200) < latest ? addDays(since, 200) : latest) });
    }
    return plan;
  });
  roster.officialDates.sort();
  for (const plan of plans) writeCandidate(ctx, cell, roster, plan);
  return plans.length;
}

function writeCandidate(ctx: TenantContext, cell: CellInfo, roster: CellRoster, plan: Plan): void {
  const { rng, spec, tenantId } = ctx;
  const { person, timeline: t } = plan;
  const reachedSympathizer = t.events.some((e) => e.stage === S.SYMPATHIZER);
  let mentor: MemberRef | null = null;
  if (reachedSympathizer) mentor = roster.mentors[roster.nextMentor++ % roster.mentors.length];
  const trained = t.events.find((e) => e.stage === S.TRAINED);
  const certificate = trained ? `${nextNumber(ctx, `GCN-${trained.on.slice(0, 4)}`, 100)}/GCN-${spec.code}` : null;

  let fromStage: S | null = null;
  let current: S = S.SOURCE;
  const entities: CandidateStageEvent[] = [];
  let lastRecorded = '';
  for (const event of t.events) {
    const id = ctx.ids.take('candidate_stage_event');
    const step = event.kind === StageEventKind.STEP;
    const facts = factsFor(ctx, cell, roster, plan, event, { mentor, certificate, previous: current });
    const note = step && (event.stage === S.DROPPED || event.stage === S.REJECTED) ? plan.exit?.text ?? null : null;
    lastRecorded = recordedAt(event.on, id);
    ctx.rows.push('candidate_stage_event', [
      id, plan.id, tenantId, cell.org.id, event.kind, step ? fromStage : current, step ? event.stage : current, event.on, lastRecorded,
      null, facts ? JSON.stringify(facts) : null, note, null, 0,
    ]);
    entities.push(Object.assign(new CandidateStageEvent(), { id, kind: event.kind, toStage: step ? event.stage : current, occurredOn: event.on, corrected: false }));
    if (step) {
      fromStage = event.stage;
      current = event.stage;
    }
  }
  const lastStep = t.events.filter((e) => e.kind === StageEventKind.STEP).pop() ?? t.events[0];
  const deadline = WAITING.includes(t.stage)
    ? computeDeadline({ stage: t.stage, decisionExtended: t.extended, probationEndsOn: t.probationEndsOn, recognitionResolvedOn: t.recognitionOn }, entities, ctx.calendar, ctx.rules)
    : null;
  const keys = ctx.keys.get(person.fullName);
  const place = cell.school.commune ? `${capitalize(cell.school.commune.label)}, ` : '';
  ctx.rows.push('candidate', [
    plan.id, tenantId, cell.org.id, person.fullName, keys.searchName, keys.sortName, person.dateOfBirth, person.gender, person.category,
    person.grade, t.stage, lastStep.on, mentor?.id ?? null, person.youthUnionMember ? 1 : 0, person.educationLevel, person.nationalId,
    person.phone, null, `Số ${rng.int(1, 250)}, ${place}${spec.locality}`, null,
    certificate, trained?.on ?? null, trained ? spec.trainingCentre : null, deadline?.kind ?? null, deadline?.dueOn ?? null,
    t.extended ? 1 : 0, t.probationEndsOn, t.recognitionOn, plan.memberId, recordedAt(t.events[0].on, plan.id), lastRecorded, 1,
  ]);
  for (const stall of plan.stalls) {
    ctx.rows.push('candidate_stall_reason', [ctx.ids.take('candidate_stall_reason'), plan.id, stall.reason, stall.note, stall.recordedOn]);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

interface FactContext {
  mentor: MemberRef | null;
  certificate: string | null;
  previous: S;
}

function factsFor(ctx: TenantContext, cell: CellInfo, roster: CellRoster, plan: Plan, event: { kind: StageEventKind; stage: S; on: string }, f: FactContext): Record<string, unknown> | null {
  const { rng, rules, spec } = ctx;
  const year = event.on.slice(0, 4);
  const t = plan.timeline;
  if (event.kind === StageEventKind.DEADLINE_EXTENDED) {
    return { reason: 'Chờ kết quả thẩm tra lý lịch bổ sung', workingDays: rules.decisionExtensionWorkingDays };
  }
  if (event.kind === StageEventKind.RECOGNITION_PROPOSED) return vote(ctx, officialCountOn(roster, event.on), true);
  switch (event.stage) {
    case S.SOURCE:
      return null;
    case S.SYMPATHIZER:
      return { resolutionDate: event.on, mentor: f.mentor?.fullName ?? null, mentorId: f.mentor?.id ?? null };
    case S.TRAINED:
      return { certificateNumber: f.certificate, certificateDate: event.on, issuingCentre: spec.trainingCentre };
    case S.DOSSIER: {
      const trainedOn = t.events.find((e) => e.stage === S.TRAINED)?.on ?? event.on;
      const room = Math.max(1, daysBetween(trainedOn, event.on));
      const youth = plan.person.youthUnionMember && fullMonthsBetween(plan.person.dateOfBirth, event.on) <= rules.youthMaxAgeMonths && (plan.person.category === PersonCategory.STUDENT || rng.chance(0.4));
      const mentor = f.mentor ?? roster.mentors[0];
      const second = mentor.id === roster.secretary.id ? roster.mentors.find((m) => m.id !== mentor.id) ?? roster.secretary : roster.secretary;
      const introducers = youth ? [mentor] : [mentor, second];
      return {
        applicationDate: addDays(event.on, -rng.int(1, Math.min(20, room))),
        biographyDate: addDays(event.on, -rng.int(0, Math.min(10, room))),
        backgroundCheck: { result: 'Đạt', date: event.on },
        introducers: introducers.map((m) => ({ memberId: m.id, name: m.fullName })),
        ...(youth ? { youthUnion: { committeeName: `Ban Chấp hành Đoàn ${cell.school.name}`, resolutionDate: addDays(event.on, -rng.int(1, Math.min(15, room))) } } : {}),
      };
    }
    case S.CELL_RESOLVED:
      return vote(ctx, officialCountOn(roster, event.on), true);
    case S.COMMITTEE_RESOLVED:
      return { resolutionNumber: `${nextNumber(ctx, `DU${cell.org.parent?.id ?? 0}-${year}`, 10)}-NQ/ĐU` };
    case S.ADMITTED:
      return { decisionNumber: `${nextNumber(ctx, `QD-${year}`, 100)}-QĐ/TU`, signer: ctx.signer, decidingOrganizationId: ctx.tenantId };
    case S.PROBATIONARY:
      return { ceremonyDate: event.on, memberId: plan.memberId, probationEndsOn: t.probationEndsOn };
    case S.OFFICIAL:
      return { decisionNumber: `${nextNumber(ctx, `QD-${year}`, 100)}-QĐ/TU`, officialOn: t.officialOn };
    case S.DROPPED:
    case S.REJECTED: {
      const facts: Record<string, unknown> = { reason: plan.exit?.reason ?? null, reasonText: plan.exit?.text ?? '' };
      if (event.stage === S.REJECTED && f.previous === S.DOSSIER) Object.assign(facts, vote(ctx, officialCountOn(roster, event.on), false));
      return facts;
    }
    default:
      return null;
  }
}
