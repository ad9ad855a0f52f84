/**
 * Who may do what: the one place permissions are defined. Single-record checks
 * (`ability.can('update', subject('Candidate', view))`) and the SQL filters of every list,
 * count, loader and node(id) (`scopeFilter` in ./sql-scope.ts) both come from these rules,
 * so a list and a record check cannot disagree.
 *
 * Conditions name the fields of a subject's *scope view* (each subject's `scope`, declared in its
 * module's `<m>.subject.ts`):
 *   orgPath   materialized path of the organization the record belongs to
 *   path, id  an organization's own path and id
 *   mentorId  the member assigned to help a candidate
 *   role      a user's role
 *   cellParentId, decidingOrganizationId  (candidates, for the steps of the path) the
 *             organization directly above the cell, and the one holding the authority
 *             to decide admissions for it (the nearest ancestor that may decide)
 */
import { AbilityBuilder, buildMongoQueryMatcher, PureAbility, type ConditionsMatcher } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';
import { Role } from '../domain/enums';
import { ancestorIdsOf, type Principal } from './principal';
import type { SubjectName } from './subjects';

export type { SubjectName } from './subjects';

export type Action =
  | 'manage'
  | 'read'
  | 'create'
  | 'update'
  | 'move'
  | 'readSensitive'
  /** Steps the cell records: sympathizer, dossier, vote, ceremony, recognition proposal, mentor, drop. */
  | 'recordCellStep'
  | 'recordAwarenessClass'
  /** The grassroots committee's resolution on a cell directly under it. */
  | 'resolveAsCommittee'
  /** Admission and recognition decisions, the extension, not recognising a probation. */
  | 'decide'
  /** Refusing a candidate (REJECTED) or stopping their development (DROPPED). */
  | 'close'
  | 'correctStep'
  /** Statistics of an organization's subtree (figures only), and setting its targets. */
  | 'readStatistics'
  | 'setTargets'
  /** A sibling's headline figures (members among staff, admissions), for comparison. */
  | 'readHeadlines';

/** Every action, for those who list them (`can`'s argument check). */
export const ACTIONS: readonly Action[] = [
  'manage',
  'read',
  'create',
  'update',
  'move',
  'readSensitive',
  'recordCellStep',
  'recordAwarenessClass',
  'resolveAsCommittee',
  'decide',
  'close',
  'correctStep',
  'readStatistics',
  'setTargets',
  'readHeadlines',
];

export type Subject = SubjectName | 'all' | ScopedSubject;

/** A record presented to CASL: its subject type and the fields its conditions read. */
export interface ScopedSubject {
  readonly __caslSubjectType__: SubjectName;
  readonly [field: string]: unknown;
}

/** Mongo-style conditions over a scope view, plus `$startsWith` for subtrees. */
export type ScopeConditions = Record<string, unknown>;

export type AppAbility = PureAbility<[Action, Subject], ScopeConditions>;

/** `$startsWith`: the subtree condition ("path begins with /1/7/"), LIKE 'prefix%' in SQL. */
const $startsWith: FieldInstruction<string> = {
  type: 'field',
  validate(instruction, value) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new Error(`"${instruction.name}" expects a non-empty string`);
    }
  },
};

const startsWith: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value);
};

const conditionsMatcher = buildMongoQueryMatcher({ $startsWith }, { startsWith }) as unknown as ConditionsMatcher<ScopeConditions>;

function under(path: string): ScopeConditions {
  return { $startsWith: path };
}

export function defineAbilityFor(principal: Principal | null): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(PureAbility);
  if (principal) defineRules(principal, can, cannot);
  return build({
    conditionsMatcher,
    detectSubjectType: (object) => (object as ScopedSubject).__caslSubjectType__,
  });
}

type Can = AbilityBuilder<AppAbility>['can'];
type Cannot = AbilityBuilder<AppAbility>['cannot'];

function defineRules(principal: Principal, can: Can, cannot: Cannot): void {
  if (principal.role === Role.SYSTEM_ADMIN) {
    can('manage', 'all');
    return;
  }
  const path = principal.organizationPath;
  if (!path) return;
  const subtree = { orgPath: under(path) };
  // Everyone may read the names of the committees above them (their own chain, nothing beside it).
  const ancestors = ancestorIdsOf(path);
  if (ancestors.length > 0) can('read', 'Organization', { id: { $in: ancestors } });

  switch (principal.role) {
    case Role.COMMITTEE:
      can('read', 'Organization', { path: under(path) });
      can(['readStatistics', 'setTargets'], 'Organization', { path: under(path) });
      if (ancestors.length > 0) can('readHeadlines', 'Organization', { parentId: ancestors[ancestors.length - 1] });
      // New organizations go anywhere in the subtree (the check is on the parent); a committee
      // edits and reorganizes what is below it, never itself (it cannot grant itself the
      // authority to decide admissions).
      can('create', 'Organization', { path: under(path) });
      can(['update', 'move'], 'Organization', { path: under(path), id: { $ne: principal.organizationId } });
      can(['read', 'create', 'update'], ['School', 'Member', 'Candidate', 'User'], subtree);
      can('readSensitive', ['Member', 'Candidate'], subtree);
      cannot(['create', 'update'], 'User', { role: Role.SYSTEM_ADMIN });
      can(['recordAwarenessClass', 'close', 'correctStep'], 'Candidate', subtree);
      can('read', 'AuditEntry', subtree);
      can(['read', 'create', 'update'], 'ApiKey', subtree);
      can('resolveAsCommittee', 'Candidate', { cellParentId: principal.organizationId });
      can('decide', 'Candidate', { decidingOrganizationId: principal.organizationId });
      break;
    case Role.CELL_SECRETARY:
      can(['read', 'readStatistics'], 'Organization', { path: under(path) });
      can(['read', 'update'], 'School', subtree);
      can(['read', 'create', 'update'], ['Member', 'Candidate'], subtree);
      can('readSensitive', ['Member', 'Candidate'], subtree);
      can(['recordCellStep', 'recordAwarenessClass', 'close'], 'Candidate', subtree);
      can('read', 'User', subtree);
      break;
    case Role.MENTOR:
      can('read', 'Organization', { path: under(path) });
      can('read', ['School', 'Member'], subtree);
      if (principal.memberId !== null) can('read', 'Candidate', { mentorId: principal.memberId });
      break;
    case Role.REPORTER:
      // Statistics only: the tree and its schools, no personal record of anyone.
      can(['read', 'readStatistics'], 'Organization', { path: under(path) });
      can('read', 'School', subtree);
      break;
  }
}
