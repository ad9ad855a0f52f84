import { CandidateStage as S, OrganizationKind, SchoolLevel } from '../../domain/enums';
import { normalizeText } from '../../common/text';
import { allocate, dealt, type TenantContext, type TenantCounts } from './context';
import { communeNames, committeeUnits, LEVEL_TAG, SchoolNamer, type CommuneName } from './names';

/**
 * The party tree of one tenant: the city committee, its commune committees, the school cells
 * under them (a few directly under the city, some under a school's own committee), every
 * school with two years of headcounts, and how many members and candidates each cell holds.
 * Ids are given level by level, so parents come first and paths are known before inserting.
 */
export interface OrgNode {
  id: number;
  parent: OrgNode | null;
  path: string;
  depth: number;
  name: string;
  code: string;
  kind: OrganizationKind;
  children: OrgNode[];
}

export interface SchoolInfo {
  id: number;
  org: OrgNode;
  name: string;
  code: string;
  level: SchoolLevel;
  commune: CommuneName | null;
  /** School year 2025-2026. */
  managers: number;
  teachers: number;
  staff: number;
  students: number;
  grade12: number;
  secretaryIsPrincipal: boolean;
  cells: CellInfo[];
}

export interface CellInfo {
  org: OrgNode;
  school: SchoolInfo;
  /** Under a commune or school committee, whose resolution comes before the decision. */
  needsCommittee: boolean;
  /** Position among the cells of a school's committee (0 for the only cell of a school). */
  unit: number;
  memberTarget: number;
  active: S[];
  finished: S[];
}

export interface Tree {
  root: OrgNode;
  communes: OrgNode[];
  schoolCommittees: OrgNode[];
  schools: SchoolInfo[];
  cells: CellInfo[];
  nodes: OrgNode[];
}

const LEVEL_SHARE: Record<SchoolLevel, number> = { PRESCHOOL: 0.35, PRIMARY: 0.3, LOWER_SECONDARY: 0.22, UPPER_SECONDARY: 0.09, CONTINUING: 0.025, HIGHER: 0.015 };
const BASE_TEACHERS: Record<SchoolLevel, number> = { PRESCHOOL: 34, PRIMARY: 52, LOWER_SECONDARY: 50, UPPER_SECONDARY: 78, CONTINUING: 28, HIGHER: 240 };
const MANAGERS: Record<SchoolLevel, number> = { PRESCHOOL: 3, PRIMARY: 3, LOWER_SECONDARY: 3, UPPER_SECONDARY: 4, CONTINUING: 3, HIGHER: 10 };
const STAFF_SHARE: Record<SchoolLevel, number> = { PRESCHOOL: 0.25, PRIMARY: 0.12, LOWER_SECONDARY: 0.12, UPPER_SECONDARY: 0.12, CONTINUING: 0.2, HIGHER: 0.35 };
const PUPILS_PER_TEACHER: Record<SchoolLevel, number> = { PRESCHOOL: 12, PRIMARY: 24, LOWER_SECONDARY: 22, UPPER_SECONDARY: 20, CONTINUING: 18, HIGHER: 22 };
/** Candidates per head of staff, relative: upper-secondary and higher schools also develop students. */
const CANDIDATE_BOOST: Record<SchoolLevel, number> = { PRESCHOOL: 1, PRIMARY: 1, LOWER_SECONDARY: 1, UPPER_SECONDARY: 1.6, CONTINUING: 1, HIGHER: 1.8 };

/** Active candidates by stage (a funnel; probation lasts a year, so many are probationary). */
const ACTIVE_SHARE: Partial<Record<S, number>> = {
  SOURCE: 0.28, SYMPATHIZER: 0.2, TRAINED: 0.15, DOSSIER: 0.1, CELL_RESOLVED: 0.045, COMMITTEE_RESOLVED: 0.035, ADMITTED: 0.03, PROBATIONARY: 0.16,
};
const FINISHED_SHARE: Partial<Record<S, number>> = { OFFICIAL: 0.66, DROPPED: 0.27, REJECTED: 0.07 };

function node(parent: OrgNode | null, name: string, code: string, kind: OrganizationKind): OrgNode {
  const created: OrgNode = { id: 0, parent, path: '', depth: 0, name: normalizeText(name), code, kind, children: [] };
  parent?.children.push(created);
  return created;
}

