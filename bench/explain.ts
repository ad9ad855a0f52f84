import type { BenchDb } from './db';
import type { Statement } from './floor';

/**
 * EXPLAIN of the floor's SQL and of the SQL the API really sent (captured from a probe server
 * run with LOG_SQL=true), and which steps read a whole table (type ALL) or a whole index
 * (type index) of the big tables.
 */
export const WATCHED_TABLES = ['candidate', 'member', 'organization', 'school', 'candidate_stage_event'];

export interface PlanRow {
  id: number | null;
  select_type: string;
  table: string | null;
  type: string | null;
  possible_keys: string | null;
  key: string | null;
  ref: string | null;
  rows: number | null;
  Extra: string | null;
}

export interface ScanStep {
  alias: string;
  table: string;
  type: string;
  rows: number | null;
  extra: string | null;
}

export interface ExplainedStatement {
  sql: string;
  params: unknown[];
  plan: PlanRow[];
  /** type ALL on one of WATCHED_TABLES. */
  fullScans: ScanStep[];
  /** type index (a whole index read) on one of WATCHED_TABLES. */
  indexScans: ScanStep[];
  /** type ALL on other tables (small ones, e.g. target). */
  otherFullScans: ScanStep[];
  error?: string;
}

const KEYWORDS = new Set(['WHERE', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'JOIN', 'ON', 'GROUP', 'ORDER', 'LIMIT', 'USING', 'STRAIGHT_JOIN', 'UNION', 'SET', 'FOR', 'HAVING', 'AS', 'NATURAL', 'OUTER', 'WINDOW', 'LOCK']);

/** alias -> table, read off "FROM t a" / "JOIN `t` `a`" in the statement. */
export function aliasMap(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  const pattern = /\b(?:FROM|JOIN|UPDATE|INTO)\s+`?([A-Za-z_][A-Za-z0-9_]*)`?(?:\s+(?:AS\s+)?`?([A-Za-z_][A-Za-z0-9_]*)`?)?/gi;
  for (const match of sql.matchAll(pattern)) {
    const table = match[1];
    if (KEYWORDS.has(table.toUpperCase()) || table.toUpperCase() === 'SELECT') continue;
    const alias = match[2] && !KEYWORDS.has(match[2].toUpperCase()) ? match[2] : table;
    map.set(alias, table);
    map.set(table, map.get(table) ?? table);
  }
  return map;
}

export async function explain(db: BenchDb, statement: Statement): Promise<ExplainedStatement> {
  const base: ExplainedStatement = { sql: statement.sql, params: statement.params, plan: [], fullScans: [], indexScans: [], otherFullScans: [] };
  try {
    const plan = await db.query<PlanRow>(`EXPLAIN ${statement.sql}`, statement.params);
    const aliases = aliasMap(statement.sql);
    // MariaDB writes "7 (3%)" when a rowid filter applies.
    base.plan = plan.map((row) => ({ ...row, rows: row.rows === null || row.rows === undefined ? null : parseFloat(String(row.rows)) }));
    for (const row of base.plan) {
      if (!row.table || row.table.startsWith('<')) continue;
      const table = aliases.get(row.table) ?? row.table;
      const step: ScanStep = { alias: row.table, table, type: String(row.type), rows: row.rows, extra: row.Extra };
      if (row.type === 'ALL') (WATCHED_TABLES.includes(table) ? base.fullScans : base.otherFullScans).push(step);
      else if (row.type === 'index' && WATCHED_TABLES.includes(table)) base.indexScans.push(step);
    }
  } catch (error) {
    base.error = error instanceof Error ? error.message : String(error);
  }
  return base;
}

/** Statements worth explaining: reads and writes with a plan (not BEGIN/COMMIT/INSERT). */
export function explainable(statement: Statement): boolean {
  return /^\s*(SELECT|UPDATE|DELETE|WITH|\()/i.test(statement.sql);
}

/**
 * The statements a LOG_SQL=true server printed on stderr: lines "[sql] <query> <params JSON>",
 * where the query may span lines and the params are absent when there are none.
 */
export function parseSqlLog(text: string): Statement[] {
  const statements: Statement[] = [];
  const chunks: string[] = [];
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('[sql] ')) {
      if (current) chunks.push(current.join('\n'));
      current = [line.slice('[sql] '.length)];
    } else if (line.startsWith('[sql ') || line.startsWith('[typeorm]') || line.startsWith('[migration]') || line.startsWith('{"time"')) {
      if (current) chunks.push(current.join('\n'));
      current = null;
    } else if (current) {
      current.push(line);
    }
  }
  if (current) chunks.push(current.join('\n'));
  for (const raw of chunks) {
    const chunk = raw.replace(/\s+$/, '');
    let sql = chunk;
    let params: unknown[] = [];
    // The params are the last " [...]" that parses as a JSON array.
    for (let at = chunk.lastIndexOf(' ['); at > 0; at = chunk.lastIndexOf(' [', at - 1)) {
      try {
        const parsed: unknown = JSON.parse(chunk.slice(at + 1));
        if (Array.isArray(parsed)) {
          sql = chunk.slice(0, at);
          params = parsed;
          break;
        }
      } catch {
        // keep looking further left
      }
    }
    statements.push({ sql: sql.trim(), params });
  }
  return statements;
}

export interface TimedStatement {
  label: string;
  /** Median of `runs` sequential executions, in ms. */
  ms: number;
  runs: number;
  rows: number;
}

/** A short name for a statement: its figure for a statistics part, else its first table. */
export function statementLabel(sql: string): string {
  if (/\bUNION ALL\b/i.test(sql)) return 'statistics UNION ALL';
  const figure = /^\s*SELECT '([a-z]+)' AS fig/i.exec(sql);
  if (figure) return `figure ${figure[1]}`;
  const from = /\bFROM\s+`?([A-Za-z_]+)`?/i.exec(sql);
  const kind = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  return `${kind} ${from?.[1] ?? ''}`.trim();
}

/** Runs a statement sequentially (one warm-up, then up to `maxRuns` or about `budgetMs`) and takes the median. */
export async function timeStatement(db: BenchDb, statement: Statement, budgetMs = 2000, maxRuns = 15): Promise<TimedStatement> {
  const once = async () => {
    const t0 = process.hrtime.bigint();
    const rows = await db.query(statement.sql, statement.params);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows: Array.isArray(rows) ? rows.length : 0 };
  };
  const first = await once();
  const runs = Math.max(3, Math.min(maxRuns, Math.floor(budgetMs / Math.max(first.ms, 0.1))));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await once()).ms);
  times.sort((a, b) => a - b);
  return { label: statementLabel(statement.sql), ms: Number(times[Math.floor(times.length / 2)].toFixed(2)), runs, rows: first.rows };
}

/** The parts of a UNION ALL statement with their own parameters (each `?` belongs to one part). */
export function unionParts(statement: Statement): Statement[] {
  const parts = statement.sql.split(/\n\s*UNION ALL\s*\n/);
  if (parts.length < 2) return [];
  let at = 0;
  return parts.map((sql) => {
    const count = (sql.match(/\?/g) ?? []).length;
    const params = statement.params.slice(at, at + count);
    at += count;
    return { sql, params };
  });
}
