/**
 * The kinds of record the rules speak of (subjects), each described once by its own module
 * (`src/modules/<m>/<m>.subject.ts`) and registered here when the modules load
 * (`src/modules/subjects.ts`). The auth and GraphQL layers read their lists from this registry
 * and import no feature module: scoping, guards and refusals (auth/), the per-request loaders,
 * global ids, node(id) and `can` (graphql/, modules/).
 */
import type { ObjectLiteral } from 'typeorm';
import { ancestorIdsOf } from './principal';

/**
 * Subject name → the entity its records are, filled by each module's descriptor file through
 * declaration merging:
 *
 *     declare module '../../auth/subjects' {
 *       interface SubjectTypes { Candidate: Candidate }
 *     }
 */
export interface SubjectTypes {}

export type SubjectName = keyof SubjectTypes & string;

/** The fields of a record the rules' conditions read (see ability.ts). */
export type ScopeView = Record<string, unknown>;

/**
 * One field of a scope view, defined once: the SQL expression that holds it in a scoped query
 * (over the subject's alias and `scope_org`, the organization the record belongs to) and its
 * value on a loaded record, so a list and a single-record check read the same thing.
 */
export interface ScopeField<T> {
  column(alias: string): string;
  value(record: T, organizationPath: string | null): unknown;
}

/** A column of the record itself. */
export function own<T>(property: keyof T & string): ScopeField<T> {
  return { column: (alias) => `${alias}.${property}`, value: (record) => record[property] };
}

/** The materialized path of the organization the record belongs to ("/1/7/42/"): every placed subject's `orgPath`. */
const organizationPath: ScopeField<unknown> = { column: () => 'scope_org.path', value: (_record, path) => path };

/** The organization directly above the record's organization (null at a root). */
export const organizationParentId: ScopeField<unknown> = {
  column: () => 'scope_org.parentId',
  value: (_record, path) => (path ? (ancestorIdsOf(path).pop() ?? null) : null),
};

/** Reads the organizations with these ids, for a view's completion (from a transaction, or batched through a request's loader). */
export type OrganizationsReader = (ids: readonly number[]) => Promise<readonly SubjectTypes['Organization'][]>;

export interface SubjectDescriptor<T extends ObjectLiteral = ObjectLiteral> {
  name: SubjectName;
  entity: new () => T;
  /** The entity's alias in `scopedQuery` (and in every list built on it). */
  alias: string;
  /**
   * Where a record sits in the tree: `property` holds the id of its organization, joined as
   * `scope_org`, whose path is the view's `orgPath` (the subtree rules read it); `optional` when
   * some records belong to none (system administrators, system-wide audit rows). Without it,
   * `pathProperty` names the record's own path (an organization), or the subject is not placed
   * in the tree at all (public holidays).
   */
  organization?: { property: keyof T & string; optional?: boolean };
  pathProperty?: keyof T & string;
  /** The scope view's other fields: everything else the rules read on this subject. */
  scope?: Record<string, ScopeField<T>>;
  /**
   * The fields of the view that neither the record nor its path holds (a candidate's deciding
   * organization), read from the organizations above it. Checks of actions other than `read`
   * and `Candidate.permissionSubject` use the complete view; no list is filtered by these
   * fields, so they have no column.
   */
  complete?(record: T, organizationPath: string, organizations: OrganizationsReader): Promise<ScopeView>;
  /** How a sentence names it: alone ("API key not found"), and with its article ("create an API key"). */
  words: { noun: string; one: string };
  /**
   * Clients address its records by global id (base64 of "<name>:<id>"); `node` when `node(id)`
   * returns them (their GraphQL type implements Node).
   */
  globalId?: { node: boolean };
}

/** A descriptor as the registry keeps it: the whole scope view, and its SQL columns computed once. */
export interface RegisteredSubject<T extends ObjectLiteral = ObjectLiteral> extends SubjectDescriptor<T> {
  view: Record<string, ScopeField<T>>;
  /** Each field of the scope view → its SQL expression (sql-scope.ts's ScopeColumns). */
  columns: Record<string, string>;
}

const registry = new Map<string, RegisteredSubject>();
const byEntity = new Map<object, RegisteredSubject>();

/** Called by each module's `<m>.subject.ts` when it loads; a name registers once. */
export function registerSubject<T extends ObjectLiteral>(descriptor: SubjectDescriptor<T>): void {
  if (registry.has(descriptor.name)) throw new Error(`Subject ${descriptor.name} is registered twice`);
  const view: Record<string, ScopeField<T>> = { ...(descriptor.organization ? { orgPath: organizationPath } : {}), ...descriptor.scope };
  const columns = Object.fromEntries(Object.entries(view).map(([field, source]) => [field, source.column(descriptor.alias)]));
  const registered = { ...descriptor, view, columns } as unknown as RegisteredSubject;
  registry.set(descriptor.name, registered);
  byEntity.set(descriptor.entity, registered);
}

export function subjectOf(name: SubjectName): RegisteredSubject {
  const found = registry.get(name);
  if (!found) throw new Error(`Subject ${name} is not registered (the modules register their subjects in src/modules/subjects.ts)`);
  return found;
}

/** The subject whose records are instances of `entity` (a loaded record's constructor), if one is registered. */
export function subjectOfEntity(entity: object): RegisteredSubject | undefined {
  return byEntity.get(entity);
}

export function isSubjectName(name: string): name is SubjectName {
  return registry.has(name);
}

/** Every registered subject, in registration order. */
export function registeredSubjects(): readonly RegisteredSubject[] {
  return [...registry.values()];
}