/** Ids in breadth-first order from `firstId`: root, its children, their children... */
function assignIds(root: OrgNode, firstId: number): OrgNode[] {
  const order: OrgNode[] = [];
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i];
    current.id = firstId + i;
    current.depth = current.parent ? current.parent.depth + 1 : 0;
    current.path = `${current.parent ? current.parent.path : '/'}${current.id}/`;
    order.push(current);
    queue.push(...current.children);
  }
  return order;
}

export function buildTree(ctx: TenantContext, counts: TenantCounts): Tree {
  const { rng, spec } = ctx;
  const root = node(null, spec.name, spec.code, OrganizationKind.CITY_COMMITTEE);
  const names = communeNames(rng, counts.communes, spec.city);
  const communes = names.map((n, i) => node(root, n.committee, `${spec.code}-${n.ward ? 'P' : 'X'}${String(i + 1).padStart(3, '0')}`, OrganizationKind.COMMUNE_COMMITTEE));

  const levels = dealt(ctx.rng, counts.schools, LEVEL_SHARE);
  // A few schools sit directly under the city (specialised THPT, centres, colleges), about 1%.
  const directCount = Math.max(1, Math.round(counts.schools * 0.01));
  const directPreferred = levels.map((level, i) => ({ level, i })).filter(({ level }) => level === SchoolLevel.UPPER_SECONDARY || level === SchoolLevel.CONTINUING || level === SchoolLevel.HIGHER);
  const direct = new Set(directPreferred.slice(0, directCount).map(({ i }) => i));
  for (let i = 0; direct.size < directCount && i < levels.length; i++) direct.add(i);
  // A school's own committee over 2-3 cells: every college or university, and a few large THPT.
  const upperCount = levels.filter((level) => level === SchoolLevel.UPPER_SECONDARY).length;
  let largeUpper = Math.max(levels.length >= 10 ? 1 : 0, Math.round(upperCount * 0.04));
  const withCommittee = levels.map((level) => {
    if (level === SchoolLevel.HIGHER) return true;
    if (level !== SchoolLevel.UPPER_SECONDARY || largeUpper === 0) return false;
    largeUpper -= 1;
    return true;
  });

  const communeSlots = levels.map((_, i) => i).filter((i) => !direct.has(i));
  const perCommune = allocate(communeSlots.length, communes.map(() => 0.6 + rng.next() * 0.8));
  const namer = new SchoolNamer(rng, spec);
  const schools: SchoolInfo[] = [];
  const schoolCommittees: OrgNode[] = [];
  const cells: CellInfo[] = [];
  const addSchool = (index: number, parent: OrgNode, commune: CommuneName | null, code: string) => {
    const level = levels[index];
    const name = normalizeText(namer.name(level, commune?.place ?? null));
    let org: OrgNode;
    const schoolCells: OrgNode[] = [];
    if (withCommittee[index]) {
      org = node(parent, `Đảng bộ ${name}`, code, OrganizationKind.SCHOOL_COMMITTEE);
      schoolCommittees.push(org);
      const units = committeeUnits(level, level === SchoolLevel.HIGHER ? 3 : rng.int(2, 3));
      units.forEach((unit, u) => schoolCells.push(node(org, `Chi bộ ${unit} ${name}`, `${code}-CB${u + 1}`, OrganizationKind.SCHOOL_CELL)));
    } else {
      org = node(parent, `Chi bộ ${name}`, code, OrganizationKind.SCHOOL_CELL);
      schoolCells.push(org);
    }
    const school: SchoolInfo = {
      id: 0, org, name, code, level, commune, managers: 0, teachers: 0, staff: 0, students: 0, grade12: 0,
      secretaryIsPrincipal: rng.chance(0.8), cells: [],
    };
    school.cells = schoolCells.map((cellOrg, unit) => ({
      org: cellOrg, school, unit, memberTarget: 0, active: [], finished: [],
      needsCommittee: cellOrg.parent !== null && cellOrg.parent.kind !== OrganizationKind.CITY_COMMITTEE,
    }));
    schools.push(school);
    cells.push(...school.cells);
  };

  let slot = 0;
  communes.forEach((commune, c) => {
    const perTag = new Map<string, number>();
    for (let k = 0; k < perCommune[c]; k++, slot++) {
      const index = communeSlots[slot];
      const tag = LEVEL_TAG[levels[index]];
      const n = (perTag.get(tag) ?? 0) + 1;
      perTag.set(tag, n);
      addSchool(index, commune, names[c], `${commune.code}-${tag}${String(n).padStart(2, '0')}`);
    }
  });
  [...direct].sort((a, b) => a - b).forEach((index, k) => addSchool(index, root, null, `${spec.code}-TT-${LEVEL_TAG[levels[index]]}${String(k + 1).padStart(2, '0')}`));

  const nodes = assignIds(root, ctx.ids.peek('organization'));
  for (let i = 0; i < nodes.length; i++) ctx.ids.take('organization');
  for (const school of schools) school.id = ctx.ids.take('school');

  sizeSchools(ctx, schools, counts);
  placeMembers(schools, counts.members);
  placeCandidates(ctx, cells, counts);
  return { root, communes, schoolCommittees, schools, cells, nodes };
}

