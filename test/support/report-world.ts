import type { DataSource } from 'typeorm';
import { insertCandidate, type StageStepSeed } from '../../src/modules/candidate/candidate.rows';
import { insertMember, type MemberSeed } from '../../src/modules/member/member.rows';
import { insertSchool, type HeadcountSeed } from '../../src/modules/school/school.rows';
import { Organization } from '../../src/modules/organization/organization.entity';
import { School, SchoolHeadcount } from '../../src/modules/school/school.entity';
import { Member } from '../../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent, CandidateStallReason } from '../../src/modules/candidate/candidate.entity';
import { Target, TargetMetric } from '../../src/modules/report/target.entity';
import {
  CandidateStage,
  EducationLevel,
  Gender,
  MemberStatus,
  OrganizationKind,
  PersonCategory,
  Role,
  SchoolLevel,
  StageEventKind,
  StallReason,
} from '../../src/domain/enums';
import type { User } from '../../src/modules/user/user.entity';
import { buildOrganization, buildUser } from '../factories';
import { Rng } from '../../src/tools/demo/rng';
import { addDays } from '../../src/common/dates';


/**
 * The reporting tests' world, and a reference computation of every reported figure written in
 * plain TypeScript over the rows read back from the database (nothing shared with src/).
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
 * same national ID); candidates
 * with seeded-random histories reaching every stage (and the ways out) on different dates; stall
 * reasons (some on closed candidates, one reason twice); deadlines past and future; two reverted
 * (corrected) steps with their CORRECTION events; non-step events; targets of 2023-2025 on cells,
 * a commune and the root.
 */

export const TODAY = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);

export interface PeriodCase {
  name: string;
  input: Record<string, unknown>;
  from: string;
  to: string;
  label: string;
  headcountSchoolYear: number;
  targetYear: number;
}

/** The three periods every figure is checked for. */
export const PERIODS: PeriodCase[] = [
  { name: 'the calendar year 2025', input: { year: 2025 }, from: '2025-01-01', to: '2025-12-31', label: '2025', headcountSchoolYear: 2025, targetYear: 2025 },
  { name: 'the school year 2023-2024', input: { schoolYear: 2023 }, from: '2023-09-01', to: '2024-08-31', label: 'năm học 2023-2024', headcountSchoolYear: 2023, targetYear: 2024 },
  {
    name: 'the range 2021-07-01 – 2023-03-31',
    input: { from: '2021-07-01', to: '2023-03-31' },
    from: '2021-07-01',
    to: '2023-03-31',
    label: '2021-07-01 – 2023-03-31',
    headcountSchoolYear: 2022,
    targetYear: 2023,
  },
  // Starts after the first day of its targets' year: the year's steps reach back before the period.
  {
    name: 'the range 2025-03-01 – 2025-10-31',
    input: { from: '2025-03-01', to: '2025-10-31' },
    from: '2025-03-01',
    to: '2025-10-31',
    label: '2025-03-01 – 2025-10-31',
    headcountSchoolYear: 2025,
    targetYear: 2025,
  },
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and dates


function dateBetween(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
  return addDays(from, rng.int(0, span));
}

// ---------------------------------------------------------------------------------------------
// The world

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Hữu'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hải', 'Hạnh', 'Khánh', 'Lan', 'Mai', 'Nga', 'Phúc', 'Quyên', 'Sơn', 'Tâm', 'Uyên', 'Vinh', 'Yến'];

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

interface CellPlan {
  key: string;
  name: string;
  level: SchoolLevel;
  headcounts: number[];
  secretary: 'principal' | 'notPrincipal' | 'none';
  generated: boolean;
}

