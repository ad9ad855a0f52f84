/**
 * The demo data set: four tenants built from the source articles (shared/seeds).
 *
 * - Thành ủy Cao Lãnh (seed 000): 54 schools, 1,920 managers/teachers/staff, 1,347 members
 *   (70.16%), 48 admissions since 2021 (42 teachers, 6 students), candidates at every stage.
 * - Huyện ủy Tam Đảo (seed 001): 36 cells (35 under communes, 1 directly under the district),
 *   859 members = 74.6% of 1,151, 785 teachers, 29/36 secretaries are principals, 210 admitted
 *   between 2017 and 2022-05-17.
 * - Huyện ủy Định Hóa (seed 002): Chi bộ Trường THCS Bình Thành and its ceremony of 13/4/2022.
 * - Thị ủy Cai Lậy (seed 004): 3 THPT cells with 85 members, 4,410 pupils (1,410 in grade 12),
 *   student candidates turning 18 in their last school year.
 *
 * Deterministic: every tenant has its own seeded PRNG and all dates derive from fixed dates.
 * The demo's "today" is 2026-11-01: no step is dated on or after it.
 */
import type { EntityManager } from 'typeorm';
import type { Organization } from '../../modules/organization/organization.entity';
import type { Member } from '../../modules/member/member.entity';
import { CandidateStage as S, EducationLevel, Gender, OrganizationKind, PersonCategory, Role, SchoolLevel, StallReason } from '../../domain/enums';
import { formatDate } from '../../common/dates';
import { insertOrganization } from '../../modules/organization/organization.rows';
import { insertSchool, type HeadcountSeed } from '../../modules/school/school.rows';
import { insertUser } from '../../modules/user/user.rows';
import {
  People,
  Rng,
  activePlan,
  addDays,
  addYears,
  admittedPlan,
  cellByTag,
  dateBetween,
  insertPlanned,
  memberOf,
  onWeekday,
  pathTo,
  recognitionAfter,
  seedMembers,
  student,
  teacher,
  type ActiveSpec,
  type CandidatePlan,
  type Cell,
  type Tenant,
} from './demo-people';

export interface DemoUser {
  email: string;
  role: Role;
  organizationName: string;
  tenant: string;
}

export interface DemoSummary {
  users: DemoUser[];
  organizations: number;
  schools: number;
  members: number;
  candidates: number;
}

async function createTenant(
  em: EntityManager,
  seed: Omit<Tenant, 'rng' | 'people' | 'root' | 'counters' | 'counts' | 'users'> & { prng: number; province: string },
): Promise<Tenant> {
  const root = await insertOrganization(em, null, { name: seed.name, kind: OrganizationKind.CITY_COMMITTEE, code: seed.code, mayDecideAdmission: true });
  const { prng, province, ...rest } = seed;
  const rng = new Rng(prng);
  return {
    ...rest,
    rng,
    people: new People(rng, province),
    root,
    counters: new Map(),
    counts: { organizations: 1, schools: 0, members: 0, candidates: 0 },
    users: [],
  };
}

/** Largest-remainder split of `total` in proportion to `weights` (exact sums). */
function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const result = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, rest = total - result.reduce((a, b) => a + b, 0); rest > 0; k++, rest--) result[order[k][1]]++;
  return result;
}

// ---------------------------------------------------------------------------------------------
// The tree: commune committees, cells and their schools

const SCHOOL_TAGS: Record<string, { level: SchoolLevel; prefix: string }> = {
  MN: { level: SchoolLevel.PRESCHOOL, prefix: 'Trường Mầm non' },
  TH: { level: SchoolLevel.PRIMARY, prefix: 'Trường Tiểu học' },
  THCS: { level: SchoolLevel.LOWER_SECONDARY, prefix: 'Trường THCS' },
  THPT: { level: SchoolLevel.UPPER_SECONDARY, prefix: 'Trường THPT' },
};
const BASE_SIZE: Record<SchoolLevel, number> = {
  PRESCHOOL: 26, PRIMARY: 36, LOWER_SECONDARY: 42, UPPER_SECONDARY: 80, CONTINUING: 30, HIGHER: 200,
};
const PUPILS_PER_STAFF: Record<SchoolLevel, number> = {
  PRESCHOOL: 11, PRIMARY: 21, LOWER_SECONDARY: 19, UPPER_SECONDARY: 15, CONTINUING: 15, HIGHER: 20,
};

