/**
 * The people of the demo data set, made deterministically: a seeded PRNG, Vietnamese names,
 * calendar dates and identifiers, then the members of a cell and the candidates on their way,
 * written with the seed builder. Nothing here reads the clock or Math.random, so the same seed
 * always gives the same people. The tenants themselves are in demo-data.ts.
 */
import type { EntityManager } from 'typeorm';
import type { Organization } from '../../modules/organization/organization.entity';
import type { Member } from '../../modules/member/member.entity';
import { Member as MemberEntity } from '../../modules/member/member.entity';
import { Candidate } from '../../modules/candidate/candidate.entity';
import { CandidateStage as S, EducationLevel, Gender, MemberStatus, PersonCategory, SchoolLevel, StageEventKind, StallReason } from '../../domain/enums';
import { addMonths, formatDate, fullMonthsBetween, parts } from '../../common/dates';
import { insertCandidate, type StageStepSeed } from '../../modules/candidate/candidate.rows';
import { insertMember, insertMembers, type MemberSeed } from '../../modules/member/member.rows';
import type { DemoUser } from './demo-data';

/** mulberry32: small, fast and good enough for demo data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD strings, no time zones)

const DAY_MS = 24 * 3600 * 1000;

function toUtc(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  const value = new Date(ms);
  return formatDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

export function addYears(date: string, years: number): string {
  return addMonths(date, years * 12);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

/** Documents are signed on working days: a Saturday or Sunday moves to the next Monday. */
export function onWeekday(date: string): string {
  const weekday = new Date(toUtc(date)).getUTCDay();
  if (weekday === 6) return addDays(date, 2);
  if (weekday === 0) return addDays(date, 1);
  return date;
}

/** A day in [from, to], both included. */
export function dateBetween(rng: Rng, from: string, to: string): string {
  return addDays(from, rng.int(0, daysBetween(from, to)));
}

// ---------------------------------------------------------------------------------------------
// Names

