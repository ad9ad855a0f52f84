import type { DataSource } from 'typeorm';
import { buildTenantWorld, buildUser, gid, type TenantWorld } from '../factories';
import { Role } from '../../src/domain/enums';
import { toGlobalId } from '../../src/graphql/global-id';
import { School } from '../../src/modules/school/school.entity';
import { Member } from '../../src/modules/member/member.entity';
import { CandidateStageEvent } from '../../src/modules/candidate/candidate.entity';
import type { Organization } from '../../src/modules/organization/organization.entity';
import type { User } from '../../src/modules/user/user.entity';
import { startTestServer, type TestServer } from './server';

/**
 * The scoping tests' world: two tenants from `buildTenantWorld` ("Một" and "Hai") plus a system
 * administrator, with every record given a readable label ("Một.candidateA1", users as
 * "Một.@secretaryA", the administrator as "@admin"). Expected visibility is written as
 * label sets per role, so a failing assertion shows exactly which record leaked or went missing.
 *
 *   city ─┬─ commune ─┬─ cellA (schoolA; members mentorA, otherMemberA; candidates A1 [mentor mentorA], A2)
 *         │           └─ cellB (schoolB; memberB; candidateB)
 *         ├─ otherCommune ── otherCell (otherSchool; memberOther; candidateOther)
 *         └─ directCell (directSchool; memberDirect; candidateDirect)
 */
export type Kind = 'organizations' | 'schools' | 'members' | 'candidates' | 'users';
export const KINDS: readonly Kind[] = ['organizations', 'schools', 'members', 'candidates', 'users'];
export const TYPENAME: Record<Kind, string> = { organizations: 'Organization', schools: 'School', members: 'Member', candidates: 'Candidate', users: 'User' };

export const TENANT_LABELS = ['Một', 'Hai'] as const;
export type TenantLabel = (typeof TENANT_LABELS)[number];

const ORGS = ['city', 'commune', 'otherCommune', 'cellA', 'cellB', 'directCell', 'otherCell'] as const;
const SCHOOLS = ['schoolA', 'schoolB', 'directSchool', 'otherSchool'] as const;
const MEMBERS = ['mentorA', 'otherMemberA', 'memberB', 'memberDirect', 'memberOther'] as const;
const CANDIDATES = ['candidateA1', 'candidateA2', 'candidateB', 'candidateDirect', 'candidateOther'] as const;
const USERS = ['@cityCommittee', '@communeCommittee', '@secretaryA', '@secretaryDirect', '@mentorA', '@reporter'] as const;

export type RoleKey = 'cityCommittee' | 'communeCommittee' | 'secretaryA' | 'secretaryDirect' | 'mentorA' | 'reporter';
export const ROLE_KEYS: readonly RoleKey[] = ['cityCommittee', 'communeCommittee', 'secretaryA', 'secretaryDirect', 'mentorA', 'reporter'];

/** What each tenant user sees of its own tenant (ability.ts); of the other tenant, nothing. */
export const ROLE_SEES: Record<RoleKey, Record<Kind, readonly string[]>> = {
  cityCommittee: { organizations: ORGS, schools: SCHOOLS, members: MEMBERS, candidates: CANDIDATES, users: USERS },
  communeCommittee: {
    organizations: ['city', 'commune', 'cellA', 'cellB'],
    schools: ['schoolA', 'schoolB'],
    members: ['mentorA', 'otherMemberA', 'memberB'],
    candidates: ['candidateA1', 'candidateA2', 'candidateB'],
    users: ['@communeCommittee', '@secretaryA', '@mentorA'],
  },
  secretaryA: {
    organizations: ['city', 'commune', 'cellA'],
    schools: ['schoolA'],
    members: ['mentorA', 'otherMemberA'],
    candidates: ['candidateA1', 'candidateA2'],
    users: ['@secretaryA', '@mentorA'],
  },
  secretaryDirect: {
    organizations: ['city', 'directCell'],
    schools: ['directSchool'],
    members: ['memberDirect'],
    candidates: ['candidateDirect'],
    users: ['@secretaryDirect'],
  },
  mentorA: {
    organizations: ['city', 'commune', 'cellA'],
    schools: ['schoolA'],
    members: ['mentorA', 'otherMemberA'],
    candidates: ['candidateA1'],
    users: [],
  },
  reporter: { organizations: ORGS, schools: SCHOOLS, members: [], candidates: [], users: [] },
};

