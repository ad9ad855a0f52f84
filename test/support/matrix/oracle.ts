import { toGlobalId, type NodeTypeName } from '../../../src/graphql/global-id';
import { Role } from '../../../src/domain/enums';
import type { Organization } from '../../../src/modules/organization/organization.entity';
import type { School } from '../../../src/modules/school/school.entity';
import type { Member } from '../../../src/modules/member/member.entity';
import type { Candidate } from '../../../src/modules/candidate/candidate.entity';
import type { User } from '../../../src/modules/user/user.entity';
import type { AuditLog } from '../../../src/modules/audit/audit.entity';
import type { ApiKey } from '../../../src/modules/api-key/api-key.entity';
import { PROBE_ACTIONS, type ProbeAction } from '../probes';
import type { MatrixUser } from './demo-users';
import type { World } from './world';

/**
 * The oracle: what the rules documented in src/auth/ability.ts allow, written again as plain code
 * over the rows of the world (nothing here reuses src/auth):
 *
 *   admin          everything
 *   committee      its subtree (organizations, schools, members, candidates, users, audit, API keys)
 *   secretary      its own cell (organizations, schools, members, candidates, users)
 *   mentor         its own cell's organizations, schools and members; only the candidates it mentors
 *   reporter       its subtree's organizations and schools; no candidate, member or user
 *   everyone       also reads the names of the organizations above it (its ancestors)
 *
 * and who may take each step of a candidate's path; with the words a violation names records in.
 */

export type Kind = 'Organization' | 'School' | 'Member' | 'Candidate' | 'User';
export const KINDS: readonly Kind[] = ['Organization', 'School', 'Member', 'Candidate', 'User'];

/** What a user may read (and of which organizations they may read statistics), row by row. */
export interface Scope {
  org(o: Organization): boolean;
  stats(o: Organization): boolean;
  school(s: School): boolean;
  member(m: Member): boolean;
  candidate(c: Candidate): boolean;
  user(u: User): boolean;
  audit(a: AuditLog): boolean;
  apiKey(k: ApiKey): boolean;
}

export function scopeOf(user: MatrixUser, world: World): Scope {
  if (user.role === Role.SYSTEM_ADMIN) {
    const all = () => true;
    return { org: all, stats: all, school: all, member: all, candidate: all, user: all, audit: all, apiKey: all };
  }
  const path = user.path;
  const ancestors = new Set(path.split('/').filter(Boolean).map(Number).slice(0, -1));
  const inSubtree = (organizationId: number | null): boolean => {
    if (organizationId === null) return false;
    const o = world.orgById.get(organizationId);
    return !!o && path !== '' && o.path.startsWith(path);
  };
  const role = user.role;
  const none = () => false;
  const committee = role === Role.COMMITTEE;
  const secretary = role === Role.CELL_SECRETARY;
  const mentor = role === Role.MENTOR;
  return {
    org: (o) => (path !== '' && o.path.startsWith(path)) || ancestors.has(o.id),
    stats: mentor ? none : (o) => path !== '' && o.path.startsWith(path),
    school: (s) => inSubtree(s.organizationId),
    member: committee || secretary || mentor ? (m) => inSubtree(m.organizationId) : none,
    candidate: committee || secretary ? (c) => inSubtree(c.organizationId) : mentor ? (c) => inSubtree(c.organizationId) && user.memberId !== null && c.mentorId === user.memberId : none,
    user: committee || secretary ? (u) => inSubtree(u.organizationId) : none,
    audit: committee ? (a) => inSubtree(a.organizationId) : none,
    apiKey: committee ? (k) => inSubtree(k.organizationId) : none,
  };
}

export const TYPE_OF: Record<Kind, NodeTypeName> = { Organization: 'Organization', School: 'School', Member: 'Member', Candidate: 'Candidate', User: 'User' };

type Row = { id: number; tenantId: number | null };

/** How the world holds each kind of record, which of them a scope admits, and what a record is called. */
interface KindTable<T extends Row> {
  rows(world: World): T[];
  byId(world: World): Map<number, T>;
  admits(scope: Scope, row: T): boolean;
  name(row: T): string;
}

