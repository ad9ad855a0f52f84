import type { EntityManager } from 'typeorm';
import type { Period } from './period';
import { queryWithinBudget, type TimeBudget } from '../../db/time-limit';

/**
 * The statistics of a subtree, computed in SQL as ONE statement: a UNION ALL of one part per
 * figure, each grouped by the direct child of the root the row falls under (read off the
 * materialized path), so a report costs the same whatever the number of children or cells.
 * Every part has the same columns: fig, bucket ('' for the root itself), k1, k2 (keys such as
 * a level or a category) and v1..v5 (numbers).
 */
export interface Scope {
  rootId: number;
  rootPath: string;
  /** The root's tenant: lets the events' (tenant, stage, date) index narrow the steps first. */
  tenantId: number;
}

interface Part {
  sql: string;
  params: unknown[];
}

interface FigureRow {
  fig: string;
  bucket: string;
  k1: string | null;
  k2: string | null;
  v: [number, number, number, number, number];
}

function dialect(em: EntityManager) {
  const mysql = em.connection.options.type === 'mysql';
  return {
    /** The id (as text) of the root's child that `pathColumn` lies under, '' for the root itself. */
    child(pathColumn: string, rootPath: string): string {
      const start = rootPath.length + 1;
      return mysql
        ? `SUBSTRING_INDEX(SUBSTRING(${pathColumn}, ${start}), '/', 1)`
        : `substr(substr(${pathColumn}, ${start}), 1, instr(substr(${pathColumn}, ${start}), '/') - 1)`;
    },
    text: (expression: string) => (mysql ? `CAST(${expression} AS CHAR)` : `CAST(${expression} AS TEXT)`),
  };
}

/** The first day of the targets' year. */
function yearStart(period: Period): string {
  return `${period.targetYear}-01-01`;
}

/** A part with the shared column list; `keys` and `values` are SQL expressions. */
function part(fig: string, bucket: string, keys: [string, string], values: string[], rest: string, params: unknown[]): Part {
  const v = [...values, '0', '0', '0', '0', '0'].slice(0, 5);
  return {
    sql: `SELECT '${fig}' AS fig, ${bucket} AS bucket, ${keys[0]} AS k1, ${keys[1]} AS k2, ${v.map((value, i) => `${value} AS v${i + 1}`).join(', ')} ${rest}`,
    params,
  };
}

/** The parts of the report's statement, one per figure (exported for the benchmark's EXPLAIN and timings). */
export function statisticsParts(em: EntityManager, scope: Scope, period: Period, today: string): (Part & { fig: string })[] {
  return parts(em, scope, period, today).map((p) => ({ ...p, fig: /'(\w+)' AS fig/.exec(p.sql)?.[1] ?? '?', sql: withStepKey(em, p.sql) }));
}

function withStepKey(em: EntityManager, sql: string): string {
  return sql.replace('CONCAT_WS_PLACEHOLDER', em.connection.options.type === 'mysql' ? `CONCAT(a.to_stage, '|', a.category, '|', COALESCE(${LEVEL}, ''))` : `(a.to_stage || '|' || a.category || '|' || COALESCE(${LEVEL}, ''))`);
}

/**
 * The school that places an organization's people (members, candidates' steps) at a school level:
 * its own school, or, for a cell under a school committee (chi bộ trực thuộc đảng bộ trường, no
 * school of its own), the school committee's school. Joined on `o`, the organization.
 */
const PLACE = `LEFT JOIN school s ON s.organization_id = o.id
        LEFT JOIN organization po ON po.id = o.parent_id AND po.kind = 'SCHOOL_COMMITTEE'
        LEFT JOIN school ps ON ps.organization_id = po.id`;
/** The level of the school PLACE found (NULL without one). */
const LEVEL = 'COALESCE(s.level, ps.level)';

/**
 * Admissions (ADMITTED) or official recognitions (OFFICIAL) of members with no history behind
 * them: imported rosters and members entered by hand carry the date of admission (admitted_on,
 * the ceremony, "ngày vào Đảng") and of recognition (official_on) only. A member counts here
 * unless the same person has a standing step to that stage, which counts instead: the candidate
 * whose ceremony made the member (either link) or a candidate of the tenant with the same
 * national ID. Placed where the member is now (a roster has no moves), with the member's category.
 * Same columns as the steps counted per organization.
 */