interface CommuneSpec {
  name: string;
  code: string;
  /** "THCS:Kim Hồng" → Trường THCS Kim Hồng; "THCS=Trường PTDTNT THCS Tam Đảo" gives the full name. */
  schools: string[];
}

interface SchoolOverride {
  size?: number;
  students?: number;
  grade12?: number;
}

function parseTag(tag: string): { level: SchoolLevel; name: string; prefix: string } {
  const full = tag.includes('=');
  const [kind, rest] = tag.split(full ? '=' : ':');
  const spec = SCHOOL_TAGS[kind];
  return { level: spec.level, name: full ? rest : `${spec.prefix} ${rest}`, prefix: kind };
}

function headcounts(rng: Rng, level: SchoolLevel, size: number, override: SchoolOverride = {}): HeadcountSeed[] {
  const split = (total: number) => {
    const managers = level === SchoolLevel.UPPER_SECONDARY ? 4 : total >= 30 ? 3 : 2;
    const staff = Math.max(2, Math.round(total * 0.12));
    return { managers, teachers: total - managers - staff, staff };
  };
  const students = override.students ?? Math.round(size * PUPILS_PER_STAFF[level] * (0.9 + rng.next() * 0.2));
  const grade12 = level === SchoolLevel.UPPER_SECONDARY ? (override.grade12 ?? Math.round(students * 0.32)) : 0;
  const shrink = 0.93 + rng.next() * 0.04;
  return [
    { schoolYear: 2021, ...split(Math.round(size * shrink)), students: Math.round(students * 0.96), grade12Students: Math.round(grade12 * 0.96) },
    { schoolYear: 2025, ...split(size), students, grade12Students: grade12 },
  ];
}

/**
 * Creates the communes and the cells under them (and `direct` cells right under the root), each
 * cell with its school and headcounts. Staff sizes add up to `staffTotal` exactly when given.
 */
async function seedTree(
  em: EntityManager,
  t: Tenant,
  communes: CommuneSpec[],
  direct: string[],
  options: { staffTotal?: number; overrides?: Record<string, SchoolOverride> } = {},
): Promise<{ communes: Map<string, Organization>; cells: Cell[] }> {
  const slots = [
    ...communes.flatMap((commune) => commune.schools.map((tag) => ({ commune, tag }))),
    ...direct.map((tag) => ({ commune: null as CommuneSpec | null, tag })),
  ];
  const weights = slots.map(({ tag }) => options.overrides?.[tag]?.size ?? BASE_SIZE[parseTag(tag).level] * (0.8 + t.rng.next() * 0.4));
  const sizes = options.staffTotal ? allocate(options.staffTotal, weights) : weights.map(Math.round);
  const communeOrgs = new Map<string, Organization>();
  const perPrefix = new Map<string, number>();
  const cells: Cell[] = [];
  for (const [i, { commune, tag }] of slots.entries()) {
    let parent = t.root;
    if (commune) {
      let org = communeOrgs.get(commune.code);
      if (!org) {
        org = await insertOrganization(em, t.root, { name: commune.name, kind: OrganizationKind.COMMUNE_COMMITTEE, code: `${t.code}-${commune.code}` });
        communeOrgs.set(commune.code, org);
        t.counts.organizations++;
      }
      parent = org;
    }
    const { level, name, prefix } = parseTag(tag);
    const n = (perPrefix.get(prefix) ?? 0) + 1;
    perPrefix.set(prefix, n);
    const code = `${t.code}-${commune ? `${commune.code}-` : ''}${prefix}${String(n).padStart(2, '0')}`;
    const org = await insertOrganization(em, parent, { name: `Chi bộ ${name}`, kind: OrganizationKind.SCHOOL_CELL, code });
    await insertSchool(em, org, { name, level, code, headcounts: headcounts(t.rng, level, sizes[i], options.overrides?.[tag]) });
    t.counts.organizations++;
    t.counts.schools++;
    cells.push({ org, tag, schoolName: name, level, committee: commune ? parent : null, size: sizes[i], members: null, nextMentor: 0 });
  }
  return { communes: communeOrgs, cells };
}

// ---------------------------------------------------------------------------------------------
// Users

async function addUser(
  em: EntityManager,
  t: Tenant | null,
  passwordHash: string,
  seed: { email: string; displayName: string; role: Role; organization: Organization | null; member?: Member | null },
): Promise<DemoUser> {
  await insertUser(em, { ...seed, passwordHash });
  const user = { email: seed.email, role: seed.role, organizationName: seed.organization?.name ?? '', tenant: t?.name ?? '' };
  t?.users.push(user);
  return user;
}

