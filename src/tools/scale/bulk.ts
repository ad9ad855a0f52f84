import type { QueryRunner } from 'typeorm';
import type { Progress } from './progress';

/**
 * Multi-row INSERTs with explicit ids, in chunks of about a thousand rows, committed every
 * few dozen chunks. Ids are assigned in memory (both MySQL and SQLite accept explicit values
 * in auto-increment keys and continue after them), so paths and references are known up front.
 */
export const COLUMNS = {
  organization: ['id', 'tenant_id', 'parent_id', 'path', 'depth', 'name', 'search_name', 'sort_name', 'code', 'kind', 'may_decide_admission', 'version'],
  school: ['id', 'tenant_id', 'organization_id', 'name', 'search_name', 'sort_name', 'code', 'level', 'version'],
  school_headcount: ['id', 'school_id', 'school_year', 'managers', 'teachers', 'staff', 'students', 'grade12_students'],
  member: [
    'id', 'tenant_id', 'organization_id', 'full_name', 'search_name', 'sort_name', 'date_of_birth', 'gender', 'category', 'status',
    'admitted_on', 'official_on', 'is_secretary', 'is_principal', 'national_id', 'joined_cell_on', 'candidate_id', 'version',
  ],
  candidate: [
    'id', 'tenant_id', 'organization_id', 'full_name', 'search_name', 'sort_name', 'date_of_birth', 'gender', 'category', 'grade',
    'stage', 'stage_since', 'mentor_id', 'youth_union_member', 'education_level', 'national_id', 'phone', 'email', 'address', 'notes',
    'awareness_certificate_number', 'awareness_certificate_on', 'awareness_certificate_centre', 'deadline_kind', 'deadline_on',
    'decision_extended', 'probation_ends_on', 'recognition_resolved_on', 'member_id', 'created_at', 'updated_at', 'version',
  ],
  candidate_stage_event: [
    'id', 'candidate_id', 'tenant_id', 'organization_id', 'kind', 'from_stage', 'to_stage', 'occurred_on', 'recorded_at',
    'recorded_by_user_id', 'facts', 'note', 'corrects_event_id', 'corrected',
  ],
  candidate_stall_reason: ['id', 'candidate_id', 'reason', 'note', 'recorded_on'],
  target: ['id', 'tenant_id', 'organization_id', 'year', 'metric', 'value', 'set_by_user_id'],
  app_user: ['id', 'email', 'password_hash', 'display_name', 'role', 'tenant_id', 'organization_id', 'member_id', 'disabled', 'token_version'],
} as const;

export type TableName = keyof typeof COLUMNS;
export type Cell = string | number | null;
export type Row = Cell[];

/** Insert order: every foreign key points to a table written earlier. */
export const WRITE_ORDER: TableName[] = ['organization', 'school', 'school_headcount', 'member', 'candidate', 'candidate_stage_event', 'candidate_stall_reason', 'target', 'app_user'];

/** Every data table, children before parents (public_holiday and migrations are kept). */
const DATA_TABLES = [
  'candidate_stall_reason', 'candidate_stage_event', 'audit_log', 'api_key', 'target', 'login_failure', 'app_user',
  'candidate', 'member', 'school_headcount', 'school', 'organization_move', 'organization',
];

/** The rows planned for one tenant, by table. */
export class RowSet {
  private readonly tables = new Map<TableName, Row[]>();

  push(table: TableName, row: Row): void {
    if (row.length !== COLUMNS[table].length) throw new Error(`Row for ${table} has ${row.length} values, expected ${COLUMNS[table].length}`);
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = []));
    rows.push(row);
  }

  rows(table: TableName): Row[] {
    return this.tables.get(table) ?? [];
  }

  count(table: TableName): number {
    return this.rows(table).length;
  }
}

/** The next explicit id of each table. */
export class Ids {
  private constructor(private readonly next: Map<TableName, number>) {}

  static async load(runner: QueryRunner): Promise<Ids> {
    const next = new Map<TableName, number>();
    for (const table of WRITE_ORDER) {
      const rows = (await runner.query(`SELECT MAX(id) AS max_id FROM ${quote(table)}`)) as { max_id: number | string | null }[];
      next.set(table, Number(rows[0]?.max_id ?? 0) + 1);
    }
    return new Ids(next);
  }

  take(table: TableName): number {
    const id = this.next.get(table) ?? 1;
    this.next.set(table, id + 1);
    return id;
  }

  peek(table: TableName): number {
    return this.next.get(table) ?? 1;
  }
}

function quote(identifier: string): string {
  return `\`${identifier}\``;
}

const MAX_ROWS_PER_STATEMENT = 1000;
/** SQLite allows 32,766 bound parameters per statement. */
const MAX_PARAMETERS = 30_000;
const CHUNKS_PER_TRANSACTION = 50;

export async function writeTable(runner: QueryRunner, table: TableName, rows: Row[], progress: Progress, label: string): Promise<void> {
  const columns = COLUMNS[table];
  const perStatement = Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length));
  const head = `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const fullValues = Array.from({ length: perStatement }, () => tuple).join(', ');
  progress.start(label, rows.length);
  let chunks = 0;
  await runner.startTransaction();
  try {
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.length === perStatement ? fullValues : chunk.map(() => tuple).join(', ');
      await runner.query(head + values, chunk.flat());
      progress.tick(chunk.length);
      if (++chunks % CHUNKS_PER_TRANSACTION === 0) {
        await runner.commitTransaction();
        await runner.startTransaction();
      }
    }
    await runner.commitTransaction();
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw new Error(`Inserting into ${table} failed: ${(error as Error).message.slice(0, 500)}`);
  }
  progress.finish();
}

export async function countRows(runner: QueryRunner, table: string): Promise<number> {
  const rows = (await runner.query(`SELECT COUNT(*) AS n FROM ${quote(table)}`)) as { n: number | string }[];
  return Number(rows[0]?.n ?? 0);
}

/** Rows that make the database "not empty" for the generator. */
export async function existingRows(runner: QueryRunner): Promise<number> {
  let total = 0;
  for (const table of ['organization', 'member', 'candidate', 'app_user']) total += await countRows(runner, table);
  return total;
}

/** Deletes every data row, children first; MySQL truncates (with key checks off for this session only). */
export async function deleteAllData(runner: QueryRunner, mysql: boolean): Promise<void> {
  if (mysql) {
    await runner.query('SET FOREIGN_KEY_CHECKS = 0');
    try {
      for (const table of DATA_TABLES) await runner.query(`TRUNCATE TABLE ${quote(table)}`);
    } finally {
      await runner.query('SET FOREIGN_KEY_CHECKS = 1');
    }
    return;
  }
  await runner.startTransaction();
  try {
    for (const table of DATA_TABLES) await runner.query(`DELETE FROM ${quote(table)}`);
    const placeholders = DATA_TABLES.map(() => '?').join(', ');
    const sequence = (await runner.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")) as unknown[];
    if (sequence.length > 0) await runner.query(`DELETE FROM sqlite_sequence WHERE name IN (${placeholders})`, DATA_TABLES);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}
