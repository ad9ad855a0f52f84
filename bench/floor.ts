import type { EntityManager } from 'typeorm';
import { loadFigureRows } from '../src/modules/report/statistics.sql';
import { resolvePeriod } from '../src/modules/report/period';
import { todayInVietnam } from '../src/common/dates';
import type { MysqlBenchDb } from './db';
import type { Fixtures } from './fixtures';
import { Q2_CATEGORIES, Q2_STAGES } from './scenarios';

/**
 * THE FLOOR: the same answers as scenarios 1-3, computed by hand-written SQL sent straight to
 * the database with mysql2 (no HTTP, no GraphQL, no ORM). What the API costs on top of this
 * is its overhead; the target is end-to-end p50 at most 2x the floor's p50.
 */
export interface Statement {
  sql: string;
  params: unknown[];
}

export interface FloorQuery {
  key: 'q1' | 'q2' | 'q3';
  description: string;
  /** The statements of one answer (for EXPLAIN). */
  statements: Statement[];
  /** Computes one answer. */
  run(): Promise<FloorAnswer>;
}

export interface FloorAnswer {
  totalCount?: number;
  ids?: number[];
  /** Statistics: the root's overdue deadlines and cells, and the number of child buckets. */
  figures?: { overdue: number; cells: number; children: number };
}

/**
 * A page as a person who knows MySQL writes it: a deferred join. The inner query finds the
 * page's ids and the total (reading the indexes the filter and the sort need), the outer one
 * reads those rows with their cell, school and mentor.
 */
const PAGE_SQL = (where: string, order: string) => `SELECT c.id, c.full_name, c.stage, c.stage_since, cell.name AS cell_name,
       s.name AS school_name, s.level AS school_level, m.full_name AS mentor_name, page.total_count
  FROM (SELECT c.id, COUNT(*) OVER () AS total_count
          FROM candidate c
          JOIN organization cell ON cell.id = c.organization_id
         WHERE ${where}
         ORDER BY ${order}
         LIMIT ?) page
  JOIN candidate c ON c.id = page.id
  JOIN organization cell ON cell.id = c.organization_id
  LEFT JOIN school s ON s.organization_id = c.organization_id
  LEFT JOIN member m ON m.id = c.mentor_id
 ORDER BY ${order}`;

/**
 * The statistics statement the API sends for a subtree (statistics.sql.ts), captured by running
 * it once over mysql2: the benchmark EXPLAINs it for a commune too, where the subtree is a small
 * part of the tables, to show that a subtree's report reads the path index.
 */
export async function statisticsStatement(db: MysqlBenchDb, root: { organizationId: number; path: string; tenantId: number }): Promise<Statement> {
  const captured: Statement[] = [];
  const today = todayInVietnam();
  await loadFigureRows(capturingManager(db, (statement) => captured.push(statement)), { rootId: root.organizationId, rootPath: root.path, tenantId: root.tenantId }, resolvePeriod(undefined, today), today);
  return captured[0];
}

/** Just enough of an EntityManager for loadFigureRows: its statement runs over mysql2 and is handed to `seen`. */
function capturingManager(db: MysqlBenchDb, seen: (statement: Statement) => void): EntityManager {
  return {
    queryRunner: undefined,
    connection: {
      options: { type: 'mysql' },
      createQueryRunner: () => ({
        query: (sql: string, params: unknown[]) => {
          seen({ sql, params });
          return db.query(sql, params);
        },
        release: async () => undefined,
      }),
    },
  } as unknown as EntityManager;
}

export function floorQueries(db: MysqlBenchDb, f: Fixtures, first: number): FloorQuery[] {
  const page = async (statement: Statement): Promise<FloorAnswer> => {
    const rows = await db.query<{ id: number; total_count: number | string }>(statement.sql, statement.params);
    return { totalCount: Number(rows[0]?.total_count ?? 0), ids: rows.slice(0, first).map((row) => Number(row.id)) };
  };
  const q1: Statement = { sql: PAGE_SQL('cell.path LIKE ?', 'c.sort_name, c.id'), params: [`${f.commune.path}%`, first + 1] };
  const q2: Statement = {
    // The tenant lets the (tenant, stage) index lead, as in the API's query.
    sql: PAGE_SQL(`c.tenant_id = ? AND cell.path LIKE ? AND c.stage IN (${Q2_STAGES.map(() => '?').join(', ')}) AND c.category IN (${Q2_CATEGORIES.map(() => '?').join(', ')})`, 'c.stage_since DESC, c.id DESC'),
    params: [f.city.tenantId, `${f.city.path}%`, ...Q2_STAGES, ...Q2_CATEGORIES, first + 1],
  };
  // Statistics: the root and its children (names for byChild), then the figures with the very
  // UNION ALL statement the API sends (statistics.sql.ts), run over a raw mysql2 connection.
  const children: Statement = { sql: 'SELECT id, name, path, parent_id FROM organization WHERE id = ? OR parent_id = ? ORDER BY sort_name, id', params: [f.city.organizationId, f.city.organizationId] };
  const figureStatements: Statement[] = [];
  let capture = true;
  const em = capturingManager(db, (statement) => {
    if (capture) figureStatements.push(statement);
  });
  // Not a literal, so the scope may carry fields an older or newer Scope does not declare.
  const scope = { rootId: f.city.organizationId, rootPath: f.city.path, tenantId: f.city.tenantId };
  const statistics = async (): Promise<FloorAnswer> => {
    const today = todayInVietnam();
    const orgs = await db.query<{ id: number; parent_id: number | null }>(children.sql, children.params);
    const figures = await loadFigureRows(em, scope, resolvePeriod(undefined, today), today);
    capture = false;
    return {
      figures: {
        overdue: (figures.get('overdue') ?? []).reduce((total, row) => total + row.v[0], 0),
        cells: (figures.get('cells') ?? []).reduce((total, row) => total + row.v[0], 0),
        children: orgs.filter((row) => row.parent_id !== null).length,
      },
    };
  };
  return [
    { key: 'q1', description: 'one SELECT: the page ids and COUNT(*) OVER () (deferred join), then cell, school, mentor joined', statements: [q1], run: () => page(q1) },
    { key: 'q2', description: 'one SELECT: the same, with the tenant, stage and category filter, ORDER BY stage_since DESC', statements: [q2], run: () => page(q2) },
    {
      key: 'q3',
      description: 'root + children (one SELECT) and the figures (the UNION ALL of statistics.sql.ts)',
      get statements() {
        return [children, ...figureStatements.slice(0, 1)];
      },
      run: statistics,
    },
  ];
}