export async function buildReportWorld(ds: DataSource): Promise<ReportWorld> {
  const em = ds.manager;
  const rng = new Rng(0x5eed2025);
  const personNames: string[] = [];
  let serial = 0;
  const personName = () => {
    serial += 1;
    const name = `${rng.pick(FAMILY)} ${rng.pick(MIDDLE)} ${rng.pick(GIVEN)} Kiểm${String(serial).padStart(3, '0')}`;
    personNames.push(name);
    return name;
  };

  const headcount = (year: number, level: SchoolLevel): HeadcountSeed => {
    const base = level === SchoolLevel.UPPER_SECONDARY ? 70 : level === SchoolLevel.PRESCHOOL ? 25 : 40;
    return {
      schoolYear: year,
      managers: rng.int(2, 4),
      teachers: base + rng.int(-8, 12),
      staff: rng.int(4, 12),
      students: base * rng.int(12, 20),
      grade12Students: level === SchoolLevel.UPPER_SECONDARY ? rng.int(150, 400) : 0,
    };
  };

  async function cellWithSchool(parent: Organization, plan: CellPlan): Promise<Organization> {
    const cell = await buildOrganization(ds, parent, { name: plan.name, kind: OrganizationKind.SCHOOL_CELL });
    await insertSchool(em, cell, { name: plan.name.replace('Chi bộ ', ''), level: plan.level, headcounts: plan.headcounts.map((y) => headcount(y, plan.level)) });
    return cell;
  }

  const categoriesFor = (level: SchoolLevel): PersonCategory[] =>
    level === SchoolLevel.UPPER_SECONDARY
      ? [PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER, PersonCategory.STUDENT, PersonCategory.STUDENT]
      : [PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER];

  async function membersOf(cell: Organization, plan: CellPlan): Promise<Member[]> {
    const made: Member[] = [];
    const count = rng.int(6, 12);
    for (let i = 0; i < count; i++) {
      const category = i === 0 ? PersonCategory.MANAGER : rng.pick(categoriesFor(plan.level));
      const seed: MemberSeed = { fullName: personName(), category };
      const shape = rng.int(0, 9);
      if (shape === 0) {
        // An old record: no dates at all, official.
        seed.admittedOn = null;
        seed.officialOn = null;
        seed.status = MemberStatus.OFFICIAL;
      } else if (shape === 1) {
        // Official with the date of recognition unknown.
        seed.admittedOn = dateBetween(rng, '2008-01-01', '2024-06-30');
        seed.officialOn = null;
        seed.status = MemberStatus.OFFICIAL;
      } else {
        const admittedOn = dateBetween(rng, shape < 4 ? '2020-06-01' : '2008-01-01', '2026-10-31');
        seed.admittedOn = admittedOn;
        const officialOn = addDays(admittedOn, rng.int(366, 420));
        if (officialOn < TODAY && rng.chance(0.9)) {
          seed.status = MemberStatus.OFFICIAL;
          seed.officialOn = officialOn;
        } else {
          seed.status = MemberStatus.PROBATIONARY;
          seed.officialOn = null;
        }
      }
      if (i === 0 && plan.secretary !== 'none') {
        seed.isSecretary = true;
        seed.isPrincipal = plan.secretary === 'principal';
      }
      if (i === 1 && plan.secretary === 'notPrincipal') seed.isPrincipal = true; // the principal, not the secretary
      made.push(await insertMember(em, cell, seed));
    }
    return made;
  }

  const PATH_UNDER_COMMITTEE = [
    CandidateStage.SOURCE,
    CandidateStage.SYMPATHIZER,
    CandidateStage.TRAINED,
    CandidateStage.DOSSIER,
    CandidateStage.CELL_RESOLVED,
    CandidateStage.COMMITTEE_RESOLVED,
    CandidateStage.ADMITTED,
    CandidateStage.PROBATIONARY,
    CandidateStage.OFFICIAL,
  ];
  const PATH_DIRECT = PATH_UNDER_COMMITTEE.filter((s) => s !== CandidateStage.COMMITTEE_RESOLVED);
  const STALL_REASONS = Object.values(StallReason);

  async function candidate(cell: Organization, level: SchoolLevel, steps: StageStepSeed[], extra: { category?: PersonCategory; stall?: StallReason[]; mentor?: Member | null; nationalId?: string } = {}) {
    const category = extra.category ?? (level === SchoolLevel.UPPER_SECONDARY && rng.chance(0.55) ? PersonCategory.STUDENT : rng.pick([PersonCategory.TEACHER, PersonCategory.TEACHER, PersonCategory.STAFF, PersonCategory.MANAGER]));
    const student = category === PersonCategory.STUDENT;
    return insertCandidate(em, cell, {
      fullName: personName(),
      dateOfBirth: student ? dateBetween(rng, '2005-01-01', '2008-12-31') : dateBetween(rng, '1975-01-01', '2000-12-31'),
      gender: rng.pick([Gender.FEMALE, Gender.MALE]),
      category,
      grade: student ? 12 : null,
      educationLevel: student ? EducationLevel.LOWER_SECONDARY : EducationLevel.UNIVERSITY,
      nationalId: extra.nationalId ?? String(100000000000 + rng.int(0, 899999999)),
      phone: '0912345678',
      mentor: extra.mentor ?? null,
      steps,
      stallReasons: extra.stall?.map((reason, i) => ({ reason, recordedOn: addDays(steps[steps.length - 1].on, 10 + i) })),
    });
  }

  /** A seeded-random history: some steps along the path, sometimes a way out, never after today. */
  async function randomCandidate(cell: Organization, level: SchoolLevel, direct: boolean, members: Member[]) {
    const path = direct ? PATH_DIRECT : PATH_UNDER_COMMITTEE;
    const reach = rng.int(1, path.length);
    let on = dateBetween(rng, '2020-01-01', '2026-06-30');
    const steps: StageStepSeed[] = [];
    for (let i = 0; i < reach; i++) {
      if (i > 0) on = addDays(on, path[i] === CandidateStage.OFFICIAL ? rng.int(366, 400) : rng.int(15, 190));
      if (on >= TODAY) break;
      steps.push({ stage: path[i], on });
    }
    const last = steps[steps.length - 1].stage;
    if (rng.chance(0.18)) {
      const exitOn = addDays(on, rng.int(10, 120));
      const exit =
        last === CandidateStage.PROBATIONARY
          ? CandidateStage.PROBATION_NOT_RECOGNIZED
          : last === CandidateStage.OFFICIAL
            ? null
            : rng.pick([CandidateStage.DROPPED, CandidateStage.REJECTED]);
      if (exit && exitOn < TODAY) steps.push({ stage: exit, on: exitOn });
    }
    const stall = rng.chance(0.35) ? (rng.chance(0.3) ? [rng.pick(STALL_REASONS), rng.pick(STALL_REASONS)] : [rng.pick(STALL_REASONS)]) : undefined;
    const made = await candidate(cell, level, steps, { stall, mentor: rng.chance(0.5) ? rng.pick(members) : null });
    const active = [CandidateStage.CELL_RESOLVED, CandidateStage.COMMITTEE_RESOLVED, CandidateStage.ADMITTED, CandidateStage.PROBATIONARY, CandidateStage.DOSSIER].includes(made.stage);
    if (active && rng.chance(0.7)) {
      await em.update(Candidate, { id: made.id }, { deadlineKind: 'DECISION', deadlineOn: addDays(TODAY, rng.int(-120, 90)) });
    }
    if (rng.chance(0.25)) {
      // Events that are not steps never count: a mentor change recorded with the current stage.
      await em.insert(CandidateStageEvent, {
        candidateId: made.id,
        tenantId: made.tenantId,
        organizationId: made.organizationId,
        kind: StageEventKind.MENTOR_CHANGED,
        fromStage: made.stage,
        toStage: made.stage,
        occurredOn: addDays(made.stageSince, 3) < TODAY ? addDays(made.stageSince, 3) : made.stageSince,
      });
    }
    return made;
  }

  async function populate(cell: Organization, plan: CellPlan, direct: boolean, candidates: number) {
    const members = await membersOf(cell, plan);
    for (let i = 0; i < candidates; i++) await randomCandidate(cell, plan.level, direct, members);
    return members;
  }

  // ----- Tenant "Một"
  const city = await buildOrganization(ds, null, { name: 'Thành ủy Một' });
  await insertSchool(em, city, { name: 'Trung tâm GDTX Một', level: SchoolLevel.CONTINUING, headcounts: [headcount(2022, SchoolLevel.CONTINUING), headcount(2025, SchoolLevel.CONTINUING)] });
  const c1 = await buildOrganization(ds, city, { name: 'Đảng ủy phường Một A' });
  const c2 = await buildOrganization(ds, city, { name: 'Đảng ủy xã Một B' });
  const c3 = await buildOrganization(ds, city, { name: 'Đảng ủy xã Một C' });
  const plans: { parent: Organization; plan: CellPlan }[] = [
    { parent: c1, plan: { key: 'c1a', name: 'Chi bộ Trường THPT Một A1', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: true } },
    { parent: c1, plan: { key: 'c1b', name: 'Chi bộ Trường THCS Một A2', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2025], secretary: 'notPrincipal', generated: true } },
    { parent: c2, plan: { key: 'c2a', name: 'Chi bộ Trường Tiểu học Một B1', level: SchoolLevel.PRIMARY, headcounts: [2023, 2025], secretary: 'principal', generated: true } },
    { parent: c2, plan: { key: 'c2b', name: 'Chi bộ Trường THPT Một B2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2023], secretary: 'principal', generated: true } },
    { parent: c2, plan: { key: 'c2c', name: 'Chi bộ Trường Mầm non Một B3', level: SchoolLevel.PRESCHOOL, headcounts: [2026], secretary: 'notPrincipal', generated: true } },
    { parent: c2, plan: { key: 'c2d', name: 'Chi bộ Trường THCS Một B4', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2022, 2024], secretary: 'principal', generated: true } },
    { parent: c2, plan: { key: 'c2e', name: 'Chi bộ Trường Tiểu học Một B5', level: SchoolLevel.PRIMARY, headcounts: [], secretary: 'none', generated: true } },
    { parent: c2, plan: { key: 'c2f', name: 'Chi bộ Trường THPT Một B6', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2022, 2023, 2024, 2025], secretary: 'principal', generated: true } },
    { parent: c3, plan: { key: 'c3a', name: 'Chi bộ Trường THPT Một C1', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2025], secretary: 'principal', generated: true } },
    { parent: city, plan: { key: 'cd', name: 'Chi bộ Trường THPT Một D', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: false } },
  ];
  const cells: Record<string, Organization> = {};
  const cellMembers: Record<string, Member[]> = {};
  for (const { parent, plan } of plans) {
    cells[plan.key] = await cellWithSchool(parent, plan);
    cellMembers[plan.key] = await populate(cells[plan.key], plan, parent.id === city.id, plan.generated ? rng.int(7, 12) : 0);
  }
  // A teacher of c1b recognised as official in January 2022.
  await candidate(
    cells.c1b,
    SchoolLevel.LOWER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2019-09-09' },
      { stage: CandidateStage.SYMPATHIZER, on: '2019-11-11' },
      { stage: CandidateStage.TRAINED, on: '2020-03-16' },
      { stage: CandidateStage.DOSSIER, on: '2020-06-15' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2020-09-14' },
      { stage: CandidateStage.COMMITTEE_RESOLVED, on: '2020-10-05' },
      { stage: CandidateStage.ADMITTED, on: '2020-11-23' },
      { stage: CandidateStage.PROBATIONARY, on: '2020-12-07' },
      { stage: CandidateStage.OFFICIAL, on: '2022-01-10' },
    ],
    { category: PersonCategory.TEACHER },
  );
  // Every category both ways in c3a: probationary since 2025-11-03 (official at no period end) and official since 2024-12-02.
  for (const category of Object.values(PersonCategory)) {
    await insertMember(em, cells.c3a, { fullName: personName(), category, status: MemberStatus.PROBATIONARY, admittedOn: '2025-11-03', officialOn: null });
    await insertMember(em, cells.c3a, { fullName: personName(), category, status: MemberStatus.OFFICIAL, admittedOn: '2023-11-27', officialOn: '2024-12-02' });
  }
  await insertSchool(em, c3, { name: 'Trường THCS Một C (chưa có chi bộ)', level: SchoolLevel.LOWER_SECONDARY, headcounts: [headcount(2021, SchoolLevel.LOWER_SECONDARY), headcount(2025, SchoolLevel.LOWER_SECONDARY)] });

  // The direct cell's hand-made candidates (no committee resolution under a city committee).
  const cd = cells.cd;
  const resolvedThenOfficial = await candidate(
    cd,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2021-09-06' },
      { stage: CandidateStage.SYMPATHIZER, on: '2021-11-15' },
      { stage: CandidateStage.TRAINED, on: '2022-03-10' },
      { stage: CandidateStage.DOSSIER, on: '2022-08-22' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2023-02-20' },
      { stage: CandidateStage.ADMITTED, on: '2023-04-14' },
      { stage: CandidateStage.PROBATIONARY, on: '2023-05-05' },
      { stage: CandidateStage.OFFICIAL, on: '2024-05-20' },
    ],
    { category: PersonCategory.TEACHER },
  );
  // The member the ceremony made: probationary until 2024-05-20.
  const madeMember = await insertMember(em, cd, { fullName: resolvedThenOfficial.fullName, category: PersonCategory.TEACHER, status: MemberStatus.OFFICIAL, admittedOn: '2023-05-05', officialOn: '2024-05-20' });
  await em.update(Candidate, { id: resolvedThenOfficial.id }, { memberId: madeMember.id });
  // A student admitted in 2025 and a student trained in 2025 and in 2023; one stalled student under 18.
  await candidate(
    cd,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2024-09-16' },
      { stage: CandidateStage.SYMPATHIZER, on: '2024-10-21' },
      { stage: CandidateStage.TRAINED, on: '2024-12-12' },
      { stage: CandidateStage.DOSSIER, on: '2025-01-13' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2025-02-17' },
      { stage: CandidateStage.ADMITTED, on: '2025-03-24' },
      { stage: CandidateStage.PROBATIONARY, on: '2025-04-07' },
    ],
    { category: PersonCategory.STUDENT },
  );
  await candidate(
    cd,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2022-10-03' },
      { stage: CandidateStage.SYMPATHIZER, on: '2022-11-07' },
      { stage: CandidateStage.TRAINED, on: '2023-03-09' },
    ],
    { category: PersonCategory.STUDENT, stall: [StallReason.UNDER_AGE] },
  );
  await candidate(
    cd,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2025-02-03' },
      { stage: CandidateStage.SYMPATHIZER, on: '2025-03-03' },
      { stage: CandidateStage.TRAINED, on: '2025-05-15' },
      { stage: CandidateStage.DROPPED, on: '2025-09-20' },
    ],
    { category: PersonCategory.STUDENT, stall: [StallReason.TRANSFERRED] },
  );
  // Admitted in October 2023 (inside the school year 2023-2024, outside the calendar year 2024
  // whose targets that school year is compared with); probation not recognised in December 2024.
  await candidate(
    cd,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2023-04-10' },
      { stage: CandidateStage.SYMPATHIZER, on: '2023-05-08' },
      { stage: CandidateStage.TRAINED, on: '2023-06-12' },
      { stage: CandidateStage.DOSSIER, on: '2023-07-10' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2023-09-18' },
      { stage: CandidateStage.ADMITTED, on: '2023-10-16' },
      { stage: CandidateStage.PROBATIONARY, on: '2023-11-02' },
      { stage: CandidateStage.PROBATION_NOT_RECOGNIZED, on: '2024-12-05' },
    ],
    { category: PersonCategory.STAFF },
  );
  await candidate(cd, SchoolLevel.UPPER_SECONDARY, [{ stage: CandidateStage.SOURCE, on: '2023-01-09' }], { category: PersonCategory.STAFF, stall: [StallReason.BACKGROUND_ISSUE, StallReason.BACKGROUND_ISSUE, StallReason.NOT_WILLING] });

  // A reverted admission decision in 2025 (c1a) and a reverted awareness class in 2023 (c2b):
  // the steps stay in the history, marked corrected, with the CORRECTION event that undid them.
  async function revertedLatest(cell: Organization, steps: StageStepSeed[], category: PersonCategory) {
    const made = await candidate(cell, SchoolLevel.UPPER_SECONDARY, steps, { category });
    const events = await em.find(CandidateStageEvent, { where: { candidateId: made.id }, order: { id: 'ASC' } });
    const latest = events[events.length - 1];
    const previous = events[events.length - 2];
    await em.update(CandidateStageEvent, { id: latest.id }, { corrected: true });
    await em.update(Candidate, { id: made.id }, { stage: previous.toStage, stageSince: previous.occurredOn });
    await em.insert(CandidateStageEvent, {
      candidateId: made.id,
      tenantId: made.tenantId,
      organizationId: made.organizationId,
      kind: StageEventKind.CORRECTION,
      fromStage: latest.toStage,
      toStage: previous.toStage,
      occurredOn: addDays(latest.occurredOn, 5),
      correctsEventId: latest.id,
      facts: JSON.stringify({ reason: 'Nhập nhầm', revert: true }),
    });
    return made;
  }
  await revertedLatest(
    cells.c1a,
    [
      { stage: CandidateStage.SOURCE, on: '2024-02-01' },
      { stage: CandidateStage.SYMPATHIZER, on: '2024-04-01' },
      { stage: CandidateStage.TRAINED, on: '2024-06-14' },
      { stage: CandidateStage.DOSSIER, on: '2024-10-01' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2025-02-10' },
      { stage: CandidateStage.COMMITTEE_RESOLVED, on: '2025-03-05' },
      { stage: CandidateStage.ADMITTED, on: '2025-05-20' },
    ],
    PersonCategory.STUDENT,
  );
  await revertedLatest(
    cells.c2b,
    [
      { stage: CandidateStage.SOURCE, on: '2023-09-11' },
      { stage: CandidateStage.SYMPATHIZER, on: '2023-10-02' },
      { stage: CandidateStage.TRAINED, on: '2023-11-20' },
    ],
    PersonCategory.STUDENT,
  );

  // ----- Tenant "Hai"
  const twoCity = await buildOrganization(ds, null, { name: 'Thành ủy Hai' });
  const d1 = await buildOrganization(ds, twoCity, { name: 'Đảng ủy phường Hai A' });
  const twoPlans: { parent: Organization; plan: CellPlan }[] = [
    { parent: d1, plan: { key: 'h1', name: 'Chi bộ Trường THCS Hai A1', level: SchoolLevel.LOWER_SECONDARY, headcounts: [2022, 2025], secretary: 'principal', generated: true } },
    { parent: d1, plan: { key: 'h2', name: 'Chi bộ Trường Tiểu học Hai A2', level: SchoolLevel.PRIMARY, headcounts: [2025], secretary: 'notPrincipal', generated: true } },
    { parent: twoCity, plan: { key: 'h3', name: 'Chi bộ Trường THPT Hai B', level: SchoolLevel.UPPER_SECONDARY, headcounts: [2021, 2025], secretary: 'principal', generated: true } },
  ];
  const twoCells: Record<string, Organization> = {};
  for (const { parent, plan } of twoPlans) {
    twoCells[plan.key] = await cellWithSchool(parent, plan);
    await populate(twoCells[plan.key], plan, parent.id === twoCity.id, rng.int(6, 9));
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
    headcounts: [headcount(2021, SchoolLevel.UPPER_SECONDARY), headcount(2024, SchoolLevel.UPPER_SECONDARY)],
  });
  for (const plan of [
    { key: 'sc1', name: 'Chi bộ Giáo viên Trường THPT Một C2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [], secretary: 'principal', generated: true },
    { key: 'sc2', name: 'Chi bộ Học sinh Trường THPT Một C2', level: SchoolLevel.UPPER_SECONDARY, headcounts: [], secretary: 'notPrincipal', generated: true },
  ] satisfies CellPlan[]) {
    cells[plan.key] = await buildOrganization(ds, schoolCommittee, { name: plan.name, kind: OrganizationKind.SCHOOL_CELL });
    cellMembers[plan.key] = await populate(cells[plan.key], plan, false, rng.int(5, 8));
  }
  // A roster row and a history of the same person (the same national ID, no link): the history
  // counts, the roster does not. And a roster member whose candidate history ended before the
  // admission (dropped in 2020): the roster's admission and recognition count.
  await candidate(
    cells.sc1,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2021-09-06' },
      { stage: CandidateStage.SYMPATHIZER, on: '2021-10-11' },
      { stage: CandidateStage.TRAINED, on: '2021-12-13' },
      { stage: CandidateStage.DOSSIER, on: '2022-02-14' },
      { stage: CandidateStage.CELL_RESOLVED, on: '2022-03-14' },
      { stage: CandidateStage.COMMITTEE_RESOLVED, on: '2022-04-04' },
      { stage: CandidateStage.ADMITTED, on: '2022-05-16' },
      { stage: CandidateStage.PROBATIONARY, on: '2022-06-01' },
      { stage: CandidateStage.OFFICIAL, on: '2023-06-12' },
    ],
    { category: PersonCategory.TEACHER, nationalId: '001190000001' },
  );
  await insertMember(em, cells.sc1, { fullName: personName(), category: PersonCategory.TEACHER, status: MemberStatus.OFFICIAL, admittedOn: '2022-06-01', officialOn: '2023-06-01', nationalId: '001190000001' });
  await candidate(
    cells.sc1,
    SchoolLevel.UPPER_SECONDARY,
    [
      { stage: CandidateStage.SOURCE, on: '2020-03-02' },
      { stage: CandidateStage.SYMPATHIZER, on: '2020-05-04' },
      { stage: CandidateStage.DROPPED, on: '2020-10-05' },
    ],
    { category: PersonCategory.STAFF, nationalId: '001190000002' },
  );
  await insertMember(em, cells.sc1, { fullName: personName(), category: PersonCategory.STAFF, status: MemberStatus.OFFICIAL, admittedOn: '2022-11-14', officialOn: '2023-11-20', nationalId: '001190000002' });

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