function rosterSteps(em: EntityManager, stage: 'ADMITTED' | 'OFFICIAL', scope: Scope, period: Period, since: string): Part {
  const date = stage === 'ADMITTED' ? 'm.admitted_on' : 'm.official_on';
  // MariaDB/MySQL turn each NOT EXISTS into one lookup table per statement: built from the
  // tenant's standing steps to the stage (the steps' index), not from every tenant's. SQLite runs
  // them per member, from the candidate's own steps (by candidate): no tenant term, or it would
  // scan the tenant's steps for each member.
  const mysql = em.connection.options.type === 'mysql';
  const standing = `${mysql ? 'h.tenant_id = ? AND ' : ''}h.to_stage = '${stage}' AND h.kind = 'STEP' AND h.corrected = 0`;
  return {
    sql: `SELECT m.organization_id, '${stage}' AS to_stage, m.category,
                 SUM(CASE WHEN ${date} >= ? THEN 1 ELSE 0 END) AS in_period, SUM(CASE WHEN ${date} >= ? THEN 1 ELSE 0 END) AS in_year
            FROM member m JOIN organization mo ON mo.id = m.organization_id
           WHERE m.tenant_id = ? AND ${date} >= ? AND ${date} <= ? AND mo.path LIKE ?${stage === 'OFFICIAL' ? " AND m.status = 'OFFICIAL'" : ''}
             AND NOT EXISTS (SELECT 1 FROM candidate_stage_event h WHERE h.candidate_id = m.candidate_id AND ${standing})
             AND NOT EXISTS (SELECT 1 FROM candidate hc JOIN candidate_stage_event h ON h.candidate_id = hc.id WHERE hc.member_id = m.id AND ${standing})
             AND NOT EXISTS (SELECT 1 FROM candidate hc JOIN candidate_stage_event h ON h.candidate_id = hc.id WHERE hc.tenant_id = m.tenant_id AND hc.national_id = m.national_id AND ${standing})
           GROUP BY m.organization_id, m.category`,
    params: [period.from, yearStart(period), scope.tenantId, since, period.to, `${scope.rootPath}%`, ...(mysql ? [scope.tenantId, scope.tenantId, scope.tenantId] : [])],
  };
}

