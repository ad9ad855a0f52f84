import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { insertCandidate, type CandidateSeed } from '../../src/modules/candidate/candidate.rows';
import { insertMember, type MemberSeed } from '../../src/modules/member/member.rows';
import { insertOrganization, type OrganizationSeed } from '../../src/modules/organization/organization.rows';
import { insertSchool } from '../../src/modules/school/school.rows';
import { insertUser } from '../../src/modules/user/user.rows';
import { Organization } from '../../src/modules/organization/organization.entity';
import type { Member } from '../../src/modules/member/member.entity';
import type { Candidate } from '../../src/modules/candidate/candidate.entity';
import type { School } from '../../src/modules/school/school.entity';
import type { User } from '../../src/modules/user/user.entity';
import { CandidateStage, EducationLevel, Gender, OrganizationKind, PersonCategory, Role, SchoolLevel } from '../../src/domain/enums';
import { toGlobalId } from '../../src/graphql/global-id';

/** Factories: each test makes its own rows, with overrides; nothing depends on another test's data. */
export const TEST_PASSWORD = 'test-password-123';
const TEST_PASSWORD_HASH = bcrypt.hashSync(TEST_PASSWORD, 4);

const unique = () => crypto.randomBytes(3).toString('hex');

export async function buildOrganization(
  ds: DataSource,
  parent: Organization | null,
  overrides: Partial<OrganizationSeed> = {},
): Promise<Organization> {
  const kind = overrides.kind ?? (parent ? OrganizationKind.COMMUNE_COMMITTEE : OrganizationKind.CITY_COMMITTEE);
  return insertOrganization(ds.manager, parent, { name: `Đảng ủy thử nghiệm ${unique()}`, kind, code: `T-${unique()}`, ...overrides });
}

export async function buildCell(ds: DataSource, parent: Organization, overrides: Partial<OrganizationSeed> & { level?: SchoolLevel } = {}): Promise<{ cell: Organization; school: School }> {
  const suffix = unique();
  const cell = await buildOrganization(ds, parent, { name: `Chi bộ Trường Thử nghiệm ${suffix}`, kind: OrganizationKind.SCHOOL_CELL, ...overrides });
  const school = await insertSchool(ds.manager, cell, {
    name: `Trường Thử nghiệm ${suffix}`,
    level: overrides.level ?? SchoolLevel.LOWER_SECONDARY,
    headcounts: [{ schoolYear: 2025, managers: 3, teachers: 40, staff: 7, students: 600, grade12Students: 0 }],
  });
  return { cell, school };
}

/** A city committee, a commune committee under it and a school cell under the commune, and a committee user of the city. */
export async function buildCityToCell(ds: DataSource, names: { city: string; commune: string; cell?: Partial<OrganizationSeed> }) {
  const city = await buildOrganization(ds, null, { name: names.city });
  const commune = await buildOrganization(ds, city, { name: names.commune });
  const { cell } = await buildCell(ds, commune, names.cell);
  const committee = await buildUser(ds, Role.COMMITTEE, city);
  return { city, commune, cell, committee };
}

export async function buildMember(ds: DataSource, cell: Organization, overrides: Partial<MemberSeed> = {}): Promise<Member> {
  return insertMember(ds.manager, cell, { fullName: `Nguyễn Văn ${unique()}`, category: PersonCategory.TEACHER, admittedOn: '2015-05-19', officialOn: '2016-05-19', ...overrides });
}

export async function buildCandidate(ds: DataSource, cell: Organization, overrides: Partial<CandidateSeed> = {}): Promise<Candidate> {
  return insertCandidate(ds.manager, cell, {
    fullName: `Trần Thị ${unique()}`,
    dateOfBirth: '1995-03-10',
    gender: Gender.FEMALE,
    category: PersonCategory.TEACHER,
    educationLevel: EducationLevel.UNIVERSITY,
    nationalId: String(100000000000 + crypto.randomInt(0, 899999999999)),
    phone: '0912345678',
    steps: [{ stage: CandidateStage.SOURCE, on: '2026-01-05' }],
    ...overrides,
  });
}