// ---------------------------------------------------------------------------------------------
// The reference computation

export interface Rows {
  organizations: Organization[];
  schools: School[];
  headcounts: SchoolHeadcount[];
  members: Member[];
  candidates: Candidate[];
  events: CandidateStageEvent[];
  stalls: CandidateStallReason[];
  targets: Target[];
}

const day = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** Every row of the fixture, read back through the repositories. */
export async function loadRows(ds: DataSource): Promise<Rows> {
  const rows: Rows = {
    organizations: await ds.getRepository(Organization).find(),
    schools: await ds.getRepository(School).find(),
    headcounts: await ds.getRepository(SchoolHeadcount).find(),
    members: await ds.getRepository(Member).find(),
    candidates: await ds.getRepository(Candidate).find(),
    events: await ds.getRepository(CandidateStageEvent).find({ order: { id: 'ASC' } }),
    stalls: await ds.getRepository(CandidateStallReason).find(),
    targets: await ds.getRepository(Target).find(),
  };
  for (const m of rows.members) {
    m.admittedOn = day(m.admittedOn);
    m.officialOn = day(m.officialOn);
  }
  for (const c of rows.candidates) c.deadlineOn = day(c.deadlineOn);
  for (const e of rows.events) e.occurredOn = day(e.occurredOn) as string;
  return rows;
}