/** Roles that see nationalId (and the other restricted fields) of what they can read. */
export const READS_SENSITIVE: Record<RoleKey | 'admin', boolean> = {
  admin: true,
  cityCommittee: true,
  communeCommittee: true,
  secretaryA: true,
  secretaryDirect: true,
  mentorA: false,
  reporter: false,
};

export interface Entry {
  label: string;
  kind: Kind;
  id: number;
  gid: string;
  name: string;
  /** Path of the organization the record belongs to (its own for an organization); null for the admin. */
  path: string | null;
  /** Label of the owning organization (the parent, for an organization). */
  orgLabel: string | null;
  /** For organizations: the cell kind and their ancestors' labels, root first. */
  isCell?: boolean;
  ancestorLabels?: string[];
  /** For candidates: the mentor's label; for users: the member's label. */
  memberLabel?: string | null;
  nationalId?: string | null;
}

export interface PrincipalCase {
  /** "Một.communeCommittee", "admin". */
  name: string;
  roleKey: RoleKey | 'admin';
  tenant: TenantLabel | null;
  user: User;
  token: string;
  /** Expected visible labels of every kind, sorted. */
  sees: Record<Kind, string[]>;
}

export interface ScopingWorld {
  tenants: Record<TenantLabel, TenantWorld & { otherSchool: School }>;
  admin: User;
  entries: Entry[];
  byLabel: Map<string, Entry>;
  byGid: Map<string, Entry>;
  principals: PrincipalCase[];
  principal(name: string): PrincipalCase;
  /** Global id of a labelled record. */
  gidOf(label: string): string;
  /** Labels of global ids, sorted; an id that is not ours shows as "?<id>". */
  labelsOf(ids: readonly string[]): string[];
}

export const sorted = (labels: Iterable<string>): string[] => [...labels].sort();

/** Builds both tenants and the administrator, and the labels and expectations over them. */
/** A test server and the scoping world built on it (each suite starts its own). */
export async function startScopingWorld(): Promise<{ server: TestServer; world: ScopingWorld }> {
  const server = await startTestServer();
  return { server, world: await buildScopingWorld(server) };
}

