import type { EntityManager } from 'typeorm';
import type { Period } from './period';

/**
 * The statistics of a subtree, computed in SQL: one statement per figure, each grouped by
 * the direct child of the root the row falls under (read off the materialized path), so the
 * number of statements does not grow with the number of children or cells. The bucket ''
 * holds rows of the root organization itself.
 */
export interface Scope {
  rootId: number;
  rootPath: string;
}

export type Bucketed<T> = Map<string, T>;

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
    falsy: mysql ? '0' : '0',
  };
}

interface Row {
  [column: string]: string | number | null;
}

async function run(em: EntityManager, sql: string, params: unknown[]): Promise<Row[]> {
  return (await em.query(sql, params)) as Row[];
}

const num = (value: string | number | null | undefined): number => Number(value ?? 0);

/** Schools by level, and those with a party organization of their own. */
export async function schoolFigures(em: EntityManager, scope: Scope) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, s.level AS level, COUNT(*) AS schools,
            SUM(CASE WHEN o.kind IN ('SCHOOL_CELL', 'SCHOOL_COMMITTEE') THEN 1 ELSE 0 END) AS with_party
       FROM school s JOIN organization o ON o.id = s.organization_id
      WHERE o.path LIKE ?
      GROUP BY bucket, s.level`,
    [`${scope.rootPath}%`],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), level: String(r.level), schools: num(r.schools), withPartyOrganization: num(r.with_party) }));
}

/** Cells, and cells whose secretary is the school's principal. */
export async function cellFigures(em: EntityManager, scope: Scope) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, COUNT(*) AS cells,
            SUM(CASE WHEN EXISTS (SELECT 1 FROM member m WHERE m.organization_id = o.id AND m.is_secretary = 1 AND m.is_principal = 1) THEN 1 ELSE 0 END) AS principal_secretaries
       FROM organization o
      WHERE o.path LIKE ? AND o.kind = 'SCHOOL_CELL'
      GROUP BY bucket`,
    [`${scope.rootPath}%`],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), cells: num(r.cells), withPrincipalSecretary: num(r.principal_secretaries) }));
}

/** Headcounts: each school's latest school year up to the period's. */
export async function headcountFigures(em: EntityManager, scope: Scope, period: Period) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket,
            SUM(h.managers) AS managers, SUM(h.teachers) AS teachers, SUM(h.staff) AS staff,
            SUM(h.students) AS students, SUM(h.grade12_students) AS grade12
       FROM school_headcount h
       JOIN school s ON s.id = h.school_id
       JOIN organization o ON o.id = s.organization_id
      WHERE o.path LIKE ?
        AND h.school_year = (SELECT MAX(h2.school_year) FROM school_headcount h2 WHERE h2.school_id = h.school_id AND h2.school_year <= ?)
      GROUP BY bucket`,
    [`${scope.rootPath}%`, period.headcountSchoolYear],
  );
  return rows.map((r) => ({
    bucket: String(r.bucket ?? ''),
    managers: num(r.managers),
    teachers: num(r.teachers),
    staff: num(r.staff),
    students: num(r.students),
    grade12Students: num(r.grade12),
  }));
}

/** Party members at the end of the period by category, official or probationary then. */
export async function memberFigures(em: EntityManager, scope: Scope, period: Period) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, m.category AS category,
            SUM(CASE WHEN m.status = 'OFFICIAL' AND (m.official_on IS NULL OR m.official_on <= ?) THEN 1 ELSE 0 END) AS official,
            SUM(CASE WHEN m.status = 'OFFICIAL' AND (m.official_on IS NULL OR m.official_on <= ?) THEN 0 ELSE 1 END) AS probationary
       FROM member m JOIN organization o ON o.id = m.organization_id
      WHERE o.path LIKE ? AND (m.admitted_on IS NULL OR m.admitted_on <= ?)
      GROUP BY bucket, m.category`,
    [period.to, period.to, `${scope.rootPath}%`, period.to],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), category: String(r.category), official: num(r.official), probationary: num(r.probationary) }));
}

/**
 * Steps taken in the period (admissions, official recognitions, awareness classes), counted
 * where the candidate's cell was at the time, by category and by the cell's school level.
 */
