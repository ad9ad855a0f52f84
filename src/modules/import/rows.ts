import { normalizeText, textProblem } from '../../common/text';
import { todayInVietnam } from '../../common/dates';
import { nationalIdProblem } from '../../common/national-id';
import { CandidateStage, MemberStatus, PersonCategory } from '../../domain/enums';
import { CODE, PHONE, STEP_DATE_COLUMNS, parseBool, parseDateCell, parseEnum, type ColumnSpec } from './columns';
import type { Problem, RawRow } from './read';
import type { RulesConfig } from '../../config';
import { ageChecks, Rule } from '../candidate/path/rules';

/** A row's cells turned into typed values (null when empty or unreadable), with the problems found on the way. */
export type Parsed = Record<string, string | number | boolean | null>;

export interface ParsedRow {
  p: Parsed;
  /** The columns whose cell was refused (their value is null): the rules between columns leave them out. */
  failed: Set<string>;
}

/** A national ID cell: separators (spaces, dots) dropped, then exactly 12 or 9 digits, never padded. */
function nationalIdCell(text: string, isNumber: boolean): { id: string } | { problem: string } {
  const id = text.replace(/[\s.]/g, '');
  const problem = nationalIdProblem(id);
  if (!problem) return { id };
  if (/^[0-9]+$/.test(id) && (isNumber || [8, 10, 11].includes(id.length))) {
    // A spreadsheet number drops the leading zeros of a CCCD (every one opens with a province code 0xx).
    return { problem: `${problem}; a cell stored as a number loses its leading zeros: format the column as Text (the template does) and type the ID again` };
  }
  return { problem };
}

/** Every cell of the row is read; each refused one is a problem (all of them, not the first only). */
export function parseRow(raw: RawRow, columns: ColumnSpec[], problems: Problem[]): ParsedRow {
  const parsed: Parsed = {};
  const failed = new Set<string>();
  const reject = (column: ColumnSpec, reason: string) => {
    problems.push({ row: raw.row, column: column.header, reason });
    failed.add(column.key);
    parsed[column.key] = null;
  };
  for (const column of columns) {
    parsed[column.key] = null;
    const error = raw.errors?.get(column.key);
    if (error !== undefined) {
      reject(column, `the cell holds a spreadsheet error (${error}): fix the formula or type the value`);
      continue;
    }
    // Every cell is a one-line text: no control, bidirectional or invisible characters, no line break.
    const unsafe = textProblem(raw.values[column.key] ?? '', 'line');
    if (unsafe) {
      reject(column, `the text ${unsafe}`);
      continue;
    }
    const text = normalizeText(raw.values[column.key] ?? '');
    if (text === '') {
      if (column.required) reject(column, 'required');
      continue;
    }
    switch (column.type) {
      case 'text':
        parsed[column.key] = text;
        break;
      case 'code':
        if (!CODE.test(text)) reject(column, `not a code (letters A-Z, digits, ".", "_" and "-", at most 64): ${text}`);
        else parsed[column.key] = text;
        break;
      case 'date': {
        const date = parseDateCell(text);
        if ('problem' in date) reject(column, date.problem);
        else if (date.date > todayInVietnam()) reject(column, 'date in the future');
        else parsed[column.key] = date.date;
        break;
      }
      case 'enum': {
        const code = parseEnum(text, column.labels ?? {});
        if (!code) reject(column, `unknown value: ${text}`);
        else parsed[column.key] = code;
        break;
      }
      case 'bool': {
        const value = parseBool(text);
        if (value === null) reject(column, `unknown value: ${text} (Có / Không)`);
        else parsed[column.key] = value;
        break;
      }
      case 'int': {
        if (!/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 12) reject(column, `not a grade from 1 to 12: ${text}`);
        else parsed[column.key] = Number(text);
        break;
      }
      case 'count': {
        if (!/^\d{1,7}$/.test(text)) reject(column, `not a whole number: ${text}`);
        else parsed[column.key] = Number(text);
        break;
      }
      case 'year': {
        // 2025 or the school year as written, 2025-2026.
        const year = /^(\d{4})(?:\s*[-/]\s*(\d{4}))?$/.exec(text);
        if (!year || Number(year[1]) < 1945 || Number(year[1]) > 2100 || (year[2] && Number(year[2]) !== Number(year[1]) + 1)) reject(column, `not a school year (2025 or 2025-2026): ${text}`);
        else parsed[column.key] = Number(year[1]);
        break;
      }
      case 'nationalId': {
        const id = nationalIdCell(text, raw.numbers?.has(column.key) ?? false);
        if ('problem' in id) reject(column, id.problem);
        else parsed[column.key] = id.id;
        break;
      }
    }
  }
  const phone = columns.find((c) => c.key === 'phone');
  if (phone && parsed.phone !== undefined && parsed.phone !== null && !PHONE.test(String(parsed.phone))) reject(phone, 'invalid phone number');
  return { p: parsed, failed };
}