const KIND_TABLE: { [K in Kind]: KindTable<Row> } = {
  Organization: { rows: (w) => w.orgs, byId: (w) => w.orgById, admits: (s, o: Organization) => s.org(o), name: (o: Organization) => o.name },
  School: { rows: (w) => w.schools, byId: (w) => w.schoolById, admits: (s, r: School) => s.school(r), name: (r: School) => r.name },
  Member: { rows: (w) => w.members, byId: (w) => w.memberById, admits: (s, m: Member) => s.member(m), name: (m: Member) => m.fullName },
  Candidate: { rows: (w) => w.candidates, byId: (w) => w.candidateById, admits: (s, c: Candidate) => s.candidate(c), name: (c: Candidate) => c.fullName },
  User: { rows: (w) => w.users, byId: (w) => w.userById, admits: (s, u: User) => s.user(u), name: (u: User) => u.email },
};

export function rowsOf(world: World, kind: Kind): Row[] {
  return KIND_TABLE[kind].rows(world);
}

export function visible(scope: Scope, world: World, kind: Kind, id: number): boolean {
  const table = KIND_TABLE[kind];
  const row = table.byId(world).get(id);
  return !!row && table.admits(scope, row);
}

function nameOf(world: World, kind: Kind, id: number): string {
  const table = KIND_TABLE[kind];
  const row = table.byId(world).get(id);
  return row ? table.name(row) : '?';
}

/** The kinds of record a violation can name: those of the scope, and the audit rows, API keys and steps. */
export type RecordKind = Kind | 'AuditLog' | 'ApiKey' | 'StageEvent';

/** "Candidate 812 «Lê Thị Hoa» (Huyện ủy Tam Đảo)": what a violation names. */
export function describeRecord(world: World, kind: RecordKind, id: number): string {
  if (kind === 'AuditLog') {
    const row = world.auditById.get(id);
    return `AuditLog ${id} (${row?.action ?? '?'}, organization ${row?.organizationId ?? 'none'})`;
  }
  if (kind === 'ApiKey') return `ApiKey ${id} (organization ${world.apiKeyById.get(id)?.organizationId ?? '?'})`;
  if (kind === 'StageEvent') return `StageEvent ${id}`;
  const row = rowsOf(world, kind).find((r) => r.id === id);
  const tenant = row?.tenantId ? (world.tenantName.get(row.tenantId) ?? `tenant ${row.tenantId}`) : 'no tenant';
  return `${kind} ${id} «${nameOf(world, kind, id)}» (${tenant})`;
}

export function few(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Evenly spread, deterministic sample. */
export function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

export const gid = (type: NodeTypeName, id: number): string => toGlobalId(type, id);
/** The year whose targets the matrix reads (the fixtures set some). */
export const TARGET_YEAR = 2025;
/** An id no record has. */
export const MISSING_ID = 987654321;

/**
 * Who may take each step of a candidate, in plain code from the tree (the Charter's split of the
 * work, as README "Who sees what" states it): the cell's secretary the cell's steps; a committee
 * above the cell the class, closing, corrections and edits; the committee directly above the cell
 * resolves as the grassroots committee; the nearest organization above the cell that holds the
 * authority to decide admissions decides; the administrator everything; nobody else anything.
 */
export function expectedSteps(user: MatrixUser, world: World, scope: Scope, c: Candidate): Set<ProbeAction> {
  const allowed = new Set<ProbeAction>();
  if (user.role === Role.SYSTEM_ADMIN) return new Set(PROBE_ACTIONS);
  if (!scope.candidate(c)) return allowed;
  allowed.add('read');
  const cell = world.orgById.get(c.organizationId)!;
  if (user.role === Role.CELL_SECRETARY) for (const action of ['update', 'recordCellStep', 'recordAwarenessClass', 'closeAsDropped'] as const) allowed.add(action);
  if (user.role === Role.COMMITTEE) {
    for (const action of ['update', 'recordAwarenessClass', 'correctStep', 'closeAsDropped'] as const) allowed.add(action);
    if (cell.parentId === user.organizationId) allowed.add('resolveAsCommittee');
    let above = cell.parentId === null ? undefined : world.orgById.get(cell.parentId);
    while (above && !above.mayDecideAdmission) above = above.parentId === null ? undefined : world.orgById.get(above.parentId);
    if (above && above.id === user.organizationId) allowed.add('decide');
  }
  return allowed;
}
