import type { EntityManager } from 'typeorm';
import { CandidateStageEvent } from '../candidate.entity';
import { CandidateStage, StageEventKind } from '../../../domain/enums';
import { badInput } from '../../../errors/app-error';
import { Rule, violation } from './rules';

/**
 * What a candidate's history may hold, so that reading it stays bounded (its cost in a query is
 * HISTORY_BOUND events) and nobody can grow it without end:
 *  - a correction changes only the facts the step itself recorded as a document's details
 *    (numbers, names, the vote's counts), scalar values of a bounded length; the rest of a step
 *    is corrected by undoing it and recording it again;
 *  - at most MAX_CORRECTIONS corrections and MAX_MENTOR_CHANGES mentor changes per candidate.
 */
export const MAX_CORRECTIONS = 10;
export const MAX_MENTOR_CHANGES = 10;

/**
 * The most events a history can hold: the path's own events (steps from SOURCE to OFFICIAL or a
 * way out, the recognition proposal, one extension: 14 at most), each correction (which may also
 * let a reverted step be recorded again), and the mentor changes.
 */
export const HISTORY_BOUND = 14 + 2 * MAX_CORRECTIONS + MAX_MENTOR_CHANGES;

const LIMITS: Partial<Record<StageEventKind, { max: number; message: string; messageVi: string }>> = {
  [StageEventKind.CORRECTION]: {
    max: MAX_CORRECTIONS,
    message: `A candidate's steps can be corrected at most ${MAX_CORRECTIONS} times; ask a system administrator`,
    messageVi: `Các bước của một quần chúng chỉ được sửa tối đa ${MAX_CORRECTIONS} lần; đề nghị quản trị hệ thống hỗ trợ`,
  },
  [StageEventKind.MENTOR_CHANGED]: {
    max: MAX_MENTOR_CHANGES,
    message: `A candidate's mentor can be changed at most ${MAX_MENTOR_CHANGES} times`,
    messageVi: `Chỉ được thay đổi đảng viên giúp đỡ của một quần chúng tối đa ${MAX_MENTOR_CHANGES} lần`,
  },
};

/** Refuses an event of `kind` once the candidate's history holds the most it may of that kind. */
export async function assertHistoryRoom(em: EntityManager, candidateId: number, kind: StageEventKind): Promise<void> {
  const limit = LIMITS[kind];
  if (!limit) return;
  const count = await em.count(CandidateStageEvent, { where: { candidateId, kind } });
  if (count >= limit.max) throw violation(kind === StageEventKind.CORRECTION ? Rule.CORRECTION : Rule.STEP_ORDER, limit.message, limit.messageVi);
}

type FactRule = { type: 'text'; max: number } | { type: 'count' };
const text = (max: number): FactRule => ({ type: 'text', max });
const count: FactRule = { type: 'count' };

/** The facts a correction may change, per step (the stage the step led to), with what they hold. */
export const CORRECTABLE_FACTS: Partial<Record<CandidateStage, Record<string, FactRule>>> = {
  [CandidateStage.TRAINED]: { certificateNumber: text(64), issuingCentre: text(255) },
  [CandidateStage.CELL_RESOLVED]: { present: count, votesFor: count, votesAgainst: count },
  [CandidateStage.COMMITTEE_RESOLVED]: { resolutionNumber: text(64) },
  [CandidateStage.ADMITTED]: { decisionNumber: text(64), signer: text(255) },
  [CandidateStage.OFFICIAL]: { decisionNumber: text(64) },
  [CandidateStage.DROPPED]: { reasonText: text(1000) },
  [CandidateStage.REJECTED]: { reasonText: text(1000) },
  [CandidateStage.PROBATION_NOT_RECOGNIZED]: { reasonText: text(1000) },
};

const MAX_COUNT = 100_000;

/**
 * The corrected facts of a step that led to `toStage`, checked: every key one the step recorded
 * and may be corrected, every value of its kind. All problems at once, as BAD_USER_INPUT.
 */
export function checkedFactCorrection(toStage: CandidateStage, facts: Record<string, unknown>): Record<string, string | number> {
  const allowed = CORRECTABLE_FACTS[toStage] ?? {};
  const names = Object.keys(allowed);
  const problems: { field: string; message: string }[] = [];
  const checked: Record<string, string | number> = {};
  const keys = Object.keys(facts);
  if (keys.length === 0) problems.push({ field: 'facts', message: 'no fact to correct' });
  for (const key of keys) {
    const rule = Object.prototype.hasOwnProperty.call(allowed, key) ? allowed[key] : undefined;
    const value = facts[key];
    if (!rule) {
      problems.push({ field: `facts.${key.slice(0, 64)}`, message: names.length ? `not a fact of this step that can be corrected (only ${names.join(', ')})` : 'this step has no fact that can be corrected; undo it and record it again' });
    } else if (rule.type === 'text') {
      if (typeof value !== 'string' || value.trim().length === 0 || value.length > rule.max) problems.push({ field: `facts.${key}`, message: `text of 1 to ${rule.max} characters` });
      else checked[key] = value.trim();
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNT) {
      problems.push({ field: `facts.${key}`, message: `a whole number from 0 to ${MAX_COUNT}` });
    } else {
      checked[key] = value;
    }
  }
  if (problems.length) throw badInput(`These facts cannot be corrected: ${problems.map((p) => p.field).join(', ')}`, problems);
  return checked;
}
