import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { Action, SubjectName } from './ability';
import { completeScopeSubject, scopeAlias, scopedQuery, scopeSubject } from './scope';
import type { RequestContext } from '../context';
import { forbidden, notFound } from '../errors/app-error';

export interface Guarded<T> {
  record: T;
  /** Path of the organization the record belongs to (its own path for an organization). */
  organizationPath: string;
}

/**
 * Loads a record the caller may read, then checks `action` on it. Out of scope reads as
 * NOT_FOUND (existence never leaks); in scope but not allowed is FORBIDDEN.
 */
export async function loadFor<T extends ObjectLiteral>(
  ctx: RequestContext,
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
  ctx: RequestContext,
  em: EntityManager,
  subject: SubjectName,
  id: number,
  actions: readonly Action[],
  options: { lock?: boolean; forbiddenMessage?: string } = {},
): Promise<Guarded<T>> {
  const alias = scopeAlias(subject);
  const qb = scopedQuery<T>(em, ctx.ability, 'read', subject).andWhere(`${alias}.id = :guardedId`, { guardedId: id });
  if (subject !== 'Organization') qb.addSelect('scope_org.path', 'scope_path');
  if (options.lock && em.connection.options.type === 'mysql') qb.setLock('pessimistic_write');
  const { entities, raw } = await qb.getRawAndEntities();
  const record = entities[0];
  if (!record) throw notFound(subject);
  const organizationPath = subject === 'Organization' ? (record as unknown as { path: string }).path : ((raw[0]?.scope_path as string | null) ?? '');
  if (!actions.includes('read')) {
    const view = await completeScopeSubject(em, subject, record, organizationPath);
    if (!actions.some((action) => ctx.ability.can(action, view))) throw forbidden(options.forbiddenMessage ?? `You may not ${actions.join(' or ')} this ${subject.toLowerCase()}`);
  }
  return { record, organizationPath };
}

/** Checks `action` on a record that is about to exist (create) or on its new place (move). */
export function assertCan(ctx: RequestContext, action: Action, subject: SubjectName, record: ObjectLiteral, organizationPath: string | null): void {
  if (!ctx.ability.can(action, scopeSubject(subject, record, organizationPath))) {
    throw forbidden(`You may not ${action} a ${subject.toLowerCase()} here`);
  }
}