/** Headcounts of school year 2025-2026; the teachers add up to the tenant's total exactly. */
function sizeSchools(ctx: TenantContext, schools: SchoolInfo[], counts: TenantCounts): void {
  const { rng } = ctx;
  const teachers = allocate(counts.teachers, schools.map((s) => BASE_TEACHERS[s.level] * (0.6 + rng.next() * 0.8)));
  schools.forEach((school, i) => {
    const level = school.level;
    school.teachers = teachers[i];
    school.managers = Math.max(2, MANAGERS[level] + rng.int(-1, 1));
    school.staff = Math.max(2, Math.round(teachers[i] * STAFF_SHARE[level] * (0.8 + rng.next() * 0.4)));
    school.students = Math.round(teachers[i] * PUPILS_PER_TEACHER[level] * (0.85 + rng.next() * 0.3));
    school.grade12 = level === SchoolLevel.UPPER_SECONDARY || level === SchoolLevel.CONTINUING ? Math.round(school.students * (0.3 + rng.next() * 0.05)) : 0;
  });
}

function staffOf(school: SchoolInfo): number {
  return school.managers + school.teachers + school.staff;
}

/** Members in proportion to each school's staff (never more than its staff), split among its cells. */
function placeMembers(schools: SchoolInfo[], total: number): void {
  const perSchool = allocate(total, schools.map(staffOf));
  schools.forEach((school, i) => {
    const members = Math.min(perSchool[i], staffOf(school));
    const perCell = allocate(members, school.cells.map((_, u) => (u === school.cells.length - 1 ? 0.6 : 1)));
    school.cells.forEach((cell, u) => (cell.memberTarget = perCell[u]));
  });
}

/**
 * Candidates dealt to the cells in proportion to staff (students too in THPT and higher
 * schools), with exact totals per stage. A cell directly under the city has no grassroots
 * committee, so a COMMITTEE_RESOLVED dealt to it swaps stages with a candidate of a cell that has one.
 */
function placeCandidates(ctx: TenantContext, cells: CellInfo[], counts: TenantCounts): void {
  const weights = cells.map((cell) => (staffOf(cell.school) / cell.school.cells.length) * CANDIDATE_BOOST[cell.school.level]);
  const activePerCell = allocate(counts.activeCandidates, weights);
  const finishedPerCell = allocate(counts.finishedCandidates, weights);
  const active = dealt(ctx.rng, counts.activeCandidates, ACTIVE_SHARE);
  const finished = dealt(ctx.rng, counts.finishedCandidates, FINISHED_SHARE);
  const owner: CellInfo[] = cells.flatMap((cell, i) => Array.from({ length: activePerCell[i] }, () => cell));
  for (let i = 0; i < active.length; i++) {
    if (active[i] !== S.COMMITTEE_RESOLVED || owner[i].needsCommittee) continue;
    const j = active.findIndex((stage, k) => stage !== S.COMMITTEE_RESOLVED && owner[k].needsCommittee);
    if (j === -1) active[i] = S.CELL_RESOLVED;
    else [active[i], active[j]] = [active[j], active[i]];
  }
  let a = 0;
  let f = 0;
  cells.forEach((cell, i) => {
    cell.active = active.slice(a, (a += activePerCell[i]));
    cell.finished = finished.slice(f, (f += finishedPerCell[i]));
  });
}
