import type { EntityManager } from 'typeorm';
import { Organization } from '../organization/organization.entity';
import { CandidateStage, PersonCategory, SchoolLevel, StallReason } from '../../domain/enums';
import { TargetMetric } from './target.entity';
import type { Period } from './period';
import type { TimeBudget } from '../../db/time-limit';
import * as sql from './statistics.sql';
import { cachedReport } from './report-cache';
import type { HeadlineFigures, StaffLevelFigures, Statistics, StepFigures } from './statistics.types';

/** Puts the bucketed SQL figures together into the report of the root and of each child. */
type Figures = Awaited<ReturnType<typeof loadFigures>>;

async function loadFigures(em: EntityManager, scope: sql.Scope, period: Period, today: string, budget?: TimeBudget) {
  const rows = await sql.loadFigureRows(em, scope, period, today, budget);
  const of = (fig: string) => rows.get(fig) ?? [];
  return {
    schools: of('schools').map((r) => ({ bucket: r.bucket, level: String(r.k1), schools: r.v[0], withPartyOrganization: r.v[1] })),
    cells: of('cells').map((r) => ({ bucket: r.bucket, cells: r.v[0], withPrincipalSecretary: r.v[1] })),
    headcounts: of('headcounts').map((r) => ({ bucket: r.bucket, level: String(r.k1), managers: r.v[0], teachers: r.v[1], staff: r.v[2], students: r.v[3], grade12Students: r.v[4] })),
    members: of('members').map((r) => ({ bucket: r.bucket, category: String(r.k1), level: r.k2, official: r.v[0], probationary: r.v[1] })),
    steps: of('steps').map((r) => {
      const [category, level] = String(r.k2).split('|');
      return { bucket: r.bucket, stage: String(r.k1), category, level: level || null, count: r.v[0] };
    }),
    yearSteps: of('yearsteps').map((r) => ({ bucket: r.bucket, stage: String(r.k1), student: String(r.k2).startsWith(`${PersonCategory.STUDENT}|`), count: r.v[0] })),
    stages: of('stages').map((r) => ({ bucket: r.bucket, stage: String(r.k1), count: r.v[0] })),
    stalls: of('stalls').map((r) => ({ bucket: r.bucket, reason: String(r.k1), count: r.v[0] })),
    overdue: of('overdue').map((r) => ({ bucket: r.bucket, count: r.v[0] })),
    targets: of('targets').map((r) => ({ bucket: r.bucket, metric: String(r.k1), value: r.v[0] })),
    targetRows: of('targetrows').map((r) => ({ organizationId: Number(r.bucket), path: String(r.k1), metric: String(r.k2) as TargetMetric, target: r.v[0] })),
    yearByOrganization: of('yearbyorg').map((r) => ({ path: String(r.k1), stage: String(r.k2), students: r.v[0], count: r.v[1] })),
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

/**
 * Managers, teachers and staff and the party members among them, per school level: headcounts by
 * their school's level, members by the level of the school that places their cell (a cell under a
 * school committee: the committee's school). Levels with neither are left out.
 */
function staffByLevel(headcounts: Figures['headcounts'], staffMembers: Figures['members']): StaffLevelFigures[] {
  return Object.values(SchoolLevel)
    .map((level) => {
      const heads = headcounts.filter((h) => h.level === level);
      const members = staffMembers.filter((m) => m.level === level);
      const managers = sum(heads, (h) => h.managers);
      const teachers = sum(heads, (h) => h.teachers);
      const staff = sum(heads, (h) => h.staff);
      const total = managers + teachers + staff;
      const memberCount = sum(members, (m) => m.official + m.probationary);
      return {
        level,
        managers,
        teachers,
        staff,
        total,
        members: memberCount,
        teacherMembers: sum(members.filter((m) => m.category === PersonCategory.TEACHER), (m) => m.official + m.probationary),
        membersRatio: total > 0 ? memberCount / total : null,
      };
    })
    .filter((row) => row.total > 0 || row.members > 0);
}

function stepFigures(rows: Figures['steps'], stage: CandidateStage): StepFigures {
  const ofStage = rows.filter((row) => row.stage === stage);
  return {
    total: sum(ofStage, (row) => row.count),
    byCategory: countBy(ofStage, (row) => row.category as PersonCategory, (row) => row.count, Object.values(PersonCategory)).map(({ key, count }) => ({ category: key, count })),
    byLevel: countBy(ofStage, (row) => row.level as SchoolLevel | null, (row) => row.count, Object.values(SchoolLevel)).map(({ key, count }) => ({ level: key, count })),
  };
}

/** What each target counts, among the steps of its year up to the end of the period. */
const TARGET_STEPS: Record<TargetMetric, { stage: CandidateStage; studentsOnly: boolean }> = {
  ADMISSIONS: { stage: CandidateStage.ADMITTED, studentsOnly: false },
  STUDENT_ADMISSIONS: { stage: CandidateStage.ADMITTED, studentsOnly: true },
  AWARENESS_CLASS: { stage: CandidateStage.TRAINED, studentsOnly: false },
  STUDENT_AWARENESS_CLASS: { stage: CandidateStage.TRAINED, studentsOnly: true },
};

type Bucketed = Omit<Figures, 'targetRows' | 'yearByOrganization'>;
const BUCKETED_KEYS = ['schools', 'cells', 'headcounts', 'members', 'steps', 'yearSteps', 'stages', 'stalls', 'overdue', 'targets'] as const;

function emptyBucket(): Bucketed {
  return Object.fromEntries(BUCKETED_KEYS.map((key) => [key, []])) as unknown as Bucketed;
}

/** The figures of each bucket, split in one pass (a report has thousands of rows and hundreds of children). */
function byBucket(figures: Figures): Map<string, Bucketed> {
  const buckets = new Map<string, Bucketed>();
  const bucketOf = (bucket: string): Bucketed => {
    let entry = buckets.get(bucket);
    if (!entry) {
      entry = emptyBucket();
      buckets.set(bucket, entry);
    }
    return entry;
  };
  for (const key of BUCKETED_KEYS) {
    for (const row of figures[key] as { bucket: string }[]) (bucketOf(row.bucket)[key] as { bucket: string }[]).push(row);
  }
  return buckets;
}

/** The statistics of the given rows (the whole subtree's, or one bucket's). */
function assemble(figures: Bucketed, organizationId: number, period: Period): Statistics {
  const schools = figures.schools;
  const cells = figures.cells;
  const headcounts = figures.headcounts;
  const members = figures.members;
  const staffMembers = members.filter((row) => STAFF_CATEGORIES.includes(row.category));
  const steps = figures.steps;
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
      byLevel: staffByLevel(headcounts, staffMembers),
    },
    admissions: stepFigures(steps, CandidateStage.ADMITTED),
    officialRecognitions: stepFigures(steps, CandidateStage.OFFICIAL),
    awarenessClass,
    awarenessClassStudents: awarenessClass.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
    candidatesByStage: countBy(figures.stages, (row) => row.stage as CandidateStage, (row) => row.count, Object.values(CandidateStage)).map(({ key, count }) => ({ stage: key, count })),
    stalledByReason: countBy(figures.stalls, (row) => row.reason as StallReason, (row) => row.count, Object.values(StallReason)).map(({ key, count }) => ({ reason: key, count })),
    overdueDeadlines: sum(figures.overdue, (row) => row.count),
    targets: [],
    behind: [],
    children: [],
  };
  const targets = figures.targets;
  statistics.targets = Object.values(TargetMetric)
    .filter((metric) => targets.some((t) => t.metric === metric))
    .map((metric) => {
      const target = sum(targets.filter((t) => t.metric === metric), (t) => t.value);
      const counted = TARGET_STEPS[metric];
      const result = sum(figures.yearSteps.filter((row) => row.stage === counted.stage && (!counted.studentsOnly || row.student)), (row) => row.count);
      return { metric, target, result, reached: result >= target };
    });
  return statistics;
}

