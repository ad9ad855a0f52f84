/**
 * A candidate's row: its data (the rules of candidate.service), the dates of the steps it gives,
 * the history they make for a new candidate, and the Charter's rules over that history
 * (candidate/charter-checks.ts historyChecks, the rules the path's steps check). Every broken rule
 * is a problem of the row, naming its column; a rule that needs a refused cell is left out.
 */
import { todayInVietnam } from '../../common/dates';
import type { RulesConfig } from '../../config';
import { CandidateStage, PersonCategory, type EducationLevel } from '../../domain/enums';
import { historyChecks, type HistoryBreach } from '../candidate/charter-checks';
import { STEP_DATE_COLUMNS, type ColumnSpec } from './columns';
import type { Problem } from './read';
import { headerOf, ruleReason, type Parsed } from './rows';

const EARLIEST_BIRTH = '1940-01-01';

/** The last stage on the path whose date a row at `stage` may give (the ways out reach only so far). */
const REACH: Partial<Record<string, CandidateStage>> = {
  [CandidateStage.DROPPED]: CandidateStage.PROBATIONARY,
  [CandidateStage.REJECTED]: CandidateStage.COMMITTEE_RESOLVED,
  [CandidateStage.PROBATION_NOT_RECOGNIZED]: CandidateStage.PROBATIONARY,
};
const PATH_ORDER: readonly string[] = [CandidateStage.SOURCE, ...STEP_DATE_COLUMNS.map((c) => c.stage)];

/** The step dates given by a row, in path order. */
function givenStepDates(p: Parsed): { stage: CandidateStage; key: string; on: string }[] {
  return STEP_DATE_COLUMNS.filter((c) => p[c.key] !== null && p[c.key] !== undefined).map((c) => ({ ...c, on: String(p[c.key]) }));
}

/**
 * The step dates of a row: none beyond its stage, the current stage's agreeing with "Ngày đạt
 * giai đoạn" (which it fills when empty), none going backwards along the path (nor before birth).
 */
function stepDateRules(row: number, p: Parsed, failed: Set<string>, columns: ColumnSpec[], problems: Problem[]): void {
  const given = givenStepDates(p);
  if (given.length === 0) return;
  const stage = String(p.stage ?? CandidateStage.SOURCE);
  const current = given.find((step) => step.stage === stage);
  let fine = !failed.has('stage');
  if (fine) {
    const reach = PATH_ORDER.includes(stage) ? stage : (REACH[stage] ?? CandidateStage.SOURCE);
    const reachIndex = PATH_ORDER.indexOf(reach);
    for (const step of given) {
      if (PATH_ORDER.indexOf(step.stage) > reachIndex) {
        problems.push({ row, column: headerOf(columns, step.key), reason: `a date for ${step.stage}, beyond the row's stage ${stage}` });
        fine = false;
      }
    }
  }
  if (current && p.stageOn && current.on !== String(p.stageOn)) {
    problems.push({ row, column: headerOf(columns, current.key), reason: `disagrees with ${headerOf(columns, 'stageOn')} (${String(p.stageOn)})` });
    fine = false;
  }
  if (current && !p.stageOn && !failed.has('stageOn')) p.stageOn = current.on;
  if (!fine) return;
  // In path order, then the stage date of a way out (or of a current stage without its column).
  const sequence: { key: string; on: string }[] = given.map((step) => ({ key: step.key, on: step.on }));
  if (!current && p.stageOn) sequence.push({ key: 'stageOn', on: String(p.stageOn) });
  if (p.dateOfBirth && sequence[0].on < String(p.dateOfBirth)) {
    problems.push({ row, column: headerOf(columns, sequence[0].key), reason: 'cannot be before the date of birth' });
  }
  for (let i = 1; i < sequence.length; i++) {
    if (sequence[i].on < sequence[i - 1].on) {
      problems.push({ row, column: headerOf(columns, sequence[i].key), reason: `dates go backwards: cannot be before ${headerOf(columns, sequence[i - 1].key)} (${sequence[i - 1].on})` });
    }
  }
}

/**
 * A new candidate's history: SOURCE (on the earliest date given, else the stage date), every stage
 * up to the current one with a date, in path order, then the current stage on its date.
 */