export interface ExpectedStepFigures {
  total: number;
  byCategory: { category: PersonCategory; count: number }[];
  byLevel: { level: SchoolLevel; count: number }[];
}

export interface ExpectedStaffLevel {
  level: SchoolLevel;
  managers: number;
  teachers: number;
  staff: number;
  total: number;
  members: number;
  teacherMembers: number;
  membersRatio: number | null;
}

/** An admission, recognition or awareness class counted: where, and of whom. */
export interface CountedStep {
  organizationId: number;
  category: PersonCategory;
}

export interface ExpectedStatistics {
  period: { from: string; to: string; label: string; headcountSchoolYear: number; targetYear: number };
  schools: { total: number; withPartyOrganization: number; byLevel: { level: SchoolLevel; schools: number; withPartyOrganization: number }[] };
  cells: { total: number; withPrincipalSecretary: number };
  staff: {
    managers: number;
    teachers: number;
    staff: number;
    total: number;
    students: number;
    grade12Students: number;
    members: number;
    officialMembers: number;
    probationaryMembers: number;
    teacherMembers: number;
    studentMembers: number;
    membersRatio: number | null;
    byLevel: ExpectedStaffLevel[];
  };
  admissions: ExpectedStepFigures;
  officialRecognitions: ExpectedStepFigures;
  awarenessClass: ExpectedStepFigures;
  awarenessClassStudents: number;
  candidatesByStage: { stage: CandidateStage; count: number }[];
  stalledByReason: { reason: StallReason; count: number }[];
  overdueDeadlines: number;
  targets: { metric: TargetMetric; target: number; result: number; reached: boolean }[];
}

