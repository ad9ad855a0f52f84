/** The members of a demo cell: its leaders and mentors, then the ordinary members, admitted within the tenant's windows. */
import type { EntityManager } from 'typeorm';
import type { Member } from '../../modules/member/member.entity';
import { Gender, MemberStatus, PersonCategory, SchoolLevel } from '../../domain/enums';
import { addMonths } from '../../common/dates';
import { insertMember, insertMembers, type MemberSeed } from '../../modules/member/member.rows';
import type { Rng } from './rng';
import { addDays, addYears, dateBetween, onWeekday } from './dates';
import { FEMALE_SHARE } from './people';
import { CUTOFF, LAST_DAY, MENTORS_PER_CELL, PROBATION_MONTHS, type Cell, type CellMembers, type Recognition, type Tenant } from './model';

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
