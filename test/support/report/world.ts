import type { DataSource } from 'typeorm';
import { insertMember } from '../../../src/modules/member/member.rows';
import { insertSchool } from '../../../src/modules/school/school.rows';
import type { Organization } from '../../../src/modules/organization/organization.entity';
import type { Member } from '../../../src/modules/member/member.entity';
import { Candidate } from '../../../src/modules/candidate/candidate.entity';
import { Target, TargetMetric } from '../../../src/modules/report/target.entity';
import { MemberStatus, OrganizationKind, PersonCategory, Role, SchoolLevel, StallReason } from '../../../src/domain/enums';
import type { User } from '../../../src/modules/user/user.entity';
import { buildOrganization, buildUser } from '../../factories';
import { history, ReportPeople, type CellPlan } from './people';

/**
 * The reporting tests' world: two tenants of organizations, schools and people laid out for the
 * figures to differ (./people.ts draws the people; ./reference.ts computes every figure over it).
 *
 * Tenant "Một":
 *   Thành ủy Một ─┬─ (Trung tâm GDTX Một: a school on the city itself, no party organization)
 *                 ├─ Đảng ủy phường Một A ─┬─ c1a THPT   (headcounts 2021, 2025)
 *                 │                        └─ c1b THCS   (2025)
 *                 ├─ Đảng ủy xã Một B ─────┬─ c2a Tiểu học (2023, 2025)   c2b THPT (2021, 2023)
 *                 │   (6 cells)            ├─ c2c Mầm non (2026 only)      c2d THCS (2022, 2024)
 *                 │                        └─ c2e Tiểu học (none)          c2f THPT (2021-2025)
 *                 ├─ Đảng ủy xã Một C ─────┬─ c3a THPT (2025)
 *                 │                        ├─ (Trường THCS Một C: no party organization, 2021, 2025)
 *                 │                        └─ schoolCommittee: Đảng ủy Trường THPT Một C2 (2021, 2024)
 *                 │                             └─ sc1, sc2: cells without a school of their own
 *                 └─ cd THPT directly under the city (2021, 2025): hand-made candidates only
 * Tenant "Hai": Thành ủy Hai ─┬─ Đảng ủy phường Hai A ─┬─ h1 THCS, h2 Tiểu học
 *                             └─ h3 THPT directly under the city
 *
 * Members of every category and both statuses, admitted and recognised over 2008-2026, most of
 * them without a candidate history (a roster), three of them people who have one (linked, or the
 * same national ID); candidates with seeded-random histories reaching every stage (and the ways out) on different dates; stall
 * reasons (some on closed candidates, one reason twice); deadlines past and future; two reverted
 * (corrected) steps with their CORRECTION events; non-step events; targets of 2023-2025 on cells,
 * a commune and the root.
 */

export interface ReportWorld {
  tenants: {
    one: { city: Organization; c1: Organization; c2: Organization; c3: Organization; schoolCommittee: Organization; cells: Record<string, Organization> };
    two: { city: Organization; d1: Organization; cells: Record<string, Organization> };
  };
  /** Every person's full name (members and candidates of both tenants) and user display names. */
  personNames: string[];
  /** The candidate now OFFICIAL who was CELL_RESOLVED at the end of 2023-03-31 (in cd). */
  resolvedThenOfficial: Candidate;
  users: {
    admin: User;
    cityCommittee: User;
    c1Committee: User;
    c2Committee: User;
    secretaryC1a: User;
    secretaryCd: User;
    mentorC1a: User;
    reporter: User;
    reporterC1: User;
    twoCityCommittee: User;
    twoReporter: User;
  };
}

