import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { subject as asSubject } from '@casl/ability';
import type { Action, AppAbility, ScopedSubject, SubjectName } from './ability';
import { scopeFilter, type ScopeColumns } from './sql-scope';
import { Organization } from '../modules/organization/organization.entity';
import { School } from '../modules/school/school.entity';
import { Member } from '../modules/member/member.entity';
import { Candidate } from '../modules/candidate/candidate.entity';
import { User } from '../modules/user/user.entity';
import { AuditLog } from '../modules/audit/audit.entity';
import { PublicHoliday } from '../modules/calendar/holiday.entity';
import { ApiKey } from '../modules/api-key/api-key.entity';
import { ancestorIdsOfPath, authorityLookupIn, decidingOrganizationFor, type AuthorityLookup } from '../modules/organization/authority';

/**
 * How each subject is scoped: which entity, and how its scope view (the fields the rules in
 * ability.ts read) is found in SQL and on a loaded record. Queries join the organization the
 * record belongs to as `scope_org` and read its path from there, so moving a cell moves
 * everything in it at once.
 */
interface SubjectScope<T extends ObjectLiteral> {
  entity: new () => T;
  alias: string;
  /** Property holding the owning organization's id (none for Organization itself). */
  organizationProperty?: keyof T & string;
  /** The scope view's fields as SQL expressions over `alias` and `scope_org`. */
  columns: ScopeColumns;
  /** The scope view of a loaded record, given its organization's path. */
  view(record: T, organizationPath: string | null): Record<string, unknown>;
  /**
   * The fields of the view that neither the record nor its path holds, read from the database
   * (a candidate's deciding organization). Single-record checks of actions other than `read`
   * use the complete view; SQL filters never need these fields (no list is filtered by them).
   */
  complete?(lookup: AuthorityLookup, record: T, organizationPath: string): Promise<Record<string, unknown>>;
}

const SCOPES: { [K in SubjectName]: SubjectScope<ObjectLiteral> } = {
  Organization: {
    entity: Organization,
    alias: 'organization',
    columns: { id: 'organization.id', path: 'organization.path', parentId: 'organization.parentId' },
    view: (o) => ({ id: o.id, path: o.path, parentId: o.parentId }),
  },
  School: {
    entity: School,
    alias: 'school',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path' },
    view: (_s, path) => ({ orgPath: path }),
  },
  Member: {
    entity: Member,
    alias: 'member',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path', id: 'member.id' },
    view: (m, path) => ({ orgPath: path, id: m.id }),
  },
  Candidate: {
    entity: Candidate,
    alias: 'candidate',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path', mentorId: 'candidate.mentorId', cellParentId: 'scope_org.parentId' },
    // One view for every check of a candidate, the path's steps included: the cell's parent
    // (who resolves as the grassroots committee) and the organization that decides admissions.
    view: (c, path) => ({ orgPath: path, mentorId: c.mentorId, cellParentId: path ? (ancestorIdsOfPath(path).pop() ?? null) : null }),
    complete: async (lookup, _c, path) => ({ decidingOrganizationId: await decidingOrganizationFor(lookup, path) }),
  },
  AuditEntry: {
    entity: AuditLog,
    alias: 'audit',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path' },
    view: (_a, path) => ({ orgPath: path }),
  },
  ApiKey: {
    entity: ApiKey,
    alias: 'api_key',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path' },
    view: (_k, path) => ({ orgPath: path }),
  },
  PublicHoliday: {
    entity: PublicHoliday,
    alias: 'holiday',
    columns: {},
    view: () => ({}),
  },
  User: {
    entity: User,
    alias: 'app_user',
    organizationProperty: 'organizationId',
    columns: { orgPath: 'scope_org.path', role: 'app_user.role' },
    view: (u, path) => ({ orgPath: path, role: u.role }),
  },
};

/** The alias the subject's entity has in `scopedQuery`. */
export function scopeAlias(subject: SubjectName): string {
  return SCOPES[subject].alias;
}

/**
 * A query over `subject` that returns only what the ability allows for `action`:
 * the base of every list, count, loader and node(id).
 */
export function scopedQuery<T extends ObjectLiteral>(em: EntityManager, ability: AppAbility, action: Action, subject: SubjectName): SelectQueryBuilder<T> {
  const scope = SCOPES[subject];
  const qb = em.getRepository(scope.entity).createQueryBuilder(scope.alias) as unknown as SelectQueryBuilder<T>;
  if (scope.organizationProperty) {
    const join = `scope_org.id = ${scope.alias}.${scope.organizationProperty}`;
    // Users of the whole system (admins) and system-wide audit rows (holidays) belong to no organization.
    if (subject === 'User' || subject === 'AuditEntry') qb.leftJoin(Organization, 'scope_org', join);
    else qb.innerJoin(Organization, 'scope_org', join);
  }
  const filter = scopeFilter(ability, action, subject, scope.columns);
  return qb.andWhere(filter.sql, filter.params);
}

/**
 * The record as CASL sees it, for single-record checks (`ability.can('update', ...)`). Without
 * `completion` the view lacks the fields `complete` reads (conditions on them then deny).
 */
export function scopeSubject(subject: SubjectName, record: ObjectLiteral, organizationPath: string | null, completion: Record<string, unknown> = {}): ScopedSubject {
  return asSubject(subject, { ...SCOPES[subject].view(record, organizationPath), ...completion }) as unknown as ScopedSubject;
}

/**
 * The complete scope view of a record: what every check of any action reads, and what a client
 * evaluates `me.permissions` against (`Candidate.permissionSubject`).
 */
export async function completeScopeView(lookup: AuthorityLookup, subject: SubjectName, record: ObjectLiteral, organizationPath: string): Promise<Record<string, unknown>> {
  const scope = SCOPES[subject];
  const completion = scope.complete ? await scope.complete(lookup, record, organizationPath) : {};
  return { ...scope.view(record, organizationPath), ...completion };
}

export async function completeScopeSubject(em: EntityManager, subject: SubjectName, record: ObjectLiteral, organizationPath: string): Promise<ScopedSubject> {
  return asSubject(subject, await completeScopeView(authorityLookupIn(em), subject, record, organizationPath)) as unknown as ScopedSubject;
}