const CLOSED: string[] = [CandidateStage.OFFICIAL, CandidateStage.DROPPED, CandidateStage.REJECTED, CandidateStage.PROBATION_NOT_RECOGNIZED];
const PARTY_ORGANIZATIONS: string[] = [OrganizationKind.SCHOOL_CELL, OrganizationKind.SCHOOL_COMMITTEE];

export class Reference {
  private readonly orgById: Map<number, Organization>;
  private readonly schoolByOrg = new Map<number, School>();
  private readonly candidateById: Map<number, Candidate>;

  constructor(readonly rows: Rows) {
    this.orgById = new Map(rows.organizations.map((o) => [o.id, o]));
    for (const s of rows.schools) if (!this.schoolByOrg.has(s.organizationId)) this.schoolByOrg.set(s.organizationId, s);
    this.candidateById = new Map(rows.candidates.map((c) => [c.id, c]));
  }

  private under(organizationId: number, rootPath: string): boolean {
    const o = this.orgById.get(organizationId);
    return o !== undefined && o.path.startsWith(rootPath);
  }

  /** The standing steps of a candidate, in the order they happened. */
  standingSteps(candidateId: number): CandidateStageEvent[] {
    return this.rows.events.filter((e) => e.candidateId === candidateId && e.kind === StageEventKind.STEP && !e.corrected).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  }

