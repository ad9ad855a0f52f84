import { normalizeText, textProblem } from '../../common/text';
import { todayInVietnam } from '../../common/dates';
import { nationalIdProblem, withoutSeparators } from '../../common/national-id';
import type { EntityManager } from 'typeorm';
import type { RulesConfig } from '../../config';
import { MemberStatus } from '../../domain/enums';
import type { Member } from '../member/member.entity';
import { memberRuleFindings } from '../member/member.service';
import { Rule, viDate, type RuleCheck } from '../candidate/path/rules';
import { CODE, PHONE, STATUS_LABELS, parseBool, parseDateCell, parseEnum, type ColumnSpec } from './columns';
import type { Problem, RawRow } from './read';

/** A row's cells turned into typed values (null when empty or unreadable), with the problems found on the way. */
export type Parsed = Record<string, string | number | boolean | null>;

export interface ParsedRow {
  p: Parsed;
  /** The columns whose cell was refused (their value is null): the rules between columns leave them out. */
  failed: Set<string>;
}

/** A national ID cell: separators (spaces, dots) dropped, then exactly 12 or 9 digits, never padded. */
function nationalIdCell(text: string, isNumber: boolean): { id: string } | { problem: string } {
  const id = withoutSeparators(text);
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

/** The header of a column, as the sheet names it in a problem. */
export const headerOf = (columns: ColumnSpec[], key: string): string => columns.find((c) => c.key === key)?.header ?? key;

/** The rules of member.service (assertMemberDates), as problems of the row. A candidate's row: candidate-rows.ts. */
export function memberRules(row: number, p: Parsed, columns: ColumnSpec[], problems: Problem[]): boolean {
  const before = problems.length;
  const order: [string, string][] = [
    ['dateOfBirth', 'admittedOn'],
    ['admittedOn', 'officialOn'],
  ];
  for (const [earlier, later] of order) {
    if (p[earlier] && p[later] && String(p[earlier]) > String(p[later])) {
      problems.push({ row, column: headerOf(columns, later), reason: `cannot be before ${headerOf(columns, earlier)}` });
    }
  }
  if ((p.status ?? MemberStatus.OFFICIAL) === MemberStatus.PROBATIONARY && p.officialOn) {
    problems.push({ row, column: headerOf(columns, 'officialOn'), reason: 'a probationary member has no official date yet' });
  }
  return problems.length === before;
}

/** How a broken Charter rule is named in a problem ("age rule broken: <Vietnamese> — <English>"). */
const RULE_WORDS: Partial<Record<string, string>> = {
  [Rule.MIN_AGE]: 'age',
  [Rule.MAX_AGE]: 'age',
  [Rule.EDUCATION]: 'education',
  [Rule.CERTIFICATE_REQUIRED]: 'certificate',
  [Rule.CERTIFICATE_EXPIRED]: 'certificate',
  [Rule.PROBATION_NOT_OVER]: 'probation',
};

export function ruleReason(check: RuleCheck): string {
  const words = RULE_WORDS[check.rule] ?? check.rule.toLowerCase().replace(/_/g, ' ');
  return `${words} rule broken: ${check.messageVi} — ${check.message}`;
}

/** The cells a member's Charter rules read: when one is refused, those rules are left out. */
export const MEMBER_RULE_CELLS = ['dateOfBirth', 'status', 'admittedOn', 'officialOn'] as const;

/**
 * The rules of member.service (memberRuleFindings) over a row, once the record it names is known
 * (null: a new member): a member the path made keeps the status and dates of its path, any other
 * is held to the age at admission and the 12 months of probation. Each as a problem of its column.
 */
export async function memberRowFindings(em: EntityManager, rules: RulesConfig, existing: Member | null, v: Record<string, unknown>): Promise<{ key: string; reason: string }[]> {
  const next = { dateOfBirth: v.dateOfBirth as string | null, status: v.status as MemberStatus, admittedOn: v.admittedOn as string | null, officialOn: v.officialOn as string | null };
  const { pathFields, breaches } = await memberRuleFindings(em, rules, existing, next);
  const shown = (value: string | null | undefined) => (!value ? 'empty' : value in STATUS_LABELS ? STATUS_LABELS[value as MemberStatus] : viDate(value));
  return [
    ...pathFields.map((key) => ({
      key,
      reason: `this member was admitted through the path, which recorded ${shown(existing?.[key])}: leave it as it is (a wrong step is corrected on the candidate's history)`,
    })),
    ...breaches.map(({ field, check }) => ({ key: field, reason: ruleReason(check) })),
  ];
}