/**
 * The report of `root` for `period`, with the same figures for each of `children` (the direct
 * children the caller may see). A constant number of statements, whatever the tree's size.
 */
export async function computeStatistics(em: EntityManager, root: Organization, children: Organization[], period: Period, today: string, cacheSeconds = 0, budget?: TimeBudget): Promise<Statistics> {
  // The cached report depends on which children the caller may see, so they are part of the key.
  const key = `${root.path}|${period.from}|${period.to}|${today}|${children.map((child) => child.id).join(',')}`;
  return cachedReport(em.connection, root.tenantId, key, cacheSeconds, async () => {
    const figures = await loadFigures(em, { rootId: root.id, rootPath: root.path, tenantId: root.tenantId }, period, today, budget);
    // The root's totals cover its whole subtree, including children the caller may not list.
    const statistics = assemble(figures, root.id, period);
    const buckets = byBucket(figures);
    statistics.children = children.map((child) => assemble(buckets.get(String(child.id)) ?? emptyBucket(), child.id, period));
    statistics.behind = figures.targetRows
      .map((row) => {
        const counted = TARGET_STEPS[row.metric];
        const steps = figures.yearByOrganization.filter((step) => step.path.startsWith(row.path) && step.stage === counted.stage);
        return { organizationId: row.organizationId, metric: row.metric, target: row.target, result: sum(steps, (step) => (counted.studentsOnly ? step.students : step.count)) };
      })
      .filter((row) => row.result < row.target)
      .sort((a, b) => a.organizationId - b.organizationId || a.metric.localeCompare(b.metric));
    return statistics;
  });
}

/** Headline ratios of the given children of `parent`, for comparison between siblings. */
export async function headlineFigures(em: EntityManager, parent: Organization, siblings: Organization[], period: Period, today: string, budget?: TimeBudget): Promise<HeadlineFigures[]> {
  const figures = await loadFigures(em, { rootId: parent.id, rootPath: parent.path, tenantId: parent.tenantId }, period, today, budget);
  const buckets = byBucket(figures);
  return siblings.map((sibling) => {
    const statistics = assemble(buckets.get(String(sibling.id)) ?? emptyBucket(), sibling.id, period);
    return {
      organizationId: sibling.id,
      membersRatio: statistics.staff.membersRatio,
      admissions: statistics.admissions.total,
      membersRatioByLevel: statistics.staff.byLevel.map(({ level, membersRatio }) => ({ level, membersRatio })),
    };
  });
}
