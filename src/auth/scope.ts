/**
 * How a subject is scoped, read from its registered descriptor (./subjects.ts): queries that
 * return only what the rules allow, and the scope view a single-record check reads. Queries
 * join the organization the record belongs to as `scope_org` and read its path from there, so
 * moving a cell moves everything in it at once.
 */
import { In, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { subject as asSubject } from '@casl/ability';
import type { Action, AppAbility, ScopedSubject } from './ability';
import { scopeFilter } from './sql-scope';
import { subjectOf, type OrganizationsReader, type ScopeView, type SubjectName, type SubjectTypes } from './subjects';

/** The alias the subject's entity has in `scopedQuery`. */
export function scopeAlias(subject: SubjectName): string {
  return subjectOf(subject).alias;
}

/**
 * A query over `subject` that returns only what the ability allows for `action`:
 * the base of every list, count, loader and node(id).
 */
export function scopedQuery<T extends ObjectLiteral>(em: EntityManager, ability: AppAbility, action: Action, subject: SubjectName): SelectQueryBuilder<T> {
  const scope = subjectOf(subject);
  const qb = em.getRepository(scope.entity).createQueryBuilder(scope.alias) as unknown as SelectQueryBuilder<T>;
  if (scope.organization) {
    const join = `scope_org.id = ${scope.alias}.${scope.organization.property}`;
    const organizations = subjectOf('Organization').entity;
    if (scope.organization.optional) qb.leftJoin(organizations, 'scope_org', join);
    else qb.innerJoin(organizations, 'scope_org', join);
  }
  const filter = scopeFilter(ability, action, subject, scope.columns);
  return qb.andWhere(filter.sql, filter.params);
}

/** The scope view of a loaded record (without the completion's fields), given its organization's path. */
function viewOf(subject: SubjectName, record: ObjectLiteral, organizationPath: string | null): ScopeView {
  const fields = Object.entries(subjectOf(subject).view);
  return Object.fromEntries(fields.map(([field, source]) => [field, source.value(record, organizationPath)]));
}

/**
 * The record as CASL sees it, for single-record checks (`ability.can('update', ...)`). Without
 * `completion` the view lacks the fields `complete` reads (conditions on them then deny).
 */
export function scopeSubject(subject: SubjectName, record: ObjectLiteral, organizationPath: string | null, completion: ScopeView = {}): ScopedSubject {
  return asSubject(subject, { ...viewOf(subject, record, organizationPath), ...completion }) as unknown as ScopedSubject;
}

/**
 * The complete scope view of a record: what every check of any action reads, and what a client
 * evaluates `me.permissions` against (`Candidate.permissionSubject`).
 */
export async function completeScopeView(organizations: OrganizationsReader, subject: SubjectName, record: ObjectLiteral, organizationPath: string): Promise<ScopeView> {
  const scope = subjectOf(subject);
  const completion = scope.complete ? await scope.complete(record, organizationPath, organizations) : {};
  return { ...viewOf(subject, record, organizationPath), ...completion };
}

/** The organizations a completion reads, from `em` (the check's transaction). */
export function organizationsIn(em: EntityManager): OrganizationsReader {
  return async (ids) => (ids.length === 0 ? [] : (em.getRepository(subjectOf('Organization').entity).findBy({ id: In([...ids]) }) as Promise<SubjectTypes['Organization'][]>));
}

export async function completeScopeSubject(em: EntityManager, subject: SubjectName, record: ObjectLiteral, organizationPath: string): Promise<ScopedSubject> {
  return asSubject(subject, await completeScopeView(organizationsIn(em), subject, record, organizationPath)) as unknown as ScopedSubject;
}
