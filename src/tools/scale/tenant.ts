import { CandidateStage as S, Role, SchoolLevel } from '../../domain/enums';
import type { RulesConfig } from '../../config';
import type { WorkingCalendar } from '../../modules/calendar/working-days';
import { TargetMetric } from '../../modules/report/target.entity';
import { Rng } from '../demo/rng';
import { People } from '../demo/people';
import { RowSet, type Ids } from './bulk';
import { NameKeyCache, type TenantContext, type TenantCounts } from './context';
import { planMembers, type CellRoster } from './members';
import { planCandidates } from './candidates';
import { tenantSpec, type TenantSpec } from './names';
import { buildTree, type CellInfo, type Tree } from './tree';
import type { Progress } from './progress';

/** Plans every row of one tenant in memory: the tree, schools, members, candidates, targets, users. */
export interface TenantPlan {
  spec: TenantSpec;
  rootId: number;
  rows: RowSet;
  logins: { email: string; role: Role; organization: string }[];
}

export interface PlanInput {
  index: number;
  seed: number;
  counts: TenantCounts;
  calendar: WorkingCalendar;
  rules: RulesConfig;
  asOf: string;
  ids: Ids;
  passwordHash: string;
  withAdmin: boolean;
}

/** Secretaries and mentors get accounts in the first cells only. */
const CELLS_WITH_USERS = 200;
const TARGET_YEARS = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
/** A plain cell always has its secretary, three veteran mentors and the principal. */
const MIN_PLAIN_MEMBERS = 5;

/** One PRNG stream per tenant, derived from the seed. */
function tenantSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

export function planTenant(input: PlanInput, progress: Progress): TenantPlan {
  const spec = tenantSpec(input.index);
  const rng = new Rng(tenantSeed(input.seed, input.index));
  const people = new People(rng, spec.provinceCode);
  const ctx: TenantContext = {
    spec,
    tenantId: input.ids.peek('organization'),
    rng,
    people,
    calendar: input.calendar,
    rules: input.rules,
    asOf: input.asOf,
    ids: input.ids,
    rows: new RowSet(),
    counters: new Map(),
    signer: people.name(people.gender(0.4)),
    keys: new NameKeyCache(),
  };
  const tree = buildTree(ctx, input.counts);
  if (tree.root.id !== ctx.tenantId) throw new Error('Scale data: the root must take the first organization id');
  writeTree(ctx, tree);

  progress.start(`plan ${spec.slug} (cells)`, tree.cells.length);
  const rosters = new Map<CellInfo, CellRoster>();
  for (const cell of tree.cells) {
    const derived = cell.active.filter((s) => s === S.PROBATIONARY).length + cell.finished.filter((s) => s === S.OFFICIAL).length;
    const roster = planMembers(ctx, cell, Math.max(MIN_PLAIN_MEMBERS, cell.memberTarget - derived));
    planCandidates(ctx, cell, roster);
    rosters.set(cell, roster);
    progress.tick(1);
  }
  progress.finish();

  writeTargets(ctx, tree);
  const logins = writeUsers(ctx, tree, rosters, input);
  return { spec, rootId: ctx.tenantId, rows: ctx.rows, logins };
}

function writeTree(ctx: TenantContext, tree: Tree): void {
  for (const node of tree.nodes) {
    const keys = ctx.keys.get(node.name);
    ctx.rows.push('organization', [
      node.id, ctx.tenantId, node.parent?.id ?? null, node.path, node.depth, node.name, keys.searchName, keys.sortName, node.code, node.kind,
      node.parent === null ? 1 : 0, 1,
    ]);
  }
  const { rng } = ctx;
  for (const school of tree.schools) {
    const keys = ctx.keys.get(school.name);
    ctx.rows.push('school', [school.id, ctx.tenantId, school.org.id, school.name, keys.searchName, keys.sortName, school.code, school.level, 1]);
    const shrink = 0.95 + rng.next() * 0.05;
    const students2024 = Math.round(school.students * (0.96 + rng.next() * 0.05));
    ctx.rows.push('school_headcount', [
      ctx.ids.take('school_headcount'), school.id, 2024, school.managers, Math.round(school.teachers * shrink), Math.round(school.staff * shrink),
      students2024, Math.round(school.grade12 * (students2024 / Math.max(1, school.students))),
    ]);
    ctx.rows.push('school_headcount', [ctx.ids.take('school_headcount'), school.id, 2025, school.managers, school.teachers, school.staff, school.students, school.grade12]);
  }
}

/** Seed 004's plan for every THPT: at least one student admitted and ten at the awareness class a year. */
function writeTargets(ctx: TenantContext, tree: Tree): void {
  for (const school of tree.schools) {
    if (school.level !== SchoolLevel.UPPER_SECONDARY) continue;
    for (const year of TARGET_YEARS) {
      ctx.rows.push('target', [ctx.ids.take('target'), ctx.tenantId, school.org.id, year, TargetMetric.STUDENT_ADMISSIONS, 1, null]);
      ctx.rows.push('target', [ctx.ids.take('target'), ctx.tenantId, school.org.id, year, TargetMetric.STUDENT_AWARENESS_CLASS, 10, null]);
    }
  }
}

function writeUsers(ctx: TenantContext, tree: Tree, rosters: Map<CellInfo, CellRoster>, input: PlanInput): TenantPlan['logins'] {
  const logins: TenantPlan['logins'] = [];
  const slug = ctx.spec.slug;
  const add = (email: string, displayName: string, role: Role, organization: { id: number; name: string } | null, memberId: number | null = null) => {
    ctx.rows.push('app_user', [
      ctx.ids.take('app_user'), email, input.passwordHash, displayName, role, organization ? ctx.tenantId : null, organization?.id ?? null, memberId, 0, 1,
    ]);
    logins.push({ email, role, organization: organization?.name ?? '' });
  };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  if (input.withAdmin) add('admin@ketnap.scale', 'Quản trị hệ thống', Role.SYSTEM_ADMIN, null);
  add(`committee.${slug}@ketnap.scale`, `Ban Tổ chức ${ctx.spec.name}`, Role.COMMITTEE, tree.root);
  add(`reporter.${slug}@ketnap.scale`, `Báo cáo thống kê ${ctx.spec.name}`, Role.REPORTER, tree.root);
  tree.communes.forEach((commune, i) => add(`commune-${pad(i + 1, 3)}.${slug}@ketnap.scale`, `Văn phòng ${commune.name}`, Role.COMMITTEE, commune));
  tree.schoolCommittees.forEach((committee, i) => add(`school-committee-${pad(i + 1, 3)}.${slug}@ketnap.scale`, `Văn phòng ${committee.name}`, Role.COMMITTEE, committee));
  const firstCells = [...tree.cells].sort((a, b) => a.org.id - b.org.id).slice(0, CELLS_WITH_USERS);
  firstCells.forEach((cell, i) => {
    const roster = rosters.get(cell);
    if (roster) add(`secretary-${pad(i + 1, 4)}.${slug}@ketnap.scale`, roster.secretary.fullName, Role.CELL_SECRETARY, cell.org, roster.secretary.id);
  });
  firstCells.forEach((cell, i) => {
    const mentor = rosters.get(cell)?.mentors[0];
    if (mentor) add(`mentor-${pad(i + 1, 4)}.${slug}@ketnap.scale`, mentor.fullName, Role.MENTOR, cell.org, mentor.id);
  });
  return logins;
}

