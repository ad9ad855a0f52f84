import type { EntityManager } from 'typeorm';
import { Organization } from '../organization/organization.entity';
import { CandidateStage, PersonCategory, SchoolLevel, StallReason } from '../enums';
import { TargetMetric } from './target.entity';
import type { Period } from './period';
import * as sql from './statistics.sql';
import type { HeadlineFigures, Statistics, StepFigures } from './statistics.types';

/** Puts the bucketed SQL figures together into the report of the root and of each child. */
type Figures = Awaited<ReturnType<typeof loadFigures>>;

async function loadFigures(em: EntityManager, scope: sql.Scope, period: Period, today: string) {
  return {
    schools: await sql.schoolFigures(em, scope),
    cells: await sql.cellFigures(em, scope),
    headcounts: await sql.headcountFigures(em, scope, period),
    members: await sql.memberFigures(em, scope, period),
    steps: await sql.stepFigures(em, scope, period),
    stages: await sql.stageFigures(em, scope, period),
    stalls: await sql.stallFigures(em, scope),
    overdue: await sql.overdueFigures(em, scope, today),
    targets: await sql.targetFigures(em, scope, period.targetYear),
  };
}

const STAFF_CATEGORIES: string[] = [PersonCategory.MANAGER, PersonCategory.TEACHER, PersonCategory.STAFF];

function sum<T>(rows: T[], pick: (row: T) => number): number {
  return rows.reduce((total, row) => total + pick(row), 0);
}

function countBy<T, K extends string>(rows: T[], key: (row: T) => K | null, value: (row: T) => number, order: readonly K[]): { key: K; count: number }[] {
  const totals = new Map<K, number>();
  for (const row of rows) {
    const k = key(row);
    if (k !== null) totals.set(k, (totals.get(k) ?? 0) + value(row));
  }
  return order.filter((k) => totals.has(k)).map((k) => ({ key: k, count: totals.get(k) ?? 0 }));
}

function stepFigures(rows: Figures['steps'], stage: CandidateStage): StepFigures {
  const ofStage = rows.filter((row) => row.stage === stage);
  return {
    total: sum(ofStage, (row) => row.count),
    byCategory: countBy(ofStage, (row) => row.category as PersonCategory, (row) => row.count, Object.values(PersonCategory)).map(({ key, count }) => ({ category: key, count })),
    byLevel: countBy(ofStage, (row) => row.level as SchoolLevel | null, (row) => row.count, Object.values(SchoolLevel)).map(({ key, count }) => ({ level: key, count })),
  };
}

const TARGET_RESULT: Record<TargetMetric, (s: Statistics) => number> = {
  ADMISSIONS: (s) => s.admissions.total,
  STUDENT_ADMISSIONS: (s) => s.admissions.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
  AWARENESS_CLASS: (s) => s.awarenessClass.total,
  STUDENT_AWARENESS_CLASS: (s) => s.awarenessClassStudents,
};

