/**
 * Checks on single records: load what the caller may read, then check the action on it; and
 * the refusals' words. Out of scope reads as NOT_FOUND (existence never leaks); in scope but not
 * allowed is FORBIDDEN.
 */
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { Action } from './ability';
import type { AuthContext } from './context';
import type { Principal } from './principal';
import { completeScopeSubject, scopedQuery, scopeSubject } from './scope';
import { subjectOf, type SubjectName } from './subjects';
import { forbidden, notFound, unauthenticated } from '../errors/app-error';

/** What each action does, as a sentence says it before "this candidate" ("You may not read the statistics of this organization"). */
const ACTION_WORDS: Record<Action, string> = {
  manage: 'manage',
  read: 'see',
  create: 'create',
  update: 'change',
  move: 'move',
  readSensitive: 'read the restricted fields of',
  recordCellStep: "record the cell's steps for",
  recordAwarenessClass: 'record the awareness class of',
  resolveAsCommittee: "record the grassroots committee's resolution on",
  decide: 'decide on',
  close: 'refuse or drop',
  correctStep: 'correct the steps of',
  readStatistics: 'read the statistics of',
  setTargets: 'set the targets of',
  readHeadlines: 'read the headline figures of',
};

/** The caller, or UNAUTHENTICATED. */
export function requirePrincipal(ctx: AuthContext): Principal {
  if (!ctx.principal) throw unauthenticated();
  return ctx.principal;
}

/** A kind of record as the start of a sentence names it ("API key", for "API key not found"). */
export function subjectLabel(subject: SubjectName): string {
  const { noun } = subjectOf(subject).words;
  return noun.charAt(0).toUpperCase() + noun.slice(1);
}

/**
 * The refusal of `actions` on a record ("You may not change this school", "You may not read the
 * statistics of this organization"), or of creating one ("You may not create an API key here").
 */
export function refusalMessage(actions: readonly Action[], subject: SubjectName): string {
  const { words } = subjectOf(subject);
  if (actions.length === 1 && actions[0] === 'create') return `You may not create ${words.one} here`;
  return `You may not ${actions.map((action) => ACTION_WORDS[action]).join(' or ')} this ${words.noun}`;
}

export interface Guarded<T> {
  record: T;
  /** Path of the organization the record belongs to (its own path for an organization). */
  organizationPath: string;
}

/** Loads a record the caller may read, then checks `action` on it. */
export async function loadFor<T extends ObjectLiteral>(
  ctx: AuthContext,
  em: EntityManager,
  subject: SubjectName,
  id: number,
  action: Action = 'read',
  options: { lock?: boolean } = {},
): Promise<Guarded<T>> {
  return loadForAny(ctx, em, subject, id, [action], options);
}

/**
 * Like `loadFor`, allowed when the caller may take any one of `actions` on the record (a way out
 * of the path that the cell, a committee or the deciding committee may each record). Checks
 * read the record's complete scope view, the one `can(action, subject, id)` answers from.
 */
export async function loadForAny<T extends ObjectLiteral>(
  ctx: AuthContext,
  em: EntityManager,
  subject: SubjectName,
  id: number,
  actions: readonly Action[],
  options: { lock?: boolean; forbiddenMessage?: string } = {},
): Promise<Guarded<T>> {
  const scope = subjectOf(subject);
  const qb = scopedQuery<T>(em, ctx.ability, 'read', subject).andWhere(`${scope.alias}.id = :guardedId`, { guardedId: id });
  if (scope.organization) qb.addSelect('scope_org.path', 'scope_path');
  if (options.lock && em.connection.options.type === 'mysql') qb.setLock('pessimistic_write');
  const { entities, raw } = await qb.getRawAndEntities();
  const record = entities[0];
  if (!record) throw notFound(subjectLabel(subject));
  const organizationPath = scope.pathProperty ? (record[scope.pathProperty] as string) : ((raw[0]?.scope_path as string | null | undefined) ?? '');
  if (!actions.includes('read')) {
    const view = await completeScopeSubject(em, subject, record, organizationPath);
    if (!actions.some((action) => ctx.ability.can(action, view))) throw forbidden(options.forbiddenMessage ?? refusalMessage(actions, subject));
  }
  return { record, organizationPath };
}

/** Checks `action` on a record that is about to exist (create) or on its new place (move). */
export function assertCan(ctx: AuthContext, action: Action, subject: SubjectName, record: ObjectLiteral, organizationPath: string | null): void {
  if (!ctx.ability.can(action, scopeSubject(subject, record, organizationPath))) {
    throw forbidden(refusalMessage([action], subject));
  }
}