  /** The candidate's stage at the end of `date` (null before their first step). */
  stageAt(candidateId: number, date: string): CandidateStageEvent | null {
    const steps = this.standingSteps(candidateId).filter((e) => e.occurredOn <= date);
    return steps[steps.length - 1] ?? null;
  }

  /** The level people of an organization are counted at: its school's, or its parent school committee's school's. */
  levelOf(organizationId: number): SchoolLevel | null {
    const own = this.schoolByOrg.get(organizationId);
    if (own) return own.level;
    const parent = this.orgById.get(this.orgById.get(organizationId)?.parentId ?? -1);
    return parent?.kind === OrganizationKind.SCHOOL_COMMITTEE ? (this.schoolByOrg.get(parent.id)?.level ?? null) : null;
  }

  /** Whether the member's person has a standing step to `stage`: the linked candidate (either way) or one of the tenant with the same national ID. */
  private hasHistory(m: Member, stage: CandidateStage): boolean {
    return this.rows.candidates.some(
      (c) =>
        (c.id === m.candidateId || c.memberId === m.id || (m.nationalId !== null && c.tenantId === m.tenantId && c.nationalId === m.nationalId)) &&
        this.standingSteps(c.id).some((e) => e.toStage === stage),
    );
  }

  /**
   * Admissions, recognitions or awareness classes from `from` to `to` in the subtree: the standing
   * steps (where the cell was then), and for admissions and recognitions the members' own dates
   * (where the member is now) when the person has no such step.
   */
  stepsTaken(rootPath: string, stage: CandidateStage, from: string, to: string): CountedStep[] {
    const steps: CountedStep[] = this.rows.events
      .filter((e) => e.kind === StageEventKind.STEP && !e.corrected && e.toStage === stage && e.occurredOn >= from && e.occurredOn <= to && this.under(e.organizationId, rootPath))
      .map((e) => ({ organizationId: e.organizationId, category: this.candidateById.get(e.candidateId)!.category }));
    const dateOf = (m: Member): string | null =>
      stage === CandidateStage.ADMITTED ? m.admittedOn : stage === CandidateStage.OFFICIAL && m.status === MemberStatus.OFFICIAL ? m.officialOn : null;
    for (const m of this.rows.members) {
      const on = dateOf(m);
      if (on !== null && on >= from && on <= to && this.under(m.organizationId, rootPath) && !this.hasHistory(m, stage)) steps.push({ organizationId: m.organizationId, category: m.category });
    }
    return steps;
  }

