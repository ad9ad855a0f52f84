import { CandidateStage as S, StageEventKind } from '../../domain/enums';
import { addMonths } from '../../common/dates';
import type { WorkingCalendar } from '../../modules/calendar/working-days';
import { addDays, daysBetween } from '../demo/dates';
import { between, type TenantContext } from './context';
import { stagesTo } from '../demo/model';

/**
 * The dated history of one candidate: the steps on the path (SOURCE first), with a decision
 * deadline extension or the cell's recognition proposal where they happened, and the way out.
 * Documents are dated on working days (weekends and the stored public holidays excluded).
 */
export interface TimelineEvent {
  kind: StageEventKind;
  /** The stage the event leads to (for non-step events: the stage the candidate stays at). */
  stage: S;
  on: string;
}

export interface Timeline {
  events: TimelineEvent[];
  stage: S;
  /** The last stage on the path before a way out. */
  reached: S;
  ceremony: string | null;
  probationEndsOn: string | null;
  recognitionOn: string | null;
  officialOn: string | null;
  extended: boolean;
}

/** Days from the stage before to this one. */
const GAP: Partial<Record<S, [number, number]>> = { SYMPATHIZER: [60, 240], TRAINED: [30, 180], DOSSIER: [25, 120], CELL_RESOLVED: [14, 60], COMMITTEE_RESOLVED: [7, 30], ADMITTED: [10, 50] };
/** Without a grassroots committee, the decision follows the cell's resolution a little later. */
const DIRECT_DECISION_GAP: [number, number] = [20, 60];

/** How long ago an active candidate reached the stage they are at, at most (days). */
const ACTIVE_SINCE: Partial<Record<S, number>> = { SOURCE: 720, SYMPATHIZER: 540, TRAINED: 480, DOSSIER: 180, CELL_RESOLVED: 110, COMMITTEE_RESOLVED: 75, ADMITTED: 55, PROBATIONARY: 430 };
/** Grade-12 students move faster and were identified recently. */
const STUDENT_SINCE = 200;

