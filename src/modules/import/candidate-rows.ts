/**
 * A candidate's row: its data (the rules of candidate.service), the dates of the steps it gives,
 * the history they make for a new candidate, and the minimum age at the cell's vote. Every
 * broken rule is a problem of the row, naming its column; a rule that needs a refused cell is
 * left out.
 */
import { todayInVietnam } from '../../common/dates';
import type { RulesConfig } from '../../config';
import { CandidateStage, PersonCategory } from '../../domain/enums';
import { ageChecks, Rule } from '../candidate/path/rules';
import { STEP_DATE_COLUMNS, type ColumnSpec } from './columns';
import type { Problem } from './read';
import { headerOf, type Parsed } from './rows';

const EARLIEST_BIRTH = '1940-01-01';

/** The stages a candidate reaches only once the cell voted: the minimum age held on that day. */
const VOTED_STAGES: readonly string[] = [
  CandidateStage.CELL_RESOLVED,
  CandidateStage.COMMITTEE_RESOLVED,
  CandidateStage.ADMITTED,
  CandidateStage.PROBATIONARY,
  CandidateStage.OFFICIAL,
  CandidateStage.REJECTED,
  CandidateStage.PROBATION_NOT_RECOGNIZED,
];

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

/** The rules of candidate.service (assertCandidateData), of the stage date and (from CELL_RESOLVED on) of the minimum age; a refused cell's rules are left out. */
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
  } else if (p.stage && VOTED_STAGES.includes(String(p.stage)) && p.dateOfBirth && p.stageOn && String(p.dateOfBirth) <= String(p.stageOn)) {
    // The age held on the cell's vote: its date when the row gives it, else the stage date.
    const votedOn = String(p.cellResolvedOn ?? p.stageOn);
    const tooYoung = ageChecks(rules, String(p.dateOfBirth), votedOn, false).find((check) => check.rule === Rule.MIN_AGE);
    if (tooYoung) problems.push({ row, column: headerOf(columns, 'dateOfBirth'), reason: `age rule broken: ${tooYoung.message}` });
  }
  return problems.length === before;
}