/** The five users every tenant has: committee, commune, secretary and mentor of one cell, reporter. */
async function standardUsers(em: EntityManager, t: Tenant, passwordHash: string, commune: Organization, cell: Cell): Promise<void> {
  const { secretary, mentors } = cell.members!;
  const mail = (who: string) => `${who}.${t.slug}@ketnap.demo`;
  await addUser(em, t, passwordHash, { email: mail('committee'), displayName: `Ban Tổ chức ${t.name}`, role: Role.COMMITTEE, organization: t.root });
  await addUser(em, t, passwordHash, { email: mail('commune'), displayName: `Văn phòng ${commune.name}`, role: Role.COMMITTEE, organization: commune });
  await addUser(em, t, passwordHash, { email: mail('secretary'), displayName: secretary.fullName, role: Role.CELL_SECRETARY, organization: cell.org, member: secretary });
  await addUser(em, t, passwordHash, { email: mail('mentor'), displayName: mentors[0].fullName, role: Role.MENTOR, organization: cell.org, member: mentors[0] });
  await addUser(em, t, passwordHash, { email: mail('reporter'), displayName: `Báo cáo thống kê ${t.name}`, role: Role.REPORTER, organization: t.root });
}

function done(t: Tenant, log: (message: string) => void): Tenant {
  const c = t.counts;
  log(`${t.name}: ${c.organizations} organizations, ${c.schools} schools, ${c.members} members, ${c.candidates} candidates, ${t.users.length} users`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// 1. Thành ủy Cao Lãnh (seed 000)

const CAO_LANH_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy Phường 1', code: 'P1', schools: ['THPT:Thành phố Cao Lãnh', 'THCS:Kim Hồng', 'TH:Kim Đồng', 'TH:Trần Quốc Toản', 'MN:Sen Hồng'] },
  { name: 'Đảng ủy Phường 2', code: 'P2', schools: ['THPT:Thiên Hộ Dương', 'THCS:Nguyễn Du', 'TH:Nguyễn Trãi', 'TH:Lê Văn Tám', 'MN:Hoa Sen'] },
  { name: 'Đảng ủy Phường 3', code: 'P3', schools: ['THCS:Lê Quý Đôn', 'TH:Chu Văn An', 'TH:Võ Thị Sáu', 'MN:Tuổi Thơ', 'MN:Họa Mi'] },
  { name: 'Đảng ủy Phường 4', code: 'P4', schools: ['THCS:Phạm Hữu Lầu', 'TH:Phù Đổng', 'TH:Lý Tự Trọng', 'MN:Hương Sen'] },
  { name: 'Đảng ủy Phường 6', code: 'P6', schools: ['THPT:Đỗ Công Tường', 'THCS:Nguyễn Văn Khải', 'TH:Nguyễn Văn Trỗi', 'MN:Rạng Đông', 'MN:Măng Non'] },
  { name: 'Đảng ủy Phường 11', code: 'P11', schools: ['THCS:Phường 11', 'TH:Phường 11', 'TH:Đinh Bộ Lĩnh', 'MN:Phường 11'] },
  { name: 'Đảng ủy Phường Hòa Thuận', code: 'HT', schools: ['THCS:Hòa Thuận', 'TH:Hòa Thuận', 'TH:Trần Phú', 'MN:Hòa Thuận'] },
  { name: 'Đảng ủy xã Mỹ Tân', code: 'MT', schools: ['THCS:Mỹ Tân', 'TH:Mỹ Tân 1', 'TH:Mỹ Tân 2', 'MN:Mỹ Tân', 'MN:Bông Sen'] },
  { name: 'Đảng ủy xã Tịnh Thới', code: 'TTH', schools: ['THCS:Tịnh Thới', 'TH:Tịnh Thới 1', 'TH:Tịnh Thới 2', 'MN:Tịnh Thới'] },
  { name: 'Đảng ủy xã Tân Thuận Đông', code: 'TTD', schools: ['THCS:Tân Thuận Đông', 'TH:Tân Thuận Đông 1', 'TH:Tân Thuận Đông 2', 'MN:Tân Thuận Đông', 'MN:Sơn Ca'] },
  { name: 'Đảng ủy xã Tân Thuận Tây', code: 'TTT', schools: ['THCS:Tân Thuận Tây', 'TH:Tân Thuận Tây', 'MN:Tân Thuận Tây', 'MN:Vành Khuyên'] },
  { name: 'Đảng ủy xã Mỹ Trà', code: 'MTR', schools: ['THCS:Mỹ Trà', 'TH:Mỹ Trà', 'MN:Mỹ Trà', 'MN:Hoa Mai'] },
];

/** The 6 students admitted since 2021 (ADMITTED dates), in the THPT cells. */
const CAO_LANH_STUDENT_ADMISSIONS = ['2021-05-12', '2022-04-20', '2023-05-10', '2024-03-27', '2024-05-15', '2025-04-23'];
/** Months of the teachers' admission decisions (none in Aug-Oct, so no probation ends near today). */
const DECISION_MONTHS = [1, 2, 3, 4, 5, 6, 7, 11];

const CAO_LANH_ACTIVE: ActiveSpec[] = [
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.SYMPATHIZER, on: '2026-03-16', born: '2008-05-10' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.SOURCE, on: '2026-09-21', born: '2009-02-14' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.DOSSIER, on: '2026-09-08' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.CELL_RESOLVED, on: '2026-10-05' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.COMMITTEE_RESOLVED, on: '2026-10-20' },
  { tag: 'THPT:Thiên Hộ Dương', stage: S.TRAINED, on: '2026-08-10', born: '2008-01-20' },
  { tag: 'THPT:Thiên Hộ Dương', stage: S.SOURCE, on: '2026-04-06', stall: [StallReason.NOT_WILLING, 'Chưa muốn vào Đảng, cần tiếp tục vận động'] },
  { tag: 'THPT:Đỗ Công Tường', stage: S.SYMPATHIZER, on: '2026-02-23', born: '2008-10-02' },
  { tag: 'THPT:Đỗ Công Tường', stage: S.DOSSIER, on: '2026-07-20' },
  { tag: 'THCS:Kim Hồng', stage: S.SOURCE, on: '2026-02-02', born: '1967-04-12', category: PersonCategory.TEACHER, stall: [StallReason.NEAR_RETIREMENT, 'Lớn tuổi, sắp nghỉ hưu'] },
  { tag: 'THCS:Mỹ Tân', stage: S.TRAINED, on: '2026-06-15', stall: [StallReason.BACKGROUND_ISSUE, 'Vướng lý lịch: chưa thẩm tra xong lý lịch người thân'] },
  { tag: 'TH:Kim Đồng', stage: S.SYMPATHIZER, on: '2026-05-11', stall: [StallReason.QUALIFICATION, 'Hạn chế về trình độ chuyên môn, đang học nâng chuẩn'] },
  { tag: 'TH:Mỹ Trà', stage: S.SOURCE, on: '2026-03-09', stall: [StallReason.FAMILY_OR_ECONOMIC, 'Gia đình đơn chiếc, chú trọng kinh tế gia đình'] },
  { tag: 'MN:Hoa Sen', stage: S.TRAINED, on: '2026-04-20' },
  { tag: 'THCS:Tịnh Thới', stage: S.CELL_RESOLVED, on: '2026-06-01' },
  { tag: 'TH:Hòa Thuận', stage: S.CELL_RESOLVED, on: '2026-09-14' },
  { tag: 'THCS:Nguyễn Du', stage: S.COMMITTEE_RESOLVED, on: '2026-10-12' },
  { tag: 'MN:Tân Thuận Đông', stage: S.DOSSIER, on: '2026-08-24' },
  { tag: 'TH:Tân Thuận Tây', stage: S.SYMPATHIZER, on: '2026-06-22' },
  { tag: 'THCS:Lê Quý Đôn', stage: S.SOURCE, on: '2026-05-04', category: PersonCategory.STAFF },
  { tag: 'TH:Phù Đổng', stage: S.DROPPED, on: '2026-04-13', after: S.SYMPATHIZER, reason: 'Chuyển công tác sang tỉnh khác' },
  { tag: 'THCS:Phạm Hữu Lầu', stage: S.REJECTED, on: '2026-05-18', after: S.DOSSIER, reason: 'Biểu quyết của chi bộ không đạt 2/3 số đảng viên chính thức' },
];