  private stepFigures(steps: CountedStep[]): ExpectedStepFigures {
    const byCategory = Object.values(PersonCategory)
      .map((category) => ({ category, count: steps.filter((e) => e.category === category).length }))
      .filter((row) => row.count > 0);
    const byLevel = Object.values(SchoolLevel)
      .map((level) => ({ level, count: steps.filter((e) => this.levelOf(e.organizationId) === level).length }))
      .filter((row) => row.count > 0);
    return { total: steps.length, byCategory, byLevel };
  }

  /** What a yearly target counts, in the subtree, from the start of the target year to the end of the period. */
  targetResult(rootPath: string, metric: TargetMetric, period: PeriodCase): number {
    const from = `${period.targetYear}-01-01`;
    const stage = metric === TargetMetric.ADMISSIONS || metric === TargetMetric.STUDENT_ADMISSIONS ? CandidateStage.ADMITTED : CandidateStage.TRAINED;
    const studentsOnly = metric === TargetMetric.STUDENT_ADMISSIONS || metric === TargetMetric.STUDENT_AWARENESS_CLASS;
    return this.stepsTaken(rootPath, stage, from, period.to).filter((e) => !studentsOnly || e.category === PersonCategory.STUDENT).length;
  }

  statistics(rootPath: string, period: PeriodCase, today: string = TODAY): ExpectedStatistics {
    const { from, to } = period;
    const orgs = this.rows.organizations.filter((o) => o.path.startsWith(rootPath));
    const orgIds = new Set(orgs.map((o) => o.id));

    const schools = this.rows.schools.filter((s) => orgIds.has(s.organizationId));
    const withParty = (list: School[]) => list.filter((s) => PARTY_ORGANIZATIONS.includes(this.orgById.get(s.organizationId)!.kind)).length;
    const schoolByLevel = Object.values(SchoolLevel)
      .map((level) => {
        const ofLevel = schools.filter((s) => s.level === level);
        return { level, schools: ofLevel.length, withPartyOrganization: withParty(ofLevel) };
      })
      .filter((row) => row.schools > 0);

    const cells = orgs.filter((o) => o.kind === OrganizationKind.SCHOOL_CELL);
    const withPrincipalSecretary = cells.filter((c) => this.rows.members.some((m) => m.organizationId === c.id && m.isSecretary && m.isPrincipal)).length;

    // Headcounts: each school's latest school year up to the one containing the period's end.
    const [endYear, endMonth] = to.split('-').map(Number);
    const schoolYear = endMonth >= 9 ? endYear : endYear - 1;
    const latest = schools
      .map((s) => ({ level: s.level, h: this.rows.headcounts.filter((h) => h.schoolId === s.id && h.schoolYear <= schoolYear).sort((a, b) => b.schoolYear - a.schoolYear)[0] }))
      .filter((row): row is { level: SchoolLevel; h: SchoolHeadcount } => row.h !== undefined);
    const heads = latest.map((row) => row.h);
    const total = (pick: (h: SchoolHeadcount) => number, of: SchoolHeadcount[] = heads) => of.reduce((n, h) => n + pick(h), 0);
    const managers = total((h) => h.managers);
    const teachers = total((h) => h.teachers);
    const staffCount = total((h) => h.staff);

    // Members at the end of the period.
    const members = this.rows.members.filter((m) => orgIds.has(m.organizationId) && (m.admittedOn === null || m.admittedOn <= to));
    const officialThen = (m: Member) => m.status === MemberStatus.OFFICIAL && (m.officialOn === null || m.officialOn <= to);
    const staffMembers = members.filter((m) => m.category !== PersonCategory.STUDENT);
    const staffTotal = managers + teachers + staffCount;

    const admissions = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.ADMITTED, from, to));
    const officialRecognitions = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.OFFICIAL, from, to));
    const awarenessClass = this.stepFigures(this.stepsTaken(rootPath, CandidateStage.TRAINED, from, to));

    const stageCounts = new Map<string, number>();
    for (const c of this.rows.candidates) {
      const last = this.stageAt(c.id, to);
      if (last && this.under(last.organizationId, rootPath)) stageCounts.set(last.toStage, (stageCounts.get(last.toStage) ?? 0) + 1);
    }

    const candidatesHere = this.rows.candidates.filter((c) => orgIds.has(c.organizationId));
    const activeHere = candidatesHere.filter((c) => !CLOSED.includes(c.stage));
    const stalledByReason = Object.values(StallReason)
      .map((reason) => ({ reason, count: activeHere.filter((c) => this.rows.stalls.some((r) => r.candidateId === c.id && r.reason === reason)).length }))
      .filter((row) => row.count > 0);

    const targets = this.rows.targets.filter((t) => orgIds.has(t.organizationId) && t.year === period.targetYear);
    const targetRows = Object.values(TargetMetric)
      .filter((metric) => targets.some((t) => t.metric === metric))
      .map((metric) => {
        const target = targets.filter((t) => t.metric === metric).reduce((n, t) => n + t.value, 0);
        const result = this.targetResult(rootPath, metric, period);
        return { metric, target, result, reached: result >= target };
      });

    return {
      period: { from: period.from, to: period.to, label: period.label, headcountSchoolYear: period.headcountSchoolYear, targetYear: period.targetYear },
      schools: { total: schools.length, withPartyOrganization: withParty(schools), byLevel: schoolByLevel },
      cells: { total: cells.length, withPrincipalSecretary },
      staff: {
        managers,
        teachers,
        staff: staffCount,
        total: staffTotal,
        students: total((h) => h.students),
        grade12Students: total((h) => h.grade12Students),
        members: staffMembers.length,
        officialMembers: staffMembers.filter(officialThen).length,
        probationaryMembers: staffMembers.filter((m) => !officialThen(m)).length,
        teacherMembers: members.filter((m) => m.category === PersonCategory.TEACHER).length,
        studentMembers: members.filter((m) => m.category === PersonCategory.STUDENT).length,
        membersRatio: staffTotal > 0 ? staffMembers.length / staffTotal : null,
        byLevel: Object.values(SchoolLevel)
          .map((level) => {
            const ofLevel = latest.filter((row) => row.level === level).map((row) => row.h);
            const levelMembers = staffMembers.filter((m) => this.levelOf(m.organizationId) === level);
            const levelTotal = total((h) => h.managers + h.teachers + h.staff, ofLevel);
            return {
              level,
              managers: total((h) => h.managers, ofLevel),
              teachers: total((h) => h.teachers, ofLevel),
              staff: total((h) => h.staff, ofLevel),
              total: levelTotal,
              members: levelMembers.length,
              teacherMembers: levelMembers.filter((m) => m.category === PersonCategory.TEACHER).length,
              membersRatio: levelTotal > 0 ? levelMembers.length / levelTotal : null,
            };
          })
          .filter((row) => row.total > 0 || row.members > 0),
      },
      admissions,
      officialRecognitions,
      awarenessClass,
      awarenessClassStudents: awarenessClass.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
      candidatesByStage: Object.values(CandidateStage)
        .filter((stage) => stageCounts.has(stage))
        .map((stage) => ({ stage, count: stageCounts.get(stage) as number })),
      stalledByReason,
      overdueDeadlines: candidatesHere.filter((c) => c.deadlineOn !== null && c.deadlineOn < today).length,
      targets: targetRows,
    };
  }

  /** The organizations of the subtree behind one of their own targets of the year, by the end of the period. */
  targetsBehind(rootPath: string, period: PeriodCase): { organizationId: number; metric: TargetMetric; target: number; result: number }[] {
    return this.rows.targets
      .filter((t) => t.year === period.targetYear && this.under(t.organizationId, rootPath))
      .map((t) => ({ organizationId: t.organizationId, metric: t.metric, target: t.value, result: this.targetResult(this.orgById.get(t.organizationId)!.path, t.metric, period) }))
      .filter((row) => row.result < row.target)
      .sort((a, b) => a.organizationId - b.organizationId || a.metric.localeCompare(b.metric));
  }

  childrenOf(organizationId: number): Organization[] {
    return this.rows.organizations.filter((o) => o.parentId === organizationId).sort((a, b) => a.id - b.id);
  }

  organization(id: number): Organization {
    return this.orgById.get(id)!;
  }
}