export function onOrBefore(calendar: WorkingCalendar, date: string): string {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

export function onOrAfter(calendar: WorkingCalendar, date: string): string {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/** The steps up to `last` (dated `on`), counted back from it. */
function countBack(ctx: TenantContext, last: S, on: string, needsCommittee: boolean, fast: boolean): TimelineEvent[] {
  const stages = stagesTo(last, needsCommittee);
  const events: TimelineEvent[] = [{ kind: StageEventKind.STEP, stage: last, on }];
  for (let i = stages.length - 1; i > 0; i--) {
    const [min, max] = stages[i] === S.ADMITTED && !needsCommittee ? DIRECT_DECISION_GAP : GAP[stages[i]] ?? [7, 30];
    const gap = fast ? ctx.rng.int(Math.max(7, Math.round(min / 2)), Math.max(7, Math.round(max / 2))) : ctx.rng.int(min, max);
    events.unshift({ kind: StageEventKind.STEP, stage: stages[i - 1], on: onOrBefore(ctx.calendar, addDays(events[0].on, -gap)) });
  }
  return events;
}

function timeline(events: TimelineEvent[], reached: S): Timeline {
  return { events, stage: events[events.length - 1].stage, reached, ceremony: null, probationEndsOn: null, recognitionOn: null, officialOn: null, extended: false };
}

function daysAgo(ctx: TenantContext, max: number): string {
  // Skewed towards recent days: lists are refreshed every school year.
  const days = 1 + Math.floor(Math.pow(ctx.rng.next(), 1.3) * max);
  return onOrBefore(ctx.calendar, addDays(ctx.asOf, -days));
}

/** After the ceremony: probation, then the cell's proposal and the committee's decision. */
function probation(ctx: TenantContext, t: Timeline, ceremony: string, finish: boolean): void {
  const { calendar, rng, asOf } = ctx;
  t.events.push({ kind: StageEventKind.STEP, stage: S.PROBATIONARY, on: ceremony });
  t.ceremony = ceremony;
  t.stage = S.PROBATIONARY;
  t.reached = S.PROBATIONARY;
  const ends = addMonths(ceremony, ctx.rules.probationMonths);
  t.probationEndsOn = ends;
  const room = daysBetween(ends, asOf) - 1;
  if (room < 1 || (!finish && !rng.chance(0.55))) return;
  const recognition = onOrAfter(calendar, addDays(ends, rng.int(0, Math.min(30, room))));
  if (recognition >= asOf) return;
  t.recognitionOn = recognition;
  t.events.push({ kind: StageEventKind.RECOGNITION_PROPOSED, stage: S.PROBATIONARY, on: recognition });
  if (!finish) return;
  const decision = onOrAfter(calendar, addDays(recognition, rng.int(5, 35)));
  t.officialOn = ends;
  t.events.push({ kind: StageEventKind.STEP, stage: S.OFFICIAL, on: decision });
  t.stage = S.OFFICIAL;
  t.reached = S.OFFICIAL;
}

/** A candidate still on the way, at `stage` today. */
export function activeTimeline(ctx: TenantContext, stage: S, needsCommittee: boolean, fast: boolean): Timeline {
  const { rng, calendar, asOf } = ctx;
  const maxDays = fast && stage !== S.PROBATIONARY ? Math.min(STUDENT_SINCE, ACTIVE_SINCE[stage] ?? 365) : ACTIVE_SINCE[stage] ?? 365;
  if (stage === S.PROBATIONARY) {
    const ceremony = daysAgo(ctx, maxDays);
    const decided = onOrBefore(calendar, addDays(ceremony, -rng.int(7, 35)));
    const t = timeline(countBack(ctx, S.ADMITTED, decided, needsCommittee, fast), S.ADMITTED);
    probation(ctx, t, ceremony, false);
    return t;
  }
  const t = timeline(countBack(ctx, stage, daysAgo(ctx, maxDays), needsCommittee, fast), stage);
  const resolution = t.events.find((e) => e.stage === S.CELL_RESOLVED)?.on;
  if ((stage === S.CELL_RESOLVED || stage === S.COMMITTEE_RESOLVED) && resolution && daysBetween(resolution, asOf) > 75 && rng.chance(0.35)) {
    const since = t.events[t.events.length - 1].on;
    const planned = addDays(resolution, rng.int(45, 75));
    const extendedOn = onOrAfter(calendar, planned > since ? planned : addDays(since, 1));
    if (extendedOn < asOf) {
      t.events.push({ kind: StageEventKind.DEADLINE_EXTENDED, stage, on: extendedOn });
      t.extended = true;
    }
  }
  return t;
}

/** Admitted, a year of probation, recognised official: all of it before today. */
export function officialTimeline(ctx: TenantContext, needsCommittee: boolean, fast: boolean): Timeline {
  const { rng, calendar, asOf } = ctx;
  const latest = addDays(addMonths(asOf, -ctx.rules.probationMonths), -130);
  const decided = onOrBefore(calendar, between(rng, '2016-01-04', latest));
  const t = timeline(countBack(ctx, S.ADMITTED, decided, needsCommittee, fast), S.ADMITTED);
  probation(ctx, t, onOrAfter(calendar, addDays(decided, rng.int(7, 35))), true);
  return t;
}

/** Left the way after reaching `after`: dropped, or rejected by the vote or the decision. */
export function exitTimeline(ctx: TenantContext, exit: S.DROPPED | S.REJECTED, after: S, needsCommittee: boolean, fast: boolean): Timeline {
  const { rng, calendar, asOf } = ctx;
  const exitOn = onOrBefore(calendar, between(rng, '2017-01-02', addDays(asOf, -1)));
  const gap = exit === S.DROPPED ? rng.int(20, 300) : rng.int(14, 60);
  const t = timeline(countBack(ctx, after, onOrBefore(calendar, addDays(exitOn, -gap)), needsCommittee, fast), after);
  t.events.push({ kind: StageEventKind.STEP, stage: exit, on: exitOn });
  t.stage = exit;
  return t;
}