async function seedCaoLanh(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Thành ủy Cao Lãnh', slug: 'caolanh', code: 'CL', prng: 0x0c4a0001, province: '087',
    decidedBy: 'Ban Thường vụ Thành ủy Cao Lãnh', signer: 'Nguyễn Văn Phúc', decisionSuffix: 'QĐ/TU',
    trainingCentre: 'Trung tâm Chính trị thành phố Cao Lãnh', memberAdmissions: ['1998-01-01', '2020-12-31'],
  });
  const { communes, cells } = await seedTree(em, t, CAO_LANH_COMMUNES, [], { staffTotal: 1920 });
  if (cells.length !== 54) throw new Error('Demo data: Cao Lãnh must have 54 schools');

  // The 48 admissions since 2021, planned first: their member rows are part of the 1,347.
  const admitted: CandidatePlan[] = [];
  const upper = cells.filter((c) => c.level === SchoolLevel.UPPER_SECONDARY);
  CAO_LANH_STUDENT_ADMISSIONS.forEach((on, i) => {
    const plan = admittedPlan(t, upper[i % upper.length], student(t, '2000-01-01'), onWeekday(on));
    const cellVote = plan.dates.find((d) => d.stage === S.CELL_RESOLVED)!.on;
    // Born early in the year that makes them 18 in grade 12, and 18 by the cell's vote.
    const dateOfBirth = dateBetween(t.rng, `${Number(cellVote.slice(0, 4)) - 18}-01-01`, addDays(addYears(cellVote, -18), -14));
    plan.person = { ...plan.person, dateOfBirth, nationalId: t.people.nationalId(plan.person.gender, dateOfBirth) };
    admitted.push(plan);
  });
  t.rng.shuffle(cells).slice(0, 42).forEach((cell, i) => {
    const year = 2021 + Math.floor((i * 5) / 42);
    const on = onWeekday(formatDate(year, t.rng.pick(DECISION_MONTHS), t.rng.int(1, 20)));
    admitted.push(admittedPlan(t, cell, teacher(t, cell), on));
  });

  // 1,347 members among the 1,920 managers, teachers and staff (70.16%), plus the 6 admitted students.
  const counts = allocate(1347 + CAO_LANH_STUDENT_ADMISSIONS.length, cells.map((c) => c.size));
  for (const [i, cell] of cells.entries()) {
    const fixed = admitted.filter((p) => p.cell === cell).map(memberOf);
    cell.members = await seedMembers(em, t, cell, { total: counts[i], fixed, staff: Math.round(counts[i] * 0.08) });
  }
  const decided = (plan: CandidatePlan) => plan.dates[plan.dates.length - 1].on;
  admitted.sort((a, b) => (decided(a) < decided(b) ? -1 : decided(a) > decided(b) ? 1 : 0));
  for (const plan of admitted) await insertPlanned(em, t, plan);
  for (const spec of CAO_LANH_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('P1')!, cellByTag(cells, 'THPT:Thành phố Cao Lãnh'));
  return t;
}