function parts(em: EntityManager, scope: Scope, period: Period, today: string): Part[] {
  const d = dialect(em);
  const prefix = `${scope.rootPath}%`;
  const bucket = d.child('o.path', scope.rootPath);
  const none = 'NULL';
  // The steps are read from the earlier of the period's start and its targets' year's.
  const since = period.from < yearStart(period) ? period.from : yearStart(period);
  const admittedRoster = rosterSteps(em, 'ADMITTED', scope, period, since);
  const officialRoster = rosterSteps(em, 'OFFICIAL', scope, period, since);
  return [
    // Schools by level, and those with a party organization of their own.
    part('schools', bucket, ['s.level', none], ['COUNT(*)', "SUM(CASE WHEN o.kind IN ('SCHOOL_CELL', 'SCHOOL_COMMITTEE') THEN 1 ELSE 0 END)"],
      'FROM school s JOIN organization o ON o.id = s.organization_id WHERE s.tenant_id = ? AND o.path LIKE ? GROUP BY bucket, s.level', [scope.tenantId, prefix]),
    // Cells, and cells whose secretary is the school's principal.
    part('cells', bucket, [none, none], ['COUNT(*)', 'SUM(CASE WHEN EXISTS (SELECT 1 FROM member m WHERE m.organization_id = o.id AND m.is_secretary = 1 AND m.is_principal = 1) THEN 1 ELSE 0 END)'],
      "FROM organization o WHERE o.tenant_id = ? AND o.path LIKE ? AND o.kind = 'SCHOOL_CELL' GROUP BY bucket", [scope.tenantId, prefix]),
    // Headcounts: each school's latest school year up to the period's.
    part('headcounts', bucket, ['s.level', none], ['SUM(h.managers)', 'SUM(h.teachers)', 'SUM(h.staff)', 'SUM(h.students)', 'SUM(h.grade12_students)'],
      `FROM school_headcount h JOIN school s ON s.id = h.school_id JOIN organization o ON o.id = s.organization_id
        WHERE s.tenant_id = ? AND o.path LIKE ? AND h.school_year = (SELECT MAX(h2.school_year) FROM school_headcount h2 WHERE h2.school_id = h.school_id AND h2.school_year <= ?)
        GROUP BY bucket, s.level`, [scope.tenantId, prefix, period.headcountSchoolYear]),
    // Party members at the end of the period by category and school level (PLACE), official or
    // probationary then: counted per cell first (from the members' covering index), then placed.
    part('members', bucket, ['a.category', LEVEL], ['SUM(a.official)', 'SUM(a.probationary)'],
      `FROM (SELECT m.organization_id, m.category,
                    SUM(CASE WHEN m.status = 'OFFICIAL' AND (m.official_on IS NULL OR m.official_on <= ?) THEN 1 ELSE 0 END) AS official,
                    SUM(CASE WHEN m.status = 'OFFICIAL' AND (m.official_on IS NULL OR m.official_on <= ?) THEN 0 ELSE 1 END) AS probationary
               FROM member m JOIN organization mo ON mo.id = m.organization_id
              WHERE mo.path LIKE ? AND (m.admitted_on IS NULL OR m.admitted_on <= ?)
              GROUP BY m.organization_id, m.category) a
        JOIN organization o ON o.id = a.organization_id
        ${PLACE}
        GROUP BY bucket, a.category, ${LEVEL}`,
      [period.to, period.to, prefix, period.to]),
    // Steps taken in the period and in the targets' year up to the period's end (targets are
    // yearly), where the candidate's cell was at the time, per organization, by stage,
    // category and school level (PLACE): one pass over the steps, split by splitSteps().
    // The steps are counted per organization first (from the steps' index and the candidate's
    // category), then put under their paths: the organizations are joined once each, not once a step.
    part('steps', "''", ['o.path', 'CONCAT_WS_PLACEHOLDER'], ['SUM(a.in_period)', 'SUM(a.in_year)'],
      `FROM (SELECT e.organization_id, e.to_stage, c.category,
                    SUM(CASE WHEN e.occurred_on >= ? THEN 1 ELSE 0 END) AS in_period, SUM(CASE WHEN e.occurred_on >= ? THEN 1 ELSE 0 END) AS in_year
               FROM candidate_stage_event e JOIN candidate c ON c.id = e.candidate_id
              WHERE e.tenant_id = ? AND e.to_stage IN ('ADMITTED', 'OFFICIAL', 'TRAINED') AND e.occurred_on >= ? AND e.occurred_on <= ?
                AND e.kind = 'STEP' AND e.corrected = 0
              GROUP BY e.organization_id, e.to_stage, c.category) a
        JOIN organization o ON o.id = a.organization_id
        ${PLACE}
        WHERE o.path LIKE ?
        GROUP BY o.path, a.to_stage, a.category, ${LEVEL}`,
      [period.from, yearStart(period), scope.tenantId, since, period.to, prefix]),
    // Admissions and recognitions of members without a history, as more rows of the same
    // figure (splitSteps adds them up): parts of their own, so that the steps' part above stays
    // grouped per organization on its own (MariaDB then computes it for the subtree's
    // organizations only, not for the whole tenant).
    ...[admittedRoster, officialRoster].map((roster) =>
      part('steps', "''", ['o.path', 'CONCAT_WS_PLACEHOLDER'], ['SUM(a.in_period)', 'SUM(a.in_year)'],
        `FROM (${roster.sql}) a
          JOIN organization o ON o.id = a.organization_id
          ${PLACE}
          GROUP BY o.path, a.to_stage, a.category, ${LEVEL}`,
        roster.params),
    ),
    // Each candidate's stage at the end of the period: their current stage when the period
    // ends today or later, otherwise their last standing step by then.
    period.to >= today
      ? part('stages', bucket, ['c.stage', none], ['COUNT(*)'],
          // Read from the (organization, stage, deadline) index alone.
          'FROM candidate c JOIN organization o ON o.id = c.organization_id WHERE o.path LIKE ? GROUP BY bucket, c.stage', [prefix])
      : part('stages', bucket, ['e.to_stage', none], ['COUNT(*)'],
          `FROM candidate_stage_event e
            JOIN (SELECT le.candidate_id, MAX(le.id) AS id FROM candidate_stage_event le JOIN organization lo ON lo.id = le.organization_id
                   WHERE le.tenant_id = ? AND lo.path LIKE ? AND le.kind = 'STEP' AND le.corrected = 0 AND le.occurred_on <= ? GROUP BY le.candidate_id) latest ON latest.id = e.id
            JOIN organization o ON o.id = e.organization_id
            GROUP BY bucket, e.to_stage`, [scope.tenantId, prefix, period.to]),
    // Active candidates stalled, by reason (today).
    part('stalls', bucket, ['r.reason', none], ['COUNT(DISTINCT c.id)'],
      `FROM candidate_stall_reason r JOIN candidate c ON c.id = r.candidate_id JOIN organization o ON o.id = c.organization_id
        WHERE o.path LIKE ? AND c.stage NOT IN ('OFFICIAL', 'DROPPED', 'REJECTED', 'PROBATION_NOT_RECOGNIZED') GROUP BY bucket, r.reason`, [prefix]),
    // Deadlines passed as of today.
    part('overdue', bucket, [none, none], ['COUNT(*)'],
      'FROM candidate c JOIN organization o ON o.id = c.organization_id WHERE o.path LIKE ? AND c.deadline_on IS NOT NULL AND c.deadline_on < ? GROUP BY bucket', [prefix, today]),
    // Targets of the year summed per bucket.
    part('targets', bucket, ['t.metric', none], ['SUM(t.value)'],
      'FROM target t JOIN organization o ON o.id = t.organization_id WHERE t.tenant_id = ? AND t.year = ? AND o.path LIKE ? GROUP BY bucket, t.metric', [scope.tenantId, period.targetYear, prefix]),
    // Each target row with its organization's path: the results under each target's
    // organization are summed from the steps per organization by path prefix.
    part('targetrows', d.text('t.organization_id'), ['o.path', 't.metric'], ['t.value'],
      'FROM target t JOIN organization o ON o.id = t.organization_id WHERE t.tenant_id = ? AND t.year = ? AND o.path LIKE ?', [scope.tenantId, period.targetYear, prefix]),
  ];
}