export function candidateSteps(p: Parsed, today: string): { stage: CandidateStage; on: string }[] {
  const stage = (p.stage as CandidateStage | null) ?? CandidateStage.SOURCE;
  const on = (p.stageOn as string | null) ?? today;
  if (stage === CandidateStage.SOURCE) return [{ stage, on }];
  const given = givenStepDates(p).filter((step) => step.stage !== stage);
  const steps = [{ stage: CandidateStage.SOURCE, on: given[0]?.on ?? on }, ...given.map((step) => ({ stage: step.stage, on: step.on })), { stage, on }];
  return steps;
}

/** The furthest stage of the path a row went through: its stage, or for a way out the furthest step it dates (at least the step it leaves from). */
function reachedStage(p: Parsed): CandidateStage {
  const stage = (p.stage as CandidateStage | null) ?? CandidateStage.SOURCE;
  if (PATH_ORDER.includes(stage)) return stage;
  const leftFrom = stage === CandidateStage.REJECTED ? CandidateStage.DOSSIER : stage === CandidateStage.PROBATION_NOT_RECOGNIZED ? CandidateStage.PROBATIONARY : CandidateStage.SOURCE;
  const dated = givenStepDates(p).map((step) => step.stage);
  return [leftFrom, ...dated].reduce((furthest, next) => (PATH_ORDER.indexOf(next) > PATH_ORDER.indexOf(furthest) ? next : furthest));
}

/**
 * The Charter's rules over the history a row gives (its stage, its step dates, its stage date),
 * each broken one a problem: on the birth date (age at the cell's vote), the education, or the
 * date of the step that breaks it (the certificate at the dossier or the vote, the recognition
 * before 12 months of probation). In Vietnamese, then English.
 */
function charterRules(row: number, p: Parsed, columns: ColumnSpec[], problems: Problem[], rules: RulesConfig): void {
  const stage = (p.stage as CandidateStage | null) ?? CandidateStage.SOURCE;
  const on: Partial<Record<CandidateStage, string>> = Object.fromEntries(givenStepDates(p).map((step) => [step.stage, step.on]));
  if (PATH_ORDER.includes(stage) && p.stageOn) on[stage] = String(p.stageOn);
  const breaches = historyChecks(rules, {
    dateOfBirth: (p.dateOfBirth as string | null) ?? null,
    educationLevel: (p.educationLevel as EducationLevel | null) ?? null,
    reached: reachedStage(p),
    on,
    endsOn: String(p.stageOn ?? todayInVietnam()),
  });
  const columnOf = (about: HistoryBreach['about']): string => {
    if (about === 'dateOfBirth' || about === 'educationLevel') return about;
    const key = STEP_DATE_COLUMNS.find((column) => column.stage === about)?.key;
    return key && p[key] !== null && p[key] !== undefined ? key : 'stageOn';
  };
  for (const { check, about } of breaches) problems.push({ row, column: headerOf(columns, columnOf(about)), reason: ruleReason(check) });
}

/** The rules of candidate.service (assertCandidateData), of the stage and step dates, and the Charter's over the history; a refused cell's rules are left out. */
export function candidateRules(row: number, p: Parsed, failed: Set<string>, columns: ColumnSpec[], problems: Problem[], rules: RulesConfig): boolean {
  const before = problems.length;
  stepDateRules(row, p, failed, columns, problems);
  const datesFine = problems.length === before;
  if (p.dateOfBirth && String(p.dateOfBirth) < EARLIEST_BIRTH) problems.push({ row, column: headerOf(columns, 'dateOfBirth'), reason: `born before ${EARLIEST_BIRTH}` });
  if (p.grade !== null && p.grade !== undefined && p.category !== PersonCategory.STUDENT && !failed.has('category')) {
    problems.push({ row, column: headerOf(columns, 'grade'), reason: 'only students have a grade' });
  }
  const stageOn = p.stageOn ?? todayInVietnam();
  if (datesFine && p.dateOfBirth && String(p.dateOfBirth) > String(stageOn)) problems.push({ row, column: headerOf(columns, 'stageOn'), reason: 'cannot be before the date of birth' });
  if (p.stage && p.stage !== CandidateStage.SOURCE && !p.stageOn) {
    if (!failed.has('stageOn')) problems.push({ row, column: headerOf(columns, 'stageOn'), reason: 'required for a stage after SOURCE' });
  } else if (datesFine && p.stage && !(p.dateOfBirth && String(p.dateOfBirth) > String(stageOn))) {
    charterRules(row, p, columns, problems, rules);
  }
  return problems.length === before;
}