// ---------------------------------------------------------------------------------------------
// 2. Huyện ủy Tam Đảo (seed 001)

const TAM_DAO_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy thị trấn Hợp Châu', code: 'HC', schools: ['MN:Hợp Châu', 'TH:Hợp Châu', 'THCS:Hợp Châu', 'MN:Hoa Mai'] },
  { name: 'Đảng ủy thị trấn Đại Đình', code: 'DD', schools: ['MN:Đại Đình', 'TH:Đại Đình', 'THCS:Đại Đình', 'MN:Hoa Sen'] },
  { name: 'Đảng ủy thị trấn Tam Đảo', code: 'TTTD', schools: ['MN:Thị trấn Tam Đảo', 'TH:Thị trấn Tam Đảo'] },
  { name: 'Đảng ủy xã Hồ Sơn', code: 'HS', schools: ['MN:Hồ Sơn', 'TH:Hồ Sơn', 'THCS:Hồ Sơn', 'MN:Sơn Ca'] },
  { name: 'Đảng ủy xã Tam Quan', code: 'TQ', schools: ['MN:Tam Quan', 'TH:Tam Quan', 'THCS:Tam Quan', 'TH:Tam Quan 2'] },
  { name: 'Đảng ủy xã Đạo Trù', code: 'DT', schools: ['MN:Đạo Trù', 'TH:Đạo Trù', 'THCS:Đạo Trù', 'TH:Đạo Trù Thượng', 'MN:Hoa Ban'] },
  { name: 'Đảng ủy xã Yên Dương', code: 'YD', schools: ['MN:Yên Dương', 'TH:Yên Dương', 'THCS:Yên Dương', 'MN:Yên Dương 2'] },
  { name: 'Đảng ủy xã Bồ Lý', code: 'BL', schools: ['MN:Bồ Lý', 'TH:Bồ Lý', 'THCS:Bồ Lý', 'TH:Bồ Lý 2'] },
  { name: 'Đảng ủy xã Minh Quang', code: 'MQ', schools: ['MN:Minh Quang', 'TH:Minh Quang', 'THCS:Minh Quang', 'TH:Minh Quang 2'] },
];
const TAM_DAO_DIRECT = 'THCS=Trường PTDTNT THCS Tam Đảo';
/** Cells whose secretary is a vice-principal (7 of 36; the other 29 secretaries are principals). */
const TAM_DAO_VICE_PRINCIPAL_SECRETARIES = new Set([2, 7, 12, 17, 22, 27, 32]);