/** The statistics of the rows whose bucket passes `inBucket`. */
function assemble(figures: Figures, organizationId: number, period: Period, inBucket: (bucket: string) => boolean): Statistics {
  const pick = <T extends { bucket: string }>(rows: T[]) => rows.filter((row) => inBucket(row.bucket));
  const schools = pick(figures.schools);
  const cells = pick(figures.cells);
  const headcounts = pick(figures.headcounts);
  const members = pick(figures.members);
  const staffMembers = members.filter((row) => STAFF_CATEGORIES.includes(row.category));
  const steps = pick(figures.steps);
  const managers = sum(headcounts, (h) => h.managers);
  const teachers = sum(headcounts, (h) => h.teachers);
  const staff = sum(headcounts, (h) => h.staff);
  const memberCount = sum(staffMembers, (m) => m.official + m.probationary);
  const awarenessClass = stepFigures(steps, CandidateStage.TRAINED);
  const statistics: Statistics = {
    organizationId,
    period,
    schools: {
      total: sum(schools, (s) => s.schools),
      withPartyOrganization: sum(schools, (s) => s.withPartyOrganization),
      byLevel: Object.values(SchoolLevel)
        .map((level) => {
          const ofLevel = schools.filter((s) => s.level === level);
          return { level, schools: sum(ofLevel, (s) => s.schools), withPartyOrganization: sum(ofLevel, (s) => s.withPartyOrganization) };
        })
        .filter((row) => row.schools > 0),
    },
    cells: { total: sum(cells, (c) => c.cells), withPrincipalSecretary: sum(cells, (c) => c.withPrincipalSecretary) },
    staff: {
      managers,
      teachers,
      staff,
      total: managers + teachers + staff,
      students: sum(headcounts, (h) => h.students),
      grade12Students: sum(headcounts, (h) => h.grade12Students),
      members: memberCount,
      officialMembers: sum(staffMembers, (m) => m.official),
      probationaryMembers: sum(staffMembers, (m) => m.probationary),
      teacherMembers: sum(members.filter((m) => m.category === PersonCategory.TEACHER), (m) => m.official + m.probationary),
      studentMembers: sum(members.filter((m) => m.category === PersonCategory.STUDENT), (m) => m.official + m.probationary),
      membersRatio: managers + teachers + staff > 0 ? memberCount / (managers + teachers + staff) : null,
    },
    admissions: stepFigures(steps, CandidateStage.ADMITTED),
    officialRecognitions: stepFigures(steps, CandidateStage.OFFICIAL),
    awarenessClass,
    awarenessClassStudents: awarenessClass.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
    candidatesByStage: countBy(pick(figures.stages), (row) => row.stage as CandidateStage, (row) => row.count, Object.values(CandidateStage)).map(({ key, count }) => ({ stage: key, count })),
    stalledByReason: countBy(pick(figures.stalls), (row) => row.reason as StallReason, (row) => row.count, Object.values(StallReason)).map(({ key, count }) => ({ reason: key, count })),
    overdueDeadlines: sum(pick(figures.overdue), (row) => row.count),
    targets: [],
    behind: [],
    children: [],
  };
  const targets = pick(figures.targets);
  statistics.targets = Object.values(TargetMetric)
    .filter((metric) => targets.some((t) => t.metric === metric))
    .map((metric) => {
      const target = sum(targets.filter((t) => t.metric === metric), (t) => t.value);
      const result = TARGET_RESULT[metric](statistics);
      return { metric, target, result, reached: result >= target };
    });
  return statistics;
}

/**
 * The report of `root` for `period`, with the same figures for each of `children` (the direct
 * children the caller may see). A constant number of statements, whatever the tree's size.
 */
export async function computeStatistics(em: EntityManager, root: Organization, children: Organization[], period: Period, today: string): Promise<Statistics> {
  const scope = { rootId: root.id, rootPath: root.path };
  const figures = await loadFigures(em, scope, period, today);
  // The root's totals cover its whole subtree, including children the caller may not list.
  const statistics = assemble(figures, root.id, period, () => true);
  statistics.children = children.map((child) => assemble(figures, child.id, period, (bucket) => bucket === String(child.id)));
  statistics.behind = (await sql.targetsBehind(em, scope, period))
    .filter((row) => row.result < row.target)
    .map((row) => ({ organizationId: row.organizationId, metric: row.metric as TargetMetric, target: row.target, result: row.result }));
  return statistics;
}

/** Headline ratios of the given children of `parent`, for comparison between siblings. */
export async function headlineFigures(em: EntityManager, parent: Organization, siblings: Organization[], period: Period): Promise<HeadlineFigures[]> {
  const scope = { rootId: parent.id, rootPath: parent.path };
  const headcounts = await sql.headcountFigures(em, scope, period);
  const members = await sql.memberFigures(em, scope, period);
  const steps = await sql.stepFigures(em, scope, period);
  return siblings.map((sibling) => {
    const bucket = String(sibling.id);
    const heads = headcounts.filter((h) => h.bucket === bucket);
    const total = sum(heads, (h) => h.managers + h.teachers + h.staff);
    const memberCount = sum(members.filter((m) => m.bucket === bucket && STAFF_CATEGORIES.includes(m.category)), (m) => m.official + m.probationary);
    return {
      organizationId: sibling.id,
      membersRatio: total > 0 ? memberCount / total : null,
      admissions: sum(steps.filter((s) => s.bucket === bucket && s.stage === CandidateStage.ADMITTED), (s) => s.count),
    };
  });
}
