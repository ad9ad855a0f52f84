import { Gender, MemberStatus, PersonCategory, SchoolLevel } from '../../domain/enums';
import { addMonths } from '../../common/dates';
import { addDays, addYears, onWeekday } from '../demo/dates';
import { between, type TenantContext } from './context';
import type { CellInfo } from './tree';

/** Share of women among teachers and staff, by school level. */
export const FEMALE_SHARE: Record<SchoolLevel, number> = {
  PRESCHOOL: 0.97, PRIMARY: 0.8, LOWER_SECONDARY: 0.7, UPPER_SECONDARY: 0.58, CONTINUING: 0.55, HIGHER: 0.52,
};

/** Members admitted long before any candidate's history: they mentor and introduce. */
const VETERANS_ADMITTED_BY = '2011-12-30';
const VETERANS = 4;

export interface MemberRef {
  id: number;
  fullName: string;
}

/** A cell's members as the candidates' steps need them. */
export interface CellRoster {
  secretary: MemberRef;
  /** Official members since before 2013 who help candidates in turn. */
  mentors: MemberRef[];
  nextMentor: number;
  /** The official_on of every official member, sorted once the cell's candidates are planned. */
  officialDates: string[];
}

export interface MemberRow {
  fullName: string;
  dateOfBirth: string;
  gender: Gender;
  category: PersonCategory;
  status: MemberStatus;
  admittedOn: string;
  officialOn: string | null;
  isSecretary?: boolean;
  isPrincipal?: boolean;
  nationalId: string;
  joinedCellOn?: string | null;
  candidateId?: number | null;
}

export function pushMember(ctx: TenantContext, cell: CellInfo, id: number, m: MemberRow): void {
  const keys = ctx.keys.get(m.fullName);
  ctx.rows.push('member', [
    id, ctx.tenantId, cell.org.id, m.fullName, keys.searchName, keys.sortName, m.dateOfBirth, m.gender, m.category, m.status,
    m.admittedOn, m.officialOn, m.isSecretary ? 1 : 0, m.isPrincipal ? 1 : 0, m.nationalId, m.joinedCellOn ?? null, m.candidateId ?? null, 1,
  ]);
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Official after the probation, on a working day a little after it ended. */
function officialAfter(ctx: TenantContext, admittedOn: string): string {
  return onWeekday(addDays(addMonths(admittedOn, ctx.rules.probationMonths), ctx.rng.int(3, 25)));
}

/**
 * The members of a cell who did not come through a recorded candidacy: the secretary, veteran
 * teachers who mentor, the principal and managers, teachers and staff, all official.
 */
export function planMembers(ctx: TenantContext, cell: CellInfo, count: number): CellRoster {
  const { rng, people } = ctx;
  const school = cell.school;
  const singleCell = school.cells.length === 1;
  const principalSeparately = singleCell ? !school.secretaryIsPrincipal : cell.unit === 0;
  let managersLeft = singleCell ? Math.max(0, school.managers - 1 - (principalSeparately ? 1 : 0)) : cell.unit === 0 ? 1 : 0;
  const latestAdmission = addMonths(ctx.asOf, -(ctx.rules.probationMonths + 2));
  const roster: CellRoster = { secretary: { id: 0, fullName: '' }, mentors: [], nextMentor: 0, officialDates: [] };

  for (let i = 0; i < count; i++) {
    const veteran = i < VETERANS;
    const principal = principalSeparately && i === VETERANS;
    let category = PersonCategory.TEACHER;
    if (i === 0 || principal) category = PersonCategory.MANAGER;
    else if (!veteran && managersLeft > 0) {
      category = PersonCategory.MANAGER;
      managersLeft -= 1;
    } else if (!veteran && rng.chance(0.1)) category = PersonCategory.STAFF;

    const gender = people.gender(category === PersonCategory.MANAGER ? Math.min(FEMALE_SHARE[school.level], 0.75) : FEMALE_SHARE[school.level]);
    const dateOfBirth = between(rng, '1966-03-01', veteran ? '1984-12-31' : '1997-12-31');
    const admittedOn = veteran
      ? onWeekday(between(rng, addYears(dateOfBirth, 22), minDate(VETERANS_ADMITTED_BY, addYears(dateOfBirth, 40))))
      : onWeekday(between(rng, maxDate('1990-01-01', addYears(dateOfBirth, 21)), minDate(latestAdmission, addYears(dateOfBirth, 42))));
    const officialOn = officialAfter(ctx, admittedOn);
    const id = ctx.ids.take('member');
    const fullName = people.name(gender);
    pushMember(ctx, cell, id, {
      fullName,
      dateOfBirth,
      gender,
      category,
      status: MemberStatus.OFFICIAL,
      admittedOn,
      officialOn,
      isSecretary: i === 0,
      isPrincipal: (i === 0 && singleCell && school.secretaryIsPrincipal) || principal,
      nationalId: people.nationalId(gender, dateOfBirth),
    });
    roster.officialDates.push(officialOn);
    if (i === 0) roster.secretary = { id, fullName };
    else if (veteran) roster.mentors.push({ id, fullName });
  }
  if (roster.mentors.length === 0) roster.mentors.push(roster.secretary);
  return roster;
}

/** Official members of the cell on a day (binary search in the sorted official dates). */
export function officialCountOn(roster: CellRoster, on: string): number {
  let low = 0;
  let high = roster.officialDates.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (roster.officialDates[mid] <= on) low = mid + 1;
    else high = mid;
  }
  return low;
}