export async function buildScopingWorld(server: TestServer): Promise<ScopingWorld> {
  const ds: DataSource = server.dataSource;
  const built = {} as Record<TenantLabel, TenantWorld & { otherSchool: School }>;
  for (const label of TENANT_LABELS) {
    const world = await buildTenantWorld(ds, label);
    // buildTenantWorld keeps otherCell's school to itself.
    const otherSchool = await ds.getRepository(School).findOneByOrFail({ organizationId: world.cells.otherCell.id });
    built[label] = { ...world, otherSchool };
  }
  const admin = await buildUser(ds, Role.SYSTEM_ADMIN, null);

  const entries: Entry[] = [];
  for (const t of TENANT_LABELS) {
    const w = built[t];
    const orgs: Record<(typeof ORGS)[number], Organization> = { city: w.city, commune: w.commune, otherCommune: w.otherCommune, ...w.cells };
    const orgLabelById = new Map(Object.entries(orgs).map(([key, o]) => [o.id, `${t}.${key}`]));
    const orgById = new Map(Object.values(orgs).map((o) => [o.id, o]));
    const memberLabelById = new Map(Object.entries(w.members).map(([key, m]) => [m.id, `${t}.${key}`]));
    const labelOfOrg = (id: number | null) => (id === null ? null : (orgLabelById.get(id) ?? `?org${id}`));
    const pathOfOrg = (id: number) => orgById.get(id)!.path;
    /** What every entry of a record that belongs to organization `organizationId` says. */
    const owned = (key: string, kind: Kind, id: number, globalId: string, name: string, organizationId: number) => ({
      label: `${t}.${key}`,
      kind,
      id,
      gid: globalId,
      name,
      path: pathOfOrg(organizationId),
      orgLabel: labelOfOrg(organizationId),
    });

    // Members get a national ID so the restricted field can be checked on them too.
    for (const member of Object.values(w.members)) {
      member.nationalId = `0${member.id}`.padStart(12, '9');
      await ds.getRepository(Member).update({ id: member.id }, { nationalId: member.nationalId });
    }

    for (const [key, o] of Object.entries(orgs)) {
      entries.push({
        label: `${t}.${key}`,
        kind: 'organizations',
        id: o.id,
        gid: gid.org(o),
        name: o.name,
        path: o.path,
        orgLabel: labelOfOrg(o.parentId),
        isCell: o.kind === 'SCHOOL_CELL',
        ancestorLabels: o.ancestorIds.map((id) => labelOfOrg(id)!),
      });
    }
    const schools: Record<(typeof SCHOOLS)[number], School> = { ...w.schools, otherSchool: w.otherSchool };
    for (const [key, s] of Object.entries(schools)) {
      entries.push(owned(key, 'schools', s.id, gid.school(s), s.name, s.organizationId));
    }
    for (const [key, m] of Object.entries(w.members)) {
      entries.push({ ...owned(key, 'members', m.id, gid.member(m), m.fullName, m.organizationId), nationalId: m.nationalId });
    }
    for (const [key, c] of Object.entries(w.candidates)) {
      entries.push({
        ...owned(key, 'candidates', c.id, gid.candidate(c), c.fullName, c.organizationId),
        memberLabel: c.mentorId === null ? null : (memberLabelById.get(c.mentorId) ?? `?member${c.mentorId}`),
        nationalId: c.nationalId,
      });
    }
    for (const [key, u] of Object.entries(w.users)) {
      entries.push({
        ...owned(`@${key}`, 'users', u.id, gid.user(u), u.email, u.organizationId!),
        memberLabel: u.memberId === null ? null : (memberLabelById.get(u.memberId) ?? `?member${u.memberId}`),
      });
    }
  }
  entries.push({ label: '@admin', kind: 'users', id: admin.id, gid: gid.user(admin), name: admin.email, path: null, orgLabel: null, memberLabel: null });

  const byLabel = new Map(entries.map((e) => [e.label, e]));
  const byGid = new Map(entries.map((e) => [e.gid, e]));
  if (byLabel.size !== entries.length || byGid.size !== entries.length) throw new Error('scoping world: labels or ids are not unique');

  const all = (kind: Kind) => sorted(entries.filter((e) => e.kind === kind).map((e) => e.label));
  const principals: PrincipalCase[] = [
    {
      name: 'admin',
      roleKey: 'admin',
      tenant: null,
      user: admin,
      token: server.tokenFor(admin),
      sees: { organizations: all('organizations'), schools: all('schools'), members: all('members'), candidates: all('candidates'), users: all('users') },
    },
  ];
  for (const t of TENANT_LABELS) {
    for (const roleKey of ROLE_KEYS) {
      const user = built[t].users[roleKey];
      const sees = {} as Record<Kind, string[]>;
      for (const kind of KINDS) sees[kind] = sorted(ROLE_SEES[roleKey][kind].map((key) => `${t}.${key}`));
      principals.push({ name: `${t}.${roleKey}`, roleKey, tenant: t, user, token: server.tokenFor(user), sees });
    }
  }

  return {
    tenants: built,
    admin,
    entries,
    byLabel,
    byGid,
    principals,
    principal(name) {
      const found = principals.find((p) => p.name === name);
      if (!found) throw new Error(`no principal ${name}`);
      return found;
    },
    gidOf(label) {
      const entry = byLabel.get(label);
      if (!entry) throw new Error(`no record labelled ${label}`);
      return entry.gid;
    },
    labelsOf(ids) {
      return sorted(ids.map((id) => byGid.get(id)?.label ?? `?${id}`));
    },
  };
}

/** Records the A1 SOURCE step as recorded by the city committee user (for `history { recordedBy }`). */
export async function recordA1AsCityCommittee(ds: DataSource, world: ScopingWorld, tenant: TenantLabel): Promise<void> {
  const w = world.tenants[tenant];
  await ds.getRepository(CandidateStageEvent).update({ candidateId: w.candidates.candidateA1.id }, { recordedByUserId: w.users.cityCommittee.id });
}

/** A global id of each type that exists nowhere. */
export const MISSING = {
  organization: toGlobalId('Organization', 987654321),
  candidate: toGlobalId('Candidate', 987654321),
};

/** Names of the principals, known before the world is built (for describe.each tables). */
export const PRINCIPAL_NAMES: readonly string[] = ['admin', ...TENANT_LABELS.flatMap((t) => ROLE_KEYS.map((r) => `${t}.${r}`))];

/** A connection as the tests query it. */
export interface IdConnection {
  totalCount: number;
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