export async function stepFigures(em: EntityManager, scope: Scope, period: Period) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, e.to_stage AS stage, c.category AS category, s.level AS level, COUNT(*) AS n
       FROM candidate_stage_event e
       JOIN candidate c ON c.id = e.candidate_id
       JOIN organization o ON o.id = e.organization_id
       LEFT JOIN school s ON s.organization_id = e.organization_id
      WHERE o.path LIKE ? AND e.kind = 'STEP' AND e.corrected = 0
        AND e.to_stage IN ('ADMITTED', 'OFFICIAL', 'TRAINED') AND e.occurred_on >= ? AND e.occurred_on <= ?
      GROUP BY bucket, e.to_stage, c.category, s.level`,
    [`${scope.rootPath}%`, period.from, period.to],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), stage: String(r.stage), category: String(r.category), level: r.level === null ? null : String(r.level), count: num(r.n) }));
}

/** Each candidate's stage at the end of the period: their last standing step by then. */
export async function stageFigures(em: EntityManager, scope: Scope, period: Period) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, e.to_stage AS stage, COUNT(*) AS n
       FROM candidate_stage_event e
       JOIN (SELECT le.candidate_id, MAX(le.id) AS id
               FROM candidate_stage_event le
               JOIN organization lo ON lo.id = le.organization_id
              WHERE lo.path LIKE ? AND le.kind = 'STEP' AND le.corrected = 0 AND le.occurred_on <= ?
              GROUP BY le.candidate_id) latest ON latest.id = e.id
       JOIN organization o ON o.id = e.organization_id
      GROUP BY bucket, e.to_stage`,
    [`${scope.rootPath}%`, period.to],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), stage: String(r.stage), count: num(r.n) }));
}

/** Active candidates stalled, by reason (today). */
export async function stallFigures(em: EntityManager, scope: Scope) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, r.reason AS reason, COUNT(DISTINCT c.id) AS n
       FROM candidate_stall_reason r
       JOIN candidate c ON c.id = r.candidate_id
       JOIN organization o ON o.id = c.organization_id
      WHERE o.path LIKE ? AND c.stage NOT IN ('OFFICIAL', 'DROPPED', 'REJECTED', 'PROBATION_NOT_RECOGNIZED')
      GROUP BY bucket, r.reason`,
    [`${scope.rootPath}%`],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), reason: String(r.reason), count: num(r.n) }));
}

/** Deadlines passed as of today. */
export async function overdueFigures(em: EntityManager, scope: Scope, today: string) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, COUNT(*) AS n
       FROM candidate c JOIN organization o ON o.id = c.organization_id
      WHERE o.path LIKE ? AND c.deadline_on IS NOT NULL AND c.deadline_on < ?
      GROUP BY bucket`,
    [`${scope.rootPath}%`, today],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), count: num(r.n) }));
}

/** Targets of the year summed per bucket. */
export async function targetFigures(em: EntityManager, scope: Scope, year: number) {
  const d = dialect(em);
  const rows = await run(
    em,
    `SELECT ${d.child('o.path', scope.rootPath)} AS bucket, t.metric AS metric, SUM(t.value) AS value
       FROM target t JOIN organization o ON o.id = t.organization_id
      WHERE o.path LIKE ? AND t.year = ?
      GROUP BY bucket, t.metric`,
    [`${scope.rootPath}%`, year],
  );
  return rows.map((r) => ({ bucket: String(r.bucket ?? ''), metric: String(r.metric), value: num(r.value) }));
}

/**
 * Organizations with a target of the year that their own subtree has not reached (by the
 * end of the period): each target row against the results under its organization.
 */
export async function targetsBehind(em: EntityManager, scope: Scope, period: Period) {
  const rows = await run(
    em,
    `SELECT t.organization_id AS organization_id, t.metric AS metric, t.value AS target,
            (SELECT COUNT(*) FROM candidate_stage_event e
               JOIN candidate c ON c.id = e.candidate_id
               JOIN organization eo ON eo.id = e.organization_id
              WHERE eo.path LIKE ${concatPercent(em, 'o.path')} AND e.kind = 'STEP' AND e.corrected = 0
                AND e.occurred_on >= ? AND e.occurred_on <= ?
                AND e.to_stage = CASE WHEN t.metric IN ('ADMISSIONS', 'STUDENT_ADMISSIONS') THEN 'ADMITTED' ELSE 'TRAINED' END
                AND (t.metric IN ('ADMISSIONS', 'AWARENESS_CLASS') OR c.category = 'STUDENT')) AS result
       FROM target t JOIN organization o ON o.id = t.organization_id
      WHERE o.path LIKE ? AND t.year = ?
      ORDER BY o.sort_name, o.id, t.metric`,
    [`${period.targetYear}-01-01`, `${period.targetYear}-12-31`, `${scope.rootPath}%`, period.targetYear],
  );
  return rows.map((r) => ({ organizationId: num(r.organization_id), metric: String(r.metric), target: num(r.target), result: num(r.result) }));
}

function concatPercent(em: EntityManager, column: string): string {
  return em.connection.options.type === 'mysql' ? `CONCAT(${column}, '%')` : `(${column} || '%')`;
}