const FAMILY_NAMES = [
  'Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan',
  'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trương', 'Lương', 'Mai', 'Cao', 'Tạ', 'Đoàn', 'Lâm',
];
const MALE_MIDDLE = ['Văn', 'Văn', 'Văn', 'Đức', 'Minh', 'Hữu', 'Quốc', 'Thanh', 'Công', 'Ngọc', 'Trọng', 'Xuân', 'Đình', 'Tấn', 'Hoàng'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Thị', 'Ngọc', 'Thanh', 'Thu', 'Kim', 'Minh', 'Hồng', 'Mỹ', 'Bích', 'Phương', 'Thúy'];
const MALE_GIVEN = [
  'Hùng', 'Dũng', 'Minh', 'Tuấn', 'Hải', 'Nam', 'Long', 'Phong', 'Quang', 'Sơn', 'Thắng', 'Trung', 'Khoa', 'Bảo', 'Huy', 'Khánh',
  'Lâm', 'Nhân', 'Phúc', 'Tài', 'Thành', 'Tiến', 'Toàn', 'Vinh', 'Hiếu', 'Đạt', 'Cường', 'Hòa', 'Lộc', 'Tâm', 'Trí', 'Duy', 'Hưng',
  'Kiên', 'Nghĩa', 'Quân', 'Thịnh', 'Việt',
];
const FEMALE_GIVEN = [
  'Lan', 'Hoa', 'Mai', 'Hương', 'Thảo', 'Trang', 'Linh', 'Ngọc', 'Hạnh', 'Nhung', 'Phương', 'Thủy', 'Yến', 'Hằng', 'Dung', 'Loan',
  'Vân', 'Hà', 'Oanh', 'Trinh', 'Tuyết', 'Diễm', 'Nga', 'Hiền', 'Huyền', 'Ly', 'My', 'Nhi', 'Quyên', 'Thư', 'Tiên', 'Uyên', 'Xuân',
  'Giang', 'Châu', 'Ánh',
];

// ---------------------------------------------------------------------------------------------
// People

/** Generates the people of one tenant: names, national ids (CCCD) and phone numbers. */
export class People {
  private serial = 0;

  /** provinceCode: the 3-digit province code that opens a CCCD number (Đồng Tháp 087...). */
  constructor(
    readonly rng: Rng,
    private readonly provinceCode: string,
  ) {}

  gender(femaleShare: number): Gender {
    return this.rng.chance(femaleShare) ? Gender.FEMALE : Gender.MALE;
  }

  name(gender: Gender): string {
    const female = gender === Gender.FEMALE;
    const middle = this.rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
    let given = this.rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    while (given === middle) given = this.rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
    return `${this.rng.pick(FAMILY_NAMES)} ${middle} ${given}`;
  }

  /**
   * A 12-digit CCCD number: province (3), century and gender (1), year of birth (2), serial (6).
   * The serial is a permutation of a counter, so numbers never repeat within a tenant.
   */
  nationalId(gender: Gender, dateOfBirth: string): string {
    const year = parts(dateOfBirth)[0];
    const centuryGender = (year >= 2000 ? 2 : 0) + (gender === Gender.FEMALE ? 1 : 0);
    const serial = (this.serial++ * 7919 + 104729) % 1_000_000;
    return `${this.provinceCode}${centuryGender}${String(year % 100).padStart(2, '0')}${String(serial).padStart(6, '0')}`;
  }

  phone(): string {
    return `09${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed points of the demo

/** The demo's "today": every step is dated before it. */
const CUTOFF = '2026-11-01';
const LAST_DAY = '2026-10-31';
/** Mentors assigned in every cell (official members inserted one by one to be referenced). */
const MENTORS_PER_CELL = 3;
/** The default probation (rules.probationMonths); a deployment with another setting refreshes the demo through the API. */
const PROBATION_MONTHS = 12;

// ---------------------------------------------------------------------------------------------
// Tenants, cells and people

/** One tenant being seeded: its root committee, its PRNG and people, its document series and counts. */
export interface Tenant {
  name: string;
  /** In the users' e-mail addresses: committee.<slug>@ketnap.demo. */
  slug: string;
  /** Prefix of its organization codes. */
  code: string;
  rng: Rng;
  people: People;
  root: Organization;
  /** Who signs admission decisions ("Ban Thường vụ Thành ủy Cao Lãnh"), and the number suffix ("QĐ/TU"). */
  decidedBy: string;
  signer: string;
  decisionSuffix: string;
  /** Issues the awareness-class certificates. */
  trainingCentre: string;
  /** Admission dates of ordinary members. */
  memberAdmissions: [string, string];
  /** Last number of each series of documents. */
  counters: Map<string, number>;
  counts: { organizations: number; schools: number; members: number; candidates: number };
  users: DemoUser[];
}

export interface CellMembers {
  secretary: Member;
  principal: Member;
  mentors: Member[];
  /** Every member of the cell as seeded: the cell's votes count its official members on their day. */
  roster: MemberSeed[];
}

/** The cell's official members on a day, as the API counts them for a vote (officialMemberCount). */
function officialMembersOn(members: CellMembers, on: string): number {
  return members.roster.filter((m) => (m.status ?? MemberStatus.OFFICIAL) === MemberStatus.OFFICIAL && (!m.officialOn || m.officialOn <= on)).length;
}

/** A school cell and its school. */
export interface Cell {
  org: Organization;
  /** How the tenant's table names the school: "THCS:Kim Hồng". */
  tag: string;
  schoolName: string;
  level: SchoolLevel;
  /** The commune committee above the cell; null when it sits directly under the city committee. */
  committee: Organization | null;
  /** Managers + teachers + staff, school year 2025-2026. */
  size: number;
  /** Set once the members are seeded. */
  members: CellMembers | null;
  /** Mentors take candidates in turn; the first candidate with a mentor gets mentors[0]. */
  nextMentor: number;
}

export interface Person {
  fullName: string;
  gender: Gender;
  dateOfBirth: string;
  category: PersonCategory;
  educationLevel: EducationLevel;
  grade: number | null;
  youthUnionMember: boolean;
  nationalId: string;
  phone: string;
}

export interface CandidatePlan {
  cell: Cell;
  person: Person;
  /** Steps on the path, SOURCE first, up to ADMITTED at most. */
  dates: { stage: S; on: string }[];
  ceremony?: string;
  /** Official recognition: the cell's resolution and the committee's decision, both once the probation is over. */
  recognition?: Recognition | null;
  exit?: { stage: S.DROPPED | S.REJECTED; on: string; reason: string };
  stall?: { reason: StallReason; note: string; recordedOn?: string };
  /** Facts that replace the generated ones (document numbers from the articles). */
  facts?: Partial<Record<S, Record<string, unknown>>>;
}

/** A candidate still on the way, or one who left it: a row of the tenants' tables in demo-data.ts. */
export interface ActiveSpec {
  tag: string;
  stage: S;
  on: string;
  /** Date of birth; with no category, the candidate is a student (grade 12, Youth Union member). */
  born?: string;
  /** Default: STUDENT when `born` is given, TEACHER otherwise. */
  category?: PersonCategory;
  /** For DROPPED/REJECTED: the last stage reached before leaving. */
  after?: S;
  reason?: string;
  stall?: [StallReason, string];
}

/** Share of women among teachers and staff, by school level. */
const FEMALE_SHARE: Record<SchoolLevel, number> = {
  PRESCHOOL: 0.97, PRIMARY: 0.78, LOWER_SECONDARY: 0.68, UPPER_SECONDARY: 0.55, CONTINUING: 0.5, HIGHER: 0.5,
};

/** The next number of a series of documents ("121-QĐ/TU"), starting a little above `start`. */
function nextNumber(t: Tenant, series: string, start: number): number {
  const value = (t.counters.get(series) ?? start + t.rng.int(0, 9)) + t.rng.int(1, 3);
  t.counters.set(series, value);
  return value;
}

export function cellByTag(cells: Cell[], tag: string): Cell {
  const cell = cells.find((c) => c.tag === tag);
  if (!cell) throw new Error(`Demo data: no cell for ${tag}`);
  return cell;
}

// ---------------------------------------------------------------------------------------------
// Members

export interface Recognition {
  /** The cell's resolution proposing recognition (on or after the end of the probation). */
  resolvedOn: string;
  /** The committee's decision: the date of the OFFICIAL step. */
  decidedOn: string;
}

/**
 * Official once the 12 months of probation from `admittedOn` (the ceremony) have ended before the
 * demo's today, as the API's recognition step sets it: official membership counts from the end of
 * the probation (officialOn), whatever the day of the decision, a few days later.
 */
export function membership(rng: Rng, admittedOn: string): { status: MemberStatus; officialOn: string | null; recognition: Recognition | null } {
  const due = addMonths(admittedOn, PROBATION_MONTHS);
  if (due >= CUTOFF) return { status: MemberStatus.PROBATIONARY, officialOn: null, recognition: null };
  const decided = onWeekday(addDays(due, rng.int(3, 25)));
  return { status: MemberStatus.OFFICIAL, officialOn: due, recognition: recognitionAfter(due, decided) };
}

/** The cell meets on the first working day from the end of the probation, the committee decides on `decided` (both before the demo's today). */
export function recognitionAfter(probationEnds: string, decided: string): Recognition {
  const decidedOn = decided > LAST_DAY ? LAST_DAY : decided;
  const meeting = onWeekday(probationEnds);
  return { resolvedOn: meeting < decidedOn ? meeting : decidedOn, decidedOn };
}

function memberSeed(t: Tenant, level: SchoolLevel, category: PersonCategory, admittedOn: string, extra: Partial<MemberSeed> = {}): MemberSeed {
  const gender = extra.gender ?? t.people.gender(FEMALE_SHARE[level]);
  const dateOfBirth = extra.dateOfBirth ?? addDays(addYears(admittedOn, -t.rng.int(22, 30)), -t.rng.int(0, 364));
  const { status, officialOn } = membership(t.rng, admittedOn);
  return {
    fullName: extra.fullName ?? t.people.name(gender),
    category,
    gender,
    dateOfBirth,
    admittedOn,
    status,
    officialOn,
    nationalId: t.people.nationalId(gender, dateOfBirth),
    ...extra,
  };
}

export interface MemberPlan {
  total: number;
  /** Rows placed by the caller (admitted candidates...), part of `total`. */
  fixed?: MemberSeed[];
  secretaryIsPrincipal?: boolean;
  secretary?: { fullName: string; gender: Gender };
  /** How many of the ordinary members are STAFF (the others are TEACHER). */
  staff?: number;
  /** Ordinary members admitted within these windows; the others within t.memberAdmissions. */
  windows?: { count: number; from: string; to: string }[];
}

export async function seedMembers(em: EntityManager, t: Tenant, cell: Cell, plan: MemberPlan): Promise<CellMembers> {
  const [oldFrom, oldTo] = t.memberAdmissions;
  const early = () => onWeekday(dateBetween(t.rng, oldFrom, addYears(oldFrom, 8)));
  const secretaryIsPrincipal = plan.secretaryIsPrincipal ?? true;
  const leaders: MemberSeed[] = [
    memberSeed(t, cell.level, PersonCategory.MANAGER, early(), { ...plan.secretary, isSecretary: true, isPrincipal: secretaryIsPrincipal }),
  ];
  if (!secretaryIsPrincipal) leaders.push(memberSeed(t, cell.level, PersonCategory.MANAGER, early(), { isPrincipal: true }));
  // Mentors and introducers: official members long before any candidate of the demo.
  for (let i = 0; i < MENTORS_PER_CELL; i++) leaders.push(memberSeed(t, cell.level, PersonCategory.TEACHER, early()));
  const inserted: Member[] = [];
  for (const seed of leaders) inserted.push(await insertMember(em, cell.org, seed));

  const fixed = plan.fixed ?? [];
  const restCount = plan.total - leaders.length - fixed.length;
  if (restCount < 0) throw new Error(`Demo data: ${cell.org.name} has too few members`);
  const dates: string[] = [];
  for (const window of plan.windows ?? []) {
    for (let i = 0; i < window.count; i++) dates.push(onWeekday(dateBetween(t.rng, window.from, window.to)));
  }
  if (dates.length > restCount) throw new Error(`Demo data: ${cell.org.name} has too few members for its admissions`);
  while (dates.length < restCount) dates.push(onWeekday(dateBetween(t.rng, oldFrom, oldTo)));
  const shuffled = t.rng.shuffle(dates);
  const rest = shuffled.map((admittedOn, i) =>
    memberSeed(t, cell.level, i < (plan.staff ?? 0) ? PersonCategory.STAFF : PersonCategory.TEACHER, admittedOn),
  );
  await insertMembers(em, cell.org, [...fixed, ...rest]);

  const all = [...leaders, ...fixed, ...rest];
  t.counts.members += all.length;
  return {
    secretary: inserted[0],
    principal: secretaryIsPrincipal ? inserted[0] : inserted[1],
    mentors: inserted.slice(-MENTORS_PER_CELL),
    roster: all,
  };
}

// ---------------------------------------------------------------------------------------------
// Candidates

const PATH = [S.SOURCE, S.SYMPATHIZER, S.TRAINED, S.DOSSIER, S.CELL_RESOLVED, S.COMMITTEE_RESOLVED, S.ADMITTED];
/** Days from the previous stage on the path to this one. */
const GAP: Partial<Record<S, [number, number]>> = {
  [S.SYMPATHIZER]: [60, 150],
  [S.TRAINED]: [30, 90],
  [S.DOSSIER]: [20, 60],
  [S.CELL_RESOLVED]: [14, 40],
  [S.COMMITTEE_RESOLVED]: [7, 20],
  [S.ADMITTED]: [10, 25],
};

/** Dates of every step up to `last` (dated `on`), counted back; a cell directly under the city committee skips COMMITTEE_RESOLVED. */
export function pathTo(rng: Rng, cell: Cell, last: S, on: string): { stage: S; on: string }[] {
  const path = PATH.filter((s) => cell.committee || s !== S.COMMITTEE_RESOLVED);
  const stages = path.slice(0, path.indexOf(last) + 1);
  const result = [{ stage: last, on }];
  for (let i = stages.length - 1; i > 0; i--) {
    const [min, max] = stages[i] === S.ADMITTED && !cell.committee ? [20, 40] : GAP[stages[i]]!;
    result.unshift({ stage: stages[i - 1], on: onWeekday(addDays(result[0].on, -rng.int(min, max))) });
  }
  return result;
}

export function teacher(t: Tenant, cell: Cell, extra: Partial<Person> = {}): Person {
  const gender = extra.gender ?? t.people.gender(FEMALE_SHARE[cell.level]);
  const dateOfBirth = extra.dateOfBirth ?? dateBetween(t.rng, '1986-01-01', '2000-12-31');
  const category = extra.category ?? PersonCategory.TEACHER;
  return {
    fullName: t.people.name(gender),
    gender,
    dateOfBirth,
    category,
    educationLevel: category === PersonCategory.TEACHER && t.rng.chance(0.8) ? EducationLevel.UNIVERSITY : EducationLevel.COLLEGE,
    grade: null,
    youthUnionMember: false,
    nationalId: t.people.nationalId(gender, dateOfBirth),
    phone: t.people.phone(),
    ...extra,
  };
}

export function student(t: Tenant, dateOfBirth: string): Person {
  const gender = t.people.gender(0.55);
  return {
    fullName: t.people.name(gender),
    gender,
    dateOfBirth,
    category: PersonCategory.STUDENT,
    educationLevel: EducationLevel.LOWER_SECONDARY,
    grade: 12,
    youthUnionMember: true,
    nationalId: t.people.nationalId(gender, dateOfBirth),
    phone: t.people.phone(),
  };
}

/** A candidate admitted on `admittedOn`: the full path, the ceremony and, after 12 months, official recognition. */
export function admittedPlan(t: Tenant, cell: Cell, person: Person, admittedOn: string): CandidatePlan {
  const dates = pathTo(t.rng, cell, S.ADMITTED, admittedOn);
  const ceremony = onWeekday(addDays(admittedOn, t.rng.int(7, 25)));
  return { cell, person, dates, ceremony, recognition: membership(t.rng, ceremony).recognition };
}

/** The member row of an admitted candidate. */
export function memberOf(plan: CandidatePlan): MemberSeed {
  const { person } = plan;
  return {
    fullName: person.fullName,
    category: person.category,
    gender: person.gender,
    dateOfBirth: person.dateOfBirth,
    admittedOn: plan.ceremony!,
    joinedCellOn: plan.ceremony!,
    officialOn: plan.recognition ? addMonths(plan.ceremony!, PROBATION_MONTHS) : null,
    status: plan.recognition ? MemberStatus.OFFICIAL : MemberStatus.PROBATIONARY,
    nationalId: person.nationalId,
  };
}

export function activePlan(t: Tenant, cells: Cell[], spec: ActiveSpec): CandidatePlan {
  const cell = cellByTag(cells, spec.tag);
  const category = spec.category ?? (spec.born ? PersonCategory.STUDENT : PersonCategory.TEACHER);
  const person = category === PersonCategory.STUDENT ? student(t, spec.born!) : teacher(t, cell, { category, ...(spec.born ? { dateOfBirth: spec.born } : {}) });
  if (spec.stage === S.DROPPED || spec.stage === S.REJECTED) {
    const dates = pathTo(t.rng, cell, spec.after!, onWeekday(addDays(spec.on, -t.rng.int(30, 90))));
    return { cell, person, dates, exit: { stage: spec.stage, on: spec.on, reason: spec.reason! } };
  }
  const stall = spec.stall ? { reason: spec.stall[0], note: spec.stall[1] } : undefined;
  return { cell, person, dates: pathTo(t.rng, cell, spec.stage, spec.on), stall };
}

function vote(rng: Rng, officials: number, pass = true): Record<string, number> {
  const needed = Math.ceil((officials * 2) / 3);
  const present = officials - rng.int(0, Math.min(2, officials - needed));
  const votesFor = pass ? present - rng.int(0, Math.min(1, present - needed)) : needed - rng.int(1, 3);
  return { officialMembers: officials, present, votesFor, votesAgainst: present - votesFor };
}

function stepFacts(t: Tenant, plan: CandidatePlan, stage: S, on: string, mentor: Member | null): Record<string, unknown> {
  const { cell, person } = plan;
  const members = cell.members!;
  const year = on.slice(0, 4);
  const youth = person.youthUnionMember;
  switch (stage) {
    case S.SOURCE:
      return { listedOn: on, proposedBy: youth ? `Ban Chấp hành Đoàn ${cell.schoolName}` : cell.org.name };
    case S.SYMPATHIZER:
      return { resolutionNumber: `${nextNumber(t, `CB${cell.org.id}-${year}`, 0)}-NQ/CB`, resolutionDate: on, mentor: mentor?.fullName ?? null, mentorId: mentor?.id ?? null };
    case S.TRAINED:
      return { certificateNumber: `${nextNumber(t, `GCN-${year}`, 100)}/GCN-TTCT`, issuedOn: on, issuingCentre: t.trainingCentre };
    case S.DOSSIER: {
      // As openDossier records it: complete on the latest document (the background check).
      const applicationDate = addDays(on, -t.rng.int(10, 18));
      const introducers = youth ? [mentor!] : [mentor!, members.secretary];
      return {
        applicationDate,
        biographyDate: addDays(on, -t.rng.int(2, 9)),
        backgroundCheck: { result: 'đạt', date: on },
        introducers: introducers.map((member) => ({ memberId: member.id, name: member.fullName })),
        ...(youth ? { youthUnion: { committeeName: `Ban Chấp hành Đoàn ${cell.schoolName}`, resolutionDate: applicationDate } } : {}),
      };
    }
    case S.CELL_RESOLVED:
      return { resolutionNumber: `${nextNumber(t, `CB${cell.org.id}-${year}`, 0)}-NQ/CB`, ...vote(t.rng, officialMembersOn(members, on)) };
    case S.COMMITTEE_RESOLVED:
      return { resolutionNumber: `${nextNumber(t, `DU${cell.committee!.id}-${year}`, 10)}-NQ/ĐU`, committee: cell.committee!.name };
    case S.ADMITTED:
      return { decisionNumber: `${nextNumber(t, `QD-${year}`, 100)}-${t.decisionSuffix}`, decisionDate: on, signer: t.signer, decidedBy: t.decidedBy };
    default:
      return {};
  }
}

export async function insertPlanned(em: EntityManager, t: Tenant, plan: CandidatePlan): Promise<void> {
  const { cell, person } = plan;
  const members = cell.members!;
  const mentored = plan.dates.some((d) => d.stage === S.SYMPATHIZER);
  const mentor = mentored ? members.mentors[cell.nextMentor++ % members.mentors.length] : null;
  const steps: StageStepSeed[] = plan.dates.map(({ stage, on }) => ({
    stage,
    on,
    facts: { ...stepFacts(t, plan, stage, on, mentor), ...plan.facts?.[stage] },
  }));
  if (plan.ceremony) {
    steps.push({ stage: S.PROBATIONARY, on: plan.ceremony, facts: { ceremonyDate: plan.ceremony, presidedBy: members.secretary.fullName } });
  }
  if (plan.ceremony && plan.recognition) {
    // As recordRecognitionResolution and recordRecognitionDecision record them: official from the end of the probation.
    const { resolvedOn, decidedOn } = plan.recognition;
    const officialOn = addMonths(plan.ceremony, PROBATION_MONTHS);
    // The cell's vote on recognition: every official member present and in favour.
    const officials = officialMembersOn(members, resolvedOn);
    steps.push({ kind: StageEventKind.RECOGNITION_PROPOSED, stage: S.PROBATIONARY, on: resolvedOn, facts: { officialMembers: officials, present: officials, votesFor: officials, votesAgainst: 0 } });
    const year = decidedOn.slice(0, 4);
    steps.push({
      stage: S.OFFICIAL,
      on: decidedOn,
      facts: { officialOn, decisionNumber: `${nextNumber(t, `QD-${year}`, 100)}-${t.decisionSuffix}`, ...plan.facts?.[S.OFFICIAL] },
    });
  }
  if (plan.exit) {
    const facts: Record<string, unknown> = { reason: plan.exit.reason };
    if (plan.exit.stage === S.REJECTED) Object.assign(facts, vote(t.rng, officialMembersOn(members, plan.exit.on), false));
    steps.push({ stage: plan.exit.stage, on: plan.exit.on, facts, note: plan.exit.reason });
  }
  checkSteps(person, steps);
  const last = steps[steps.length - 1].on;
  const stallReasons = plan.stall
    ? [{ reason: plan.stall.reason, note: plan.stall.note, recordedOn: plan.stall.recordedOn ?? minDate(addDays(last, 21), LAST_DAY) }]
    : undefined;
  const candidate = await insertCandidate(em, cell.org, { ...person, mentor, steps, stallReasons });
  if (plan.ceremony) {
    // The ceremony made the candidate a member of the cell (memberOf): linked both ways, as recordCeremony links them.
    const member = await em.findOneByOrFail(MemberEntity, { organizationId: cell.org.id, nationalId: person.nationalId });
    await em.update(MemberEntity, { id: member.id }, { candidateId: candidate.id });
    await em.update(Candidate, { id: candidate.id }, { memberId: member.id });
  }
  t.counts.candidates++;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The demo data obeys the rules it demonstrates: increasing dates before today (the recognition
 * proposed and decided may share a day), 18 at the cell's vote. test/demo-rules.test.ts runs every
 * seeded row through the API's own rule checks.
 */
function checkSteps(person: Person, steps: StageStepSeed[]): void {
  steps.forEach((step, i) => {
    const sameDayAllowed = i > 0 && (step.kind === StageEventKind.RECOGNITION_PROPOSED || steps[i - 1].kind === StageEventKind.RECOGNITION_PROPOSED);
    if (step.on > LAST_DAY || (i > 0 && (step.on < steps[i - 1].on || (step.on === steps[i - 1].on && !sameDayAllowed)))) throw new Error(`Demo data: bad dates for ${person.fullName}`);
    if (step.stage === S.CELL_RESOLVED && fullMonthsBetween(person.dateOfBirth, step.on) < 18 * 12) {
      throw new Error(`Demo data: ${person.fullName} is under 18 at the cell's vote`);
    }
  });
}