// ---------------------------------------------------------------------------------------------
// The GraphQL side

export const STATISTICS_FIELDS = `
  period { from to label headcountSchoolYear targetYear }
  schools { total withPartyOrganization byLevel { level schools withPartyOrganization } }
  cells { total withPrincipalSecretary }
  staff { managers teachers staff total students grade12Students members officialMembers probationaryMembers teacherMembers studentMembers membersRatio
          byLevel { level managers teachers staff total members teacherMembers membersRatio } }
  admissions { total byCategory { category count } byLevel { level count } }
  officialRecognitions { total byCategory { category count } byLevel { level count } }
  awarenessClass { total byCategory { category count } byLevel { level count } }
  awarenessClassStudents
  candidatesByStage { stage count }
  stalledByReason { reason count }
  overdueDeadlines
  targets { metric target result reached }`;

export const STATISTICS_QUERY = `query ($id: ID!, $period: PeriodInput) {
  statistics(organizationId: $id, period: $period) {
    organization { id name }
    ${STATISTICS_FIELDS}
    byChild { organization { id name } ${STATISTICS_FIELDS} }
    targetsBehind { organization { id } metric target result }
  }
}`;

export type GqlStatistics = ExpectedStatistics & {
  organization: { id: string; name: string } | null;
  byChild: (ExpectedStatistics & { organization: { id: string; name: string } | null })[];
  targetsBehind: { organization: { id: string } | null; metric: TargetMetric; target: number; result: number }[];
};

/** The figures of a response without its organization, children and targetsBehind, and (optionally) without targets. */
export function figuresOf(s: ExpectedStatistics & { organization?: unknown; byChild?: unknown; targetsBehind?: unknown }, withTargets = true): Partial<ExpectedStatistics> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { organization, byChild, targetsBehind, targets, ...rest } = s;
  return withTargets ? { ...rest, targets } : rest;
}