const header = (columns: ColumnSpec[], key: string) => columns.find((c) => c.key === key)?.header ?? key;

/** The rules of member.service (assertMemberDates), as problems of the row. */
export function memberRules(row: number, p: Parsed, columns: ColumnSpec[], problems: Problem[]): boolean {
  const before = problems.length;
  const order: [string, string][] = [
    ['dateOfBirth', 'admittedOn'],
    ['admittedOn', 'officialOn'],
  ];
  for (const [earlier, later] of order) {
    if (p[earlier] && p[later] && String(p[earlier]) > String(p[later])) {
      problems.push({ row, column: header(columns, later), reason: `cannot be before ${header(columns, earlier)}` });
    }
  }
  if ((p.status ?? MemberStatus.OFFICIAL) === MemberStatus.PROBATIONARY && p.officialOn) {
    problems.push({ row, column: header(columns, 'officialOn'), reason: 'a probationary member has no official date yet' });
  }
  return problems.length === before;
}

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
        problems.push({ row, column: header(columns, step.key), reason: `a date for ${step.stage}, beyond the row's stage ${stage}` });
        fine = false;
      }
    }
  }
  if (current && p.stageOn && current.on !== String(p.stageOn)) {
    problems.push({ row, column: header(columns, current.key), reason: `disagrees with ${header(columns, 'stageOn')} (${String(p.stageOn)})` });
    fine = false;
  }
  if (current && !p.stageOn && !failed.has('stageOn')) p.stageOn = current.on;
  if (!fine) return;
  // In path order, then the stage date of a way out (or of a current stage without its column).
  const sequence: { key: string; on: string }[] = given.map((step) => ({ key: step.key, on: step.on }));
  if (!current && p.stageOn) sequence.push({ key: 'stageOn', on: String(p.stageOn) });
  if (p.dateOfBirth && sequence[0].on < String(p.dateOfBirth)) {
    problems.push({ row, column: header(columns, sequence[0].key), reason: 'cannot be before the date of birth' });
  }
  for (let i = 1; i < sequence.length; i++) {
    if (sequence[i].on < sequence[i - 1].on) {
      problems.push({ row, column: header(columns, sequence[i].key), reason: `dates go backwards: cannot be before ${header(columns, sequence[i - 1].key)} (${sequence[i - 1].on})` });
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
export function candidateRules(row: number, p: Parsed, failed: Set<string>, columns: ColumnSpec[], problems: Problem[], rules?: RulesConfig): boolean {
  const before = problems.length;
  stepDateRules(row, p, failed, columns, problems);
  const datesFine = problems.length === before;
  if (p.dateOfBirth && String(p.dateOfBirth) < EARLIEST_BIRTH) problems.push({ row, column: header(columns, 'dateOfBirth'), reason: `born before ${EARLIEST_BIRTH}` });
  if (p.grade !== null && p.grade !== undefined && p.category !== PersonCategory.STUDENT && !failed.has('category')) {
    problems.push({ row, column: header(columns, 'grade'), reason: 'only students have a grade' });
  }
  const stageOn = p.stageOn ?? todayInVietnam();
  if (datesFine && p.dateOfBirth && String(p.dateOfBirth) > String(stageOn)) problems.push({ row, column: header(columns, 'stageOn'), reason: 'cannot be before the date of birth' });
  if (p.stage && p.stage !== CandidateStage.SOURCE && !p.stageOn) {
    if (!failed.has('stageOn')) problems.push({ row, column: header(columns, 'stageOn'), reason: 'required for a stage after SOURCE' });
  } else if (rules && p.stage && VOTED_STAGES.includes(String(p.stage)) && p.dateOfBirth && p.stageOn && String(p.dateOfBirth) <= String(p.stageOn)) {
    // The age held on the cell's vote: its date when the row gives it, else the stage date.
    const votedOn = String(p.cellResolvedOn ?? p.stageOn);
    const tooYoung = ageChecks(rules, String(p.dateOfBirth), votedOn, false).find((check) => check.rule === Rule.MIN_AGE);
    if (tooYoung) problems.push({ row, column: header(columns, 'dateOfBirth'), reason: `age rule broken: ${tooYoung.message}` });
  }
  return problems.length === before;
}