/** The cells with a school of their own, under their parent's key, in the order they are built (the seeded values follow it). */
const CELLS: (CellPlan & { parent: 'city' | 'c1' | 'c2' | 'c3' | 'twoCity' | 'd1' })[] = [
  { parent: 'c1', key: 'c1a', name: 'Chi bộ Trường THPT Một A1', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: true },
  { parent: 'c1', key: 'c1b', name: 'Chi bộ Trường THCS Một A2', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2025], secretary: 'notPrincipal', generated: true },
  { parent: 'c2', key: 'c2a', name: 'Chi bộ Trường Tiểu học Một B1', level: SchoolLevel.PRIMARY, headcounts: [2023, 2025], secretary: 'principal', generated: true },
  { parent: 'c2', key: 'c2b', name: 'Chi bộ Trường THPT Một B2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2023], secretary: 'principal', generated: true },
  { parent: 'c2', key: 'c2c', name: 'Chi bộ Trường Mầm non Một B3', level: SchoolLevel.PRESCHOOL, headcounts: [2026], secretary: 'notPrincipal', generated: true },
  { parent: 'c2', key: 'c2d', name: 'Chi bộ Trường THCS Một B4', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2022, 2024], secretary: 'principal', generated: true },
  { parent: 'c2', key: 'c2e', name: 'Chi bộ Trường Tiểu học Một B5', level: SchoolLevel.PRIMARY, headcounts: [], secretary: 'none', generated: true },
  { parent: 'c2', key: 'c2f', name: 'Chi bộ Trường THPT Một B6', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2022, 2023, 2024, 2025], secretary: 'principal', generated: true },
  { parent: 'c3', key: 'c3a', name: 'Chi bộ Trường THPT Một C1', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2025], secretary: 'principal', generated: true },
  { parent: 'city', key: 'cd', name: 'Chi bộ Trường THPT Một D', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: false },
  { parent: 'd1', key: 'h1', name: 'Chi bộ Trường THCS Hai A1', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2022, 2025], secretary: 'principal', generated: true },
  { parent: 'd1', key: 'h2', name: 'Chi bộ Trường Tiểu học Hai A2', level: SchoolLevel.PRIMARY, headcounts: [2025], secretary: 'notPrincipal', generated: true },
  { parent: 'twoCity', key: 'h3', name: 'Chi bộ Trường THPT Hai B', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: true },
];