const TAM_DAO_ACTIVE: ActiveSpec[] = [
  { tag: 'THCS:Hợp Châu', stage: S.SYMPATHIZER, on: '2026-04-13' },
  { tag: 'THCS:Hợp Châu', stage: S.SOURCE, on: '2026-09-07' },
  { tag: 'THCS:Hợp Châu', stage: S.TRAINED, on: '2026-07-06' },
  { tag: 'THCS:Hợp Châu', stage: S.DOSSIER, on: '2026-09-21' },
  { tag: TAM_DAO_DIRECT, stage: S.SYMPATHIZER, on: '2026-03-02' },
  { tag: TAM_DAO_DIRECT, stage: S.CELL_RESOLVED, on: '2026-09-28' },
  { tag: 'TH:Đại Đình', stage: S.SOURCE, on: '2026-05-18', stall: [StallReason.FAMILY_OR_ECONOMIC, 'Hoàn cảnh gia đình khó khăn'] },
  { tag: 'TH:Đại Đình', stage: S.TRAINED, on: '2026-06-08' },
  { tag: 'MN:Hồ Sơn', stage: S.DOSSIER, on: '2026-08-17' },
  { tag: 'MN:Hồ Sơn', stage: S.COMMITTEE_RESOLVED, on: '2026-10-19' },
];

async function seedTamDao(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Huyện ủy Tam Đảo', slug: 'tamdao', code: 'TD', prng: 0x7a3d0002, province: '026',
    decidedBy: 'Ban Thường vụ Huyện ủy Tam Đảo', signer: 'Trần Quốc Khánh', decisionSuffix: 'QĐ/HU',
    trainingCentre: 'Trung tâm Chính trị huyện Tam Đảo', memberAdmissions: ['1996-01-01', '2016-12-30'],
  });
  const { communes, cells } = await seedTree(em, t, TAM_DAO_COMMUNES, [TAM_DAO_DIRECT], { staffTotal: 1151 });
  if (cells.length !== 36) throw new Error('Demo data: Tam Đảo must have 36 cells');

  // 859 members; non-teachers: 36 secretaries + 7 other principals (MANAGER) + 31 STAFF = 74, so 785 teachers.
  const counts = allocate(859, cells.map((c) => c.size));
  const recent = allocate(210, cells.map((c) => c.size));
  for (const [i, cell] of cells.entries()) {
    cell.members = await seedMembers(em, t, cell, {
      total: counts[i],
      secretaryIsPrincipal: !TAM_DAO_VICE_PRINCIPAL_SECRETARIES.has(i),
      staff: i < 31 ? 1 : 0,
      // The article's 210 from 2017 to its date; the later ones from 2023 to the end of the school year 2025-2026.
      windows: [
        { count: recent[i], from: '2017-01-01', to: '2022-05-17' },
        { count: i % 2, from: '2023-01-01', to: '2026-08-31' },
      ],
    });
  }
  for (const spec of TAM_DAO_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('HC')!, cellByTag(cells, 'THCS:Hợp Châu'));
  const direct = cellByTag(cells, TAM_DAO_DIRECT);
  await addUser(em, t, passwordHash, {
    email: 'secretary-direct.tamdao@ketnap.demo', displayName: direct.members!.secretary.fullName,
    role: Role.CELL_SECRETARY, organization: direct.org, member: direct.members!.secretary,
  });
  return t;
}

// ---------------------------------------------------------------------------------------------
// 3. Huyện ủy Định Hóa (seed 002)