/**
 * All figures of the subtree in one statement, split back by figure. With a budget, the
 * statement is stopped when the request's time is spent (QUERY_TIMEOUT).
 */
export async function loadFigureRows(em: EntityManager, scope: Scope, period: Period, today: string, budget?: TimeBudget): Promise<Map<string, FigureRow[]>> {
  // Steps are keyed by "stage|category|level": one text key in k2.
  const all = parts(em, scope, period, today).map((p) => ({ ...p, sql: withStepKey(em, p.sql) }));
  // Reports read from a replica when there is one (outside a transaction).
  const runner = em.queryRunner ?? em.connection.createQueryRunner('slave');
  let rows: Record<string, string | number | null>[];
  try {
    const statement = all.map((p) => p.sql).join('\nUNION ALL\n');
    rows = (await queryWithinBudget((sql) => runner.query(sql, all.flatMap((p) => p.params)), em.connection, statement, budget)) as Record<string, string | number | null>[];
  } finally {
    if (runner !== em.queryRunner) await runner.release();
  }
  const byFigure = new Map<string, FigureRow[]>();
  for (const row of rows) {
    const figure: FigureRow = {
      fig: String(row.fig),
      bucket: row.bucket === null ? '' : String(row.bucket),
      k1: row.k1 === null ? null : String(row.k1),
      k2: row.k2 === null ? null : String(row.k2),
      v: [Number(row.v1 ?? 0), Number(row.v2 ?? 0), Number(row.v3 ?? 0), Number(row.v4 ?? 0), Number(row.v5 ?? 0)],
    };
    let list = byFigure.get(figure.fig);
    if (!list) byFigure.set(figure.fig, (list = []));
    list.push(figure);
  }
  splitSteps(byFigure, scope.rootPath);
  return byFigure;
}

const YEAR_STAGES = new Set(['ADMITTED', 'TRAINED']);

/**
 * The steps part has one row per (organization path, stage, category|level) with the period's
 * count (v1) and the year's (v2). Split into the figures the report reads: `steps` (the
 * period's, per child bucket), `yearsteps` (the year's, per child bucket) and `yearbyorg` (the
 * year's per organization path, for the targets set below the root).
 */
function splitSteps(byFigure: Map<string, FigureRow[]>, rootPath: string): void {
  const steps: FigureRow[] = [];
  const yearSteps: FigureRow[] = [];
  const yearByOrg = new Map<string, FigureRow>();
  for (const row of byFigure.get('steps') ?? []) {
    const path = String(row.k1);
    const [stage, ...key] = String(row.k2).split('|');
    const categoryAndLevel = key.join('|');
    // The id of the root's child the organization lies under ('' for the root itself).
    const bucket = path.slice(rootPath.length).split('/')[0];
    const [inPeriod, inYear] = row.v;
    if (inPeriod > 0) steps.push({ fig: 'steps', bucket, k1: stage, k2: categoryAndLevel, v: [inPeriod, 0, 0, 0, 0] });
    if (inYear > 0 && YEAR_STAGES.has(stage)) {
      yearSteps.push({ fig: 'yearsteps', bucket, k1: stage, k2: categoryAndLevel, v: [inYear, 0, 0, 0, 0] });
      const key = `${path}\u0000${stage}`;
      let total = yearByOrg.get(key);
      if (!total) yearByOrg.set(key, (total = { fig: 'yearbyorg', bucket: '', k1: path, k2: stage, v: [0, 0, 0, 0, 0] }));
      if (categoryAndLevel.startsWith('STUDENT|')) total.v[0] += inYear;
      total.v[1] += inYear;
    }
  }
  byFigure.set('steps', steps);
  byFigure.set('yearsteps', yearSteps);
  byFigure.set('yearbyorg', [...yearByOrg.values()]);
}

export type { FigureRow };