export async function buildReportWorld(ds: DataSource): Promise<ReportWorld> {
  const em = ds.manager;
  const people = new ReportPeople(ds);
  const { rng, personNames } = people;

  // ----- Tenant "Một"
  const city = await buildOrganization(ds, null, { name: 'Thành ủy Một' });
  await insertSchool(em, city, { name: 'Trung tâm GDTX Một', level: SchoolLevel.CONTINUING, headcounts: [people.headcount(2022, SchoolLevel.CONTINUING), people.headcount(2025, SchoolLevel.CONTINUING)] });
  const c1 = await buildOrganization(ds, city, { name: 'Đảng ủy phường Một A' });
  const c2 = await buildOrganization(ds, city, { name: 'Đảng ủy xã Một B' });
  const c3 = await buildOrganization(ds, city, { name: 'Đảng ủy xã Một C' });
  const cells: Record<string, Organization> = {};
  const cellMembers: Record<string, Member[]> = {};
  const oneParents = { city, c1, c2, c3 };
  for (const plan of CELLS.filter((p) => p.parent in oneParents)) {
    const parent = oneParents[plan.parent as keyof typeof oneParents];
    cells[plan.key] = await people.cellWithSchool(parent, plan);
    cellMembers[plan.key] = await people.populate(cells[plan.key], plan, parent.id === city.id, plan.generated ? rng.int(7, 12) : 0);
  }
  // A teacher of c1b recognised as official in January 2022.
  await people.candidate(cells.c1b, SchoolLevel.LOWER_SECONDARY, history('SOURCE 2019-09-09, SYMPATHIZER 2019-11-11, TRAINED 2020-03-16, DOSSIER 2020-06-15, CELL_RESOLVED 2020-09-14, COMMITTEE_RESOLVED 2020-10-05, ADMITTED 2020-11-23, PROBATIONARY 2020-12-07, OFFICIAL 2022-01-10'), { category: PersonCategory.TEACHER });
  // Every category both ways in c3a: probationary since 2025-11-03 (official at no period end) and official since 2024-12-02.
  for (const category of Object.values(PersonCategory)) {
    await insertMember(em, cells.c3a, { fullName: people.personName(), category, status: MemberStatus.PROBATIONARY, admittedOn: '2025-11-03', officialOn: null });
    await insertMember(em, cells.c3a, { fullName: people.personName(), category, status: MemberStatus.OFFICIAL, admittedOn: '2023-11-27', officialOn: '2024-12-02' });
  }
  await insertSchool(em, c3, { name: 'Trường THCS Một C (chưa có chi bộ)', level: SchoolLevel.LOWER_SECONDARY, headcounts: [people.headcount(2021, SchoolLevel.LOWER_SECONDARY), people.headcount(2025, SchoolLevel.LOWER_SECONDARY)] });

  // The direct cell's hand-made candidates (no committee resolution under a city committee).
  const cd = cells.cd;
  const resolvedThenOfficial = await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2021-09-06, SYMPATHIZER 2021-11-15, TRAINED 2022-03-10, DOSSIER 2022-08-22, CELL_RESOLVED 2023-02-20, ADMITTED 2023-04-14, PROBATIONARY 2023-05-05, OFFICIAL 2024-05-20'), { category: PersonCategory.TEACHER });
  // The member the ceremony made: probationary until 2024-05-20.
  const madeMember = await insertMember(em, cd, { fullName: resolvedThenOfficial.fullName, category: PersonCategory.TEACHER, status: MemberStatus.OFFICIAL, admittedOn: '2023-05-05', officialOn: '2024-05-20' });
  await em.update(Candidate, { id: resolvedThenOfficial.id }, { memberId: madeMember.id });
  // A student admitted in 2025 and a student trained in 2025 and in 2023; one stalled student under 18.
  await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2024-09-16, SYMPATHIZER 2024-10-21, TRAINED 2024-12-12, DOSSIER 2025-01-13, CELL_RESOLVED 2025-02-17, ADMITTED 2025-03-24, PROBATIONARY 2025-04-07'), { category: PersonCategory.STUDENT });
  await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2022-10-03, SYMPATHIZER 2022-11-07, TRAINED 2023-03-09'), { category: PersonCategory.STUDENT, stall: [StallReason.UNDER_AGE] });
  await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2025-02-03, SYMPATHIZER 2025-03-03, TRAINED 2025-05-15, DROPPED 2025-09-20'), { category: PersonCategory.STUDENT, stall: [StallReason.TRANSFERRED] });
  // Admitted in October 2023 (inside the school year 2023-2024, outside the calendar year 2024
  // whose targets that school year is compared with); probation not recognised in December 2024.
  await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2023-04-10, SYMPATHIZER 2023-05-08, TRAINED 2023-06-12, DOSSIER 2023-07-10, CELL_RESOLVED 2023-09-18, ADMITTED 2023-10-16, PROBATIONARY 2023-11-02, PROBATION_NOT_RECOGNIZED 2024-12-05'), { category: PersonCategory.STAFF });
  await people.candidate(cd, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2023-01-09'), { category: PersonCategory.STAFF, stall: [StallReason.BACKGROUND_ISSUE, StallReason.BACKGROUND_ISSUE, StallReason.NOT_WILLING] });

  // A reverted admission decision in 2025 (c1a) and a reverted awareness class in 2023 (c2b).
  await people.revertedLatest(cells.c1a, history('SOURCE 2024-02-01, SYMPATHIZER 2024-04-01, TRAINED 2024-06-14, DOSSIER 2024-10-01, CELL_RESOLVED 2025-02-10, COMMITTEE_RESOLVED 2025-03-05, ADMITTED 2025-05-20'), PersonCategory.STUDENT);
  await people.revertedLatest(cells.c2b, history('SOURCE 2023-09-11, SYMPATHIZER 2023-10-02, TRAINED 2023-11-20'), PersonCategory.STUDENT);

  // ----- Tenant "Hai"
  const twoCity = await buildOrganization(ds, null, { name: 'Thành ủy Hai' });
  const d1 = await buildOrganization(ds, twoCity, { name: 'Đảng ủy phường Hai A' });
  const twoCells: Record<string, Organization> = {};
  const twoParents = { twoCity, d1 };
  for (const plan of CELLS.filter((p) => p.parent in twoParents)) {
    const parent = twoParents[plan.parent as keyof typeof twoParents];
    twoCells[plan.key] = await people.cellWithSchool(parent, plan);
    await people.populate(twoCells[plan.key], plan, parent.id === twoCity.id, rng.int(6, 9));
  }

  // ----- Targets (set as rows; setTarget itself is tested through the API)
  const target = (organization: Organization, year: number, metric: TargetMetric, value: number) =>
    em.insert(Target, { tenantId: organization.tenantId, organizationId: organization.id, year, metric, value });
  await target(city, 2025, TargetMetric.ADMISSIONS, 5);
  await target(c1, 2025, TargetMetric.ADMISSIONS, 3);
  await target(cells.c1a, 2025, TargetMetric.STUDENT_ADMISSIONS, 3);
  await target(cells.c1a, 2025, TargetMetric.STUDENT_AWARENESS_CLASS, 10);
  await target(cells.c2a, 2024, TargetMetric.AWARENESS_CLASS, 2);
  await target(cells.c2f, 2024, TargetMetric.STUDENT_ADMISSIONS, 1);
  await target(cells.c2f, 2023, TargetMetric.ADMISSIONS, 1);
  await target(cells.cd, 2023, TargetMetric.STUDENT_AWARENESS_CLASS, 1);
  await target(cells.cd, 2024, TargetMetric.ADMISSIONS, 1);
  await target(cells.cd, 2025, TargetMetric.STUDENT_ADMISSIONS, 1);
  await target(c2, 2023, TargetMetric.AWARENESS_CLASS, 4);
  await target(twoCells.h3, 2025, TargetMetric.ADMISSIONS, 1);

  // ----- A school committee (Đảng bộ trường) under c3, built last so that the rows above keep
  // their seeded values: its school, and two cells of its own with no school (placed at the
  // committee's school's level), with members and candidates.
  const schoolCommittee = await buildOrganization(ds, c3, { name: 'Đảng ủy Trường THPT Một C2', kind: OrganizationKind.SCHOOL_COMMITTEE });
  await insertSchool(em, schoolCommittee, {
    name: 'Trường THPT Một C2',
    level: SchoolLevel.UPPER_SECONDARY,
    headcounts: [people.headcount(2021, SchoolLevel.UPPER_SECONDARY), people.headcount(2024, SchoolLevel.UPPER_SECONDARY)],
  });
  for (const plan of [
    { key: 'sc1', name: 'Chi bộ Giáo viên Trường THPT Một C2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [], secretary: 'principal', generated: true },
    { key: 'sc2', name: 'Chi bộ Học sinh Trường THPT Một C2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [], secretary: 'notPrincipal', generated: true },
  ] satisfies CellPlan[]) {
    cells[plan.key] = await buildOrganization(ds, schoolCommittee, { name: plan.name, kind: OrganizationKind.SCHOOL_CELL });
    cellMembers[plan.key] = await people.populate(cells[plan.key], plan, false, rng.int(5, 8));
  }
  // A roster row and a history of the same person (the same national ID, no link): the history
  // counts, the roster does not. And a roster member whose candidate history ended before the
  // admission (dropped in 2020): the roster's admission and recognition count.
  await people.candidate(cells.sc1, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2021-09-06, SYMPATHIZER 2021-10-11, TRAINED 2021-12-13, DOSSIER 2022-02-14, CELL_RESOLVED 2022-03-14, COMMITTEE_RESOLVED 2022-04-04, ADMITTED 2022-05-16, PROBATIONARY 2022-06-01, OFFICIAL 2023-06-12'), { category: PersonCategory.TEACHER, nationalId: '001190000001' });
  await insertMember(em, cells.sc1, { fullName: people.personName(), category: PersonCategory.TEACHER, status: MemberStatus.OFFICIAL, admittedOn: '2022-06-01', officialOn: '2023-06-01', nationalId: '001190000001' });
  await people.candidate(cells.sc1, SchoolLevel.UPPER_SECONDARY, history('SOURCE 2020-03-02, SYMPATHIZER 2020-05-04, DROPPED 2020-10-05'), { category: PersonCategory.STAFF, nationalId: '001190000002' });
  await insertMember(em, cells.sc1, { fullName: people.personName(), category: PersonCategory.STAFF, status: MemberStatus.OFFICIAL, admittedOn: '2022-11-14', officialOn: '2023-11-20', nationalId: '001190000002' });

  // ----- Users
  const users: ReportWorld['users'] = {
    admin: await buildUser(ds, Role.SYSTEM_ADMIN, null),
    cityCommittee: await buildUser(ds, Role.COMMITTEE, city),
    c1Committee: await buildUser(ds, Role.COMMITTEE, c1),
    c2Committee: await buildUser(ds, Role.COMMITTEE, c2),
    secretaryC1a: await buildUser(ds, Role.CELL_SECRETARY, cells.c1a),
    secretaryCd: await buildUser(ds, Role.CELL_SECRETARY, cd),
    mentorC1a: await buildUser(ds, Role.MENTOR, cells.c1a, cellMembers.c1a[1]),
    reporter: await buildUser(ds, Role.REPORTER, city),
    reporterC1: await buildUser(ds, Role.REPORTER, c1),
    twoCityCommittee: await buildUser(ds, Role.COMMITTEE, twoCity),
    twoReporter: await buildUser(ds, Role.REPORTER, twoCity),
  };
  personNames.push(...Object.values(users).map((u) => u.displayName));

  return {
    tenants: { one: { city, c1, c2, c3, schoolCommittee, cells }, two: { city: twoCity, d1, cells: twoCells } },
    personNames,
    resolvedThenOfficial,
    users,
  };
}