async function seedDinhHoa(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Huyện ủy Định Hóa', slug: 'dinhhoa', code: 'DH', prng: 0xd10a0003, province: '019',
    decidedBy: 'Ban Thường vụ Huyện ủy Định Hóa', signer: 'Ma Văn Thắng', decisionSuffix: 'QĐ/HU',
    trainingCentre: 'Trung tâm Chính trị huyện Định Hóa', memberAdmissions: ['1998-01-01', '2020-12-31'],
  });
  const { communes, cells } = await seedTree(
    em,
    t,
    [
      { name: 'Đảng ủy xã Bình Thành', code: 'BT', schools: ['THCS:Bình Thành'] },
      { name: 'Đảng ủy thị trấn Chợ Chu', code: 'CC', schools: ['THCS:Chợ Chu', 'TH:Chợ Chu'] },
    ],
    [],
    { overrides: { 'THCS:Bình Thành': { size: 30, students: 412 } } },
  );
  const binhThanh = cellByTag(cells, 'THCS:Bình Thành');

  // Phan Đình Hùng and Trần Thị Mai: decision of the district standing committee, ceremony on 13/4/2022;
  // their probation ended on 13/4/2023, official from that day, recognised by decisions of 20/4 and 8/5/2023.
  const path = (recognisedOn: string): Omit<CandidatePlan, 'person' | 'facts'> => ({
    cell: binhThanh,
    dates: [
      { stage: S.SOURCE, on: '2020-09-14' },
      { stage: S.SYMPATHIZER, on: '2020-11-16' },
      { stage: S.TRAINED, on: '2021-07-09' },
      { stage: S.DOSSIER, on: '2021-11-22' },
      { stage: S.CELL_RESOLVED, on: '2022-01-10' },
      { stage: S.COMMITTEE_RESOLVED, on: '2022-02-21' },
      { stage: S.ADMITTED, on: '2022-03-15' },
    ],
    ceremony: '2022-04-13',
    recognition: recognitionAfter('2023-04-13', recognisedOn),
  });
  const hung: CandidatePlan = {
    ...path('2023-04-20'),
    person: teacher(t, binhThanh, { fullName: 'Phan Đình Hùng', gender: Gender.MALE, dateOfBirth: '1992-08-19', educationLevel: EducationLevel.UNIVERSITY }),
    facts: { [S.ADMITTED]: { decisionNumber: '1234-QĐ/HU' }, [S.COMMITTEE_RESOLVED]: { resolutionNumber: '45-NQ/ĐU' } },
  };
  const mai: CandidatePlan = {
    ...path('2023-05-08'),
    person: teacher(t, binhThanh, { fullName: 'Trần Thị Mai', gender: Gender.FEMALE, dateOfBirth: '1994-03-02', educationLevel: EducationLevel.UNIVERSITY }),
    facts: { [S.ADMITTED]: { decisionNumber: '1235-QĐ/HU' }, [S.COMMITTEE_RESOLVED]: { resolutionNumber: '46-NQ/ĐU' } },
  };

  binhThanh.members = await seedMembers(em, t, binhThanh, {
    total: 18,
    secretary: { fullName: 'Trần Văn Hùng', gender: Gender.MALE },
    fixed: [memberOf(hung), memberOf(mai)],
    staff: 1,
  });
  for (const cell of cells.filter((c) => c !== binhThanh)) {
    cell.members = await seedMembers(em, t, cell, { total: Math.round(cell.size * 0.65), staff: 1 });
  }
  await insertPlanned(em, t, hung);
  await insertPlanned(em, t, mai);
  // Sent to the awareness class in school year 2021-2022, then stalled.
  await insertPlanned(em, t, {
    cell: binhThanh,
    person: teacher(t, binhThanh),
    dates: pathTo(t.rng, binhThanh, S.TRAINED, '2021-12-10'),
    stall: { reason: StallReason.FAMILY_OR_ECONOMIC, note: 'Hoàn cảnh gia đình khó khăn, xin lùi thời gian', recordedOn: '2022-09-12' },
  });
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Bình Thành', stage: S.SYMPATHIZER, on: '2026-03-23' }));
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Bình Thành', stage: S.SOURCE, on: '2026-09-14' }));
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Chợ Chu', stage: S.SOURCE, on: '2026-10-05' }));

  await standardUsers(em, t, passwordHash, communes.get('BT')!, binhThanh);
  return t;
}

// ---------------------------------------------------------------------------------------------
// 4. Thị ủy Cai Lậy (seed 004)