export async function buildUser(ds: DataSource, role: Role, organization: Organization | null, member: Member | null = null): Promise<User> {
  return insertUser(ds.manager, {
    email: `${role.toLowerCase()}.${unique()}@test.ketnap`,
    displayName: `Người dùng ${unique()}`,
    role,
    organization,
    member,
    passwordHash: TEST_PASSWORD_HASH,
  });
}

export const gid = {
  org: (o: { id: number }) => toGlobalId('Organization', o.id),
  school: (s: { id: number }) => toGlobalId('School', s.id),
  member: (m: { id: number }) => toGlobalId('Member', m.id),
  candidate: (c: { id: number }) => toGlobalId('Candidate', c.id),
  user: (u: { id: number }) => toGlobalId('User', u.id),
};

/**
 * Two tenants shaped like the real ones: a city committee with a commune over two cells and a
 * cell directly under the city; members, candidates with mentors, and a user for every role.
 */
export async function buildTenantWorld(ds: DataSource, label: string) {
  const city = await buildOrganization(ds, null, { name: `Thành ủy ${label}` });
  const commune = await buildOrganization(ds, city, { name: `Đảng ủy phường ${label}` });
  const otherCommune = await buildOrganization(ds, city, { name: `Đảng ủy xã ${label}` });
  const { cell: cellA, school: schoolA } = await buildCell(ds, commune, { name: `Chi bộ Trường THCS ${label} A` });
  const { cell: cellB, school: schoolB } = await buildCell(ds, commune, { name: `Chi bộ Trường Tiểu học ${label} B`, level: SchoolLevel.PRIMARY });
  const { cell: directCell, school: directSchool } = await buildCell(ds, city, { name: `Chi bộ Trường THPT ${label} C`, level: SchoolLevel.UPPER_SECONDARY });
  const { cell: otherCell } = await buildCell(ds, otherCommune, { name: `Chi bộ Trường Mầm non ${label} D`, level: SchoolLevel.PRESCHOOL });
  const mentorA = await buildMember(ds, cellA, { fullName: `Lê Văn Giúp ${label}` });
  const otherMemberA = await buildMember(ds, cellA);
  const memberB = await buildMember(ds, cellB);
  const memberDirect = await buildMember(ds, directCell);
  const memberOther = await buildMember(ds, otherCell);
  const candidateA1 = await buildCandidate(ds, cellA, { fullName: `Phạm Thị Hoa ${label}`, mentor: mentorA });
  const candidateA2 = await buildCandidate(ds, cellA, { fullName: `Đỗ Văn Nam ${label}`, mentor: otherMemberA });
  const candidateB = await buildCandidate(ds, cellB, { fullName: `Võ Minh Khoa ${label}`, mentor: memberB });
  const candidateDirect = await buildCandidate(ds, directCell, { fullName: `Huỳnh Thanh Tâm ${label}`, category: PersonCategory.STUDENT, grade: 12, dateOfBirth: '2008-05-10' });
  const candidateOther = await buildCandidate(ds, otherCell, { fullName: `Ngô Thị Lan ${label}` });
  const users = {
    cityCommittee: await buildUser(ds, Role.COMMITTEE, city),
    communeCommittee: await buildUser(ds, Role.COMMITTEE, commune),
    secretaryA: await buildUser(ds, Role.CELL_SECRETARY, cellA),
    secretaryDirect: await buildUser(ds, Role.CELL_SECRETARY, directCell),
    mentorA: await buildUser(ds, Role.MENTOR, cellA, mentorA),
    reporter: await buildUser(ds, Role.REPORTER, city),
  };
  return {
    city,
    commune,
    otherCommune,
    cells: { cellA, cellB, directCell, otherCell },
    schools: { schoolA, schoolB, directSchool },
    members: { mentorA, otherMemberA, memberB, memberDirect, memberOther },
    candidates: { candidateA1, candidateA2, candidateB, candidateDirect, candidateOther },
    users,
  };
}

export type TenantWorld = Awaited<ReturnType<typeof buildTenantWorld>>;

/** Reloads an organization (its path changes when it moves). */
export async function reloadOrganization(ds: DataSource, id: number): Promise<Organization> {
  return ds.getRepository(Organization).findOneByOrFail({ id });
}