const CAI_LAY_THPT = ['THPT:Đốc Binh Kiều', 'THPT:Tứ Kiệt', 'THPT:Lê Văn Phẩm'];
/** 2025-2026: 4,410 pupils, 1,410 of them in grade 12. */
const CAI_LAY_OVERRIDES: Record<string, SchoolOverride> = {
  'THPT:Đốc Binh Kiều': { size: 96, students: 1620, grade12: 520 },
  'THPT:Tứ Kiệt': { size: 88, students: 1500, grade12: 480 },
  'THPT:Lê Văn Phẩm': { size: 76, students: 1290, grade12: 410 },
};
const CAI_LAY_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy Phường 1', code: 'P1', schools: ['TH:Đinh Bộ Lĩnh', 'THCS:Phường 1'] },
  { name: 'Đảng ủy Phường 2', code: 'P2', schools: ['TH:Phường 2'] },
  { name: 'Đảng ủy Phường 4', code: 'P4', schools: ['TH:Phường 4', 'THCS:Phường 4'] },
  { name: 'Đảng ủy Phường 5', code: 'P5', schools: ['THCS:Phường 5'] },
  { name: 'Đảng ủy xã Nhị Mỹ', code: 'NM', schools: ['TH:Nhị Mỹ', 'THCS:Nhị Mỹ'] },
];
const CAI_LAY_ACTIVE: ActiveSpec[] = [
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SYMPATHIZER, on: '2026-01-19', born: '2008-03-15' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SOURCE, on: '2025-10-13', born: '2008-09-30' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SOURCE, on: '2026-09-28', born: '2009-04-22' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.DOSSIER, on: '2026-08-10' },
  { tag: 'THPT:Tứ Kiệt', stage: S.SYMPATHIZER, on: '2026-03-09', born: '2008-12-01' },
  { tag: 'THPT:Tứ Kiệt', stage: S.SOURCE, on: '2026-10-05', born: '2009-07-08' },
  { tag: 'THPT:Lê Văn Phẩm', stage: S.SOURCE, on: '2025-11-17', born: '2008-06-18' },
  { tag: 'THPT:Lê Văn Phẩm', stage: S.SYMPATHIZER, on: '2026-10-12', born: '2009-01-25' },
  { tag: 'THCS:Phường 4', stage: S.SYMPATHIZER, on: '2026-05-25' },
];

async function seedCaiLay(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Thị ủy Cai Lậy', slug: 'cailay', code: 'CLY', prng: 0xca1a0004, province: '082',
    decidedBy: 'Ban Thường vụ Thị ủy Cai Lậy', signer: 'Lê Thanh Tùng', decisionSuffix: 'QĐ/TU',
    trainingCentre: 'Trung tâm Chính trị thị xã Cai Lậy', memberAdmissions: ['1998-01-01', '2024-06-30'],
  });
  const { communes, cells } = await seedTree(em, t, CAI_LAY_COMMUNES, CAI_LAY_THPT, { overrides: CAI_LAY_OVERRIDES });
  const upper = CAI_LAY_THPT.map((tag) => cellByTag(cells, tag));
  const counts = allocate(85, upper.map((c) => c.size));
  for (const [i, cell] of upper.entries()) cell.members = await seedMembers(em, t, cell, { total: counts[i], staff: 2 });
  for (const cell of cells.filter((c) => !upper.includes(c))) {
    cell.members = await seedMembers(em, t, cell, { total: Math.round(cell.size * 0.62), staff: 1 });
  }
  for (const spec of CAI_LAY_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('P4')!, upper[0]);
  return t;
}

// ---------------------------------------------------------------------------------------------

/** Seeds the four demo tenants and their users; `em` is inside the caller's transaction. */
export async function seedDemoData(em: EntityManager, passwordHash: string, log: (message: string) => void = () => {}): Promise<DemoSummary> {
  const admin = await addUser(em, null, passwordHash, { email: 'admin@ketnap.demo', displayName: 'Quản trị hệ thống', role: Role.SYSTEM_ADMIN, organization: null });
  const tenants: Tenant[] = [];
  for (const seed of [seedCaoLanh, seedTamDao, seedDinhHoa, seedCaiLay]) tenants.push(done(await seed(em, passwordHash), log));
  const total = (key: keyof Tenant['counts']) => tenants.reduce((sum, t) => sum + t.counts[key], 0);
  return {
    users: [admin, ...tenants.flatMap((t) => t.users)],
    organizations: total('organizations'),
    schools: total('schools'),
    members: total('members'),
    candidates: total('candidates'),
  };
}
