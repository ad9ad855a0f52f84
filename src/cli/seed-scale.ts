import 'reflect-metadata';
import bcrypt from 'bcryptjs';
import type { DataSource, QueryRunner } from 'typeorm';
import { loadConfig, type RulesConfig } from '../config';
import { openDatabase } from '../db/bootstrap';
import { ENTITIES } from '../modules/entities';
import { WorkingCalendar } from '../modules/calendar/working-days';
import { refreshDeadlines } from '../modules/candidate/path/path.service';
import { countRows, deleteAllData, existingRows, Ids, WRITE_ORDER, writeTable, type TableName } from '../tools/scale/bulk';
import { countsFor } from '../tools/scale/context';
import { assertNamedDatabase, parseOptions, usage, type ScaleOptions } from '../tools/scale/options';
import { fmt, Progress } from '../tools/scale/progress';
import { planTenant, type TenantPlan } from '../tools/scale/tenant';

type TenantSummary = Omit<TenantPlan, 'rows'>;

/**
 * `npm run seed:scale`: fills the configured database with Hà Nội-sized tenants (2,835 schools,
 * 138,090 teachers, ~95,000 members, 50,000 candidates with full histories each) for load tests
 * and benchmarks. Deterministic for a seed; bulk inserts with explicit ids; see usage().
 */
const PASSWORD_COST = 10;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  assertNamedDatabase(process.env);
  const config = loadConfig();
  const started = performance.now();
  const progress = new Progress();
  const dataSource = await openDatabase(config, ENTITIES);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const summary = await generate(dataSource, runner, options, config.rules, progress);
    progress.note('checking the stored deadlines with refreshDeadlines()...');
    const deadlineStarted = performance.now();
    const changed = await refreshDeadlines(dataSource.manager, config.rules);
    progress.note(`refreshDeadlines: ${changed} candidate(s) changed (0 expected) in ${((performance.now() - deadlineStarted) / 1000).toFixed(1)}s`);
    await analyze(runner, dataSource.options.type === 'mysql');
    await printSummary(runner, options, summary, progress, (performance.now() - started) / 1000, config.database.type === 'mysql' ? new URL(config.database.url).pathname.slice(1) : config.database.url);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}

async function generate(dataSource: DataSource, runner: QueryRunner, options: ScaleOptions, rules: RulesConfig, progress: Progress): Promise<TenantSummary[]> {
  const existing = await existingRows(runner);
  if (existing > 0 && !options.reset) {
    throw new Error(
      `The database already holds data (${fmt(existing)} organizations, members, candidates and users). ` +
        'Run with --reset to delete every data row first, or point DATABASE_URL / SQLITE_PATH at an empty database.',
    );
  }
  if (options.reset) {
    progress.note('--reset: deleting every data row (public holidays and migrations stay)...');
    await deleteAllData(runner, dataSource.options.type === 'mysql');
  }
  const ids = await Ids.load(runner);
  const calendar = await WorkingCalendar.load(dataSource.manager);
  const passwordHash = await bcrypt.hash(options.password, PASSWORD_COST);
  const counts = countsFor(options.scale);
  progress.note(
    `seed ${options.seed}, scale ${options.scale}, ${options.tenants} tenant(s) of ${fmt(counts.communes)} communes, ${fmt(counts.schools)} schools, ` +
      `${fmt(counts.teachers)} teachers, ~${fmt(counts.members)} members, ${fmt(counts.activeCandidates)} + ${fmt(counts.finishedCandidates)} candidates; as of ${options.asOf}`,
  );
  const plans: TenantSummary[] = [];
  for (let index = 0; index < options.tenants; index++) {
    const plan = planTenant({ index, seed: options.seed, counts, calendar, rules, asOf: options.asOf, ids, passwordHash, withAdmin: index === 0 }, progress);
    for (const table of WRITE_ORDER) await writeTable(runner, table, plan.rows.rows(table), progress, `${plan.spec.slug} ${table}`);
    // Keep the logins, let the rows go.
    plans.push({ spec: plan.spec, rootId: plan.rootId, logins: plan.logins });
  }
  return plans;
}

/** Fresh statistics, so the planner uses the path and tenant indexes at once. */
async function analyze(runner: QueryRunner, mysql: boolean): Promise<void> {
  if (mysql) await runner.query(`ANALYZE TABLE ${WRITE_ORDER.map((t) => `\`${t}\``).join(', ')}`);
  else await runner.query('ANALYZE');
}

async function printSummary(runner: QueryRunner, options: ScaleOptions, plans: TenantSummary[], progress: Progress, seconds: number, database: string): Promise<void> {
  const out: string[] = [];
  out.push('', `Scale data in ${database}: ${plans.map((p) => `${p.spec.name} (tenant ${p.rootId})`).join(', ')}`);
  out.push(`Finished in ${seconds.toFixed(1)}s (seed ${options.seed}, scale ${options.scale}, as of ${options.asOf}).`, '');
  const byTable = new Map<string, { rows: number; ms: number }>();
  for (const t of progress.timings) {
    const table = t.phase.split(' ').pop() ?? t.phase;
    const key = t.phase.startsWith('plan ') ? 'planning' : table;
    const entry = byTable.get(key) ?? { rows: 0, ms: 0 };
    byTable.set(key, { rows: entry.rows + t.rows, ms: entry.ms + t.ms });
  }
  out.push('table                    rows in db   inserted   seconds     rows/s');
  for (const table of WRITE_ORDER as TableName[]) {
    const inserted = byTable.get(table) ?? { rows: 0, ms: 0 };
    const count = await countRows(runner, table);
    out.push(`${table.padEnd(24)} ${fmt(count).padStart(10)} ${fmt(inserted.rows).padStart(10)} ${(inserted.ms / 1000).toFixed(1).padStart(9)} ${fmt(Math.round(inserted.rows / Math.max(inserted.ms / 1000, 0.001))).padStart(10)}`);
  }
  const planning = byTable.get('planning');
  if (planning) out.push(`(planning in memory: ${(planning.ms / 1000).toFixed(1)}s for ${fmt(planning.rows)} cells)`);
  const stages = (await runner.query('SELECT stage, COUNT(*) AS n FROM candidate GROUP BY stage ORDER BY stage')) as { stage: string; n: number | string }[];
  out.push('', `Candidates by stage: ${stages.map((s) => `${s.stage} ${fmt(Number(s.n))}`).join(', ')}`);
  const years = (await runner.query('SELECT school_year, SUM(managers) AS m, SUM(teachers) AS t, SUM(staff) AS s FROM school_headcount GROUP BY school_year ORDER BY school_year')) as { school_year: number; m: number | string; t: number | string; s: number | string }[];
  out.push(`Headcounts: ${years.map((y) => `${y.school_year}-${Number(y.school_year) + 1}: ${fmt(Number(y.t))} teachers, ${fmt(Number(y.m))} managers, ${fmt(Number(y.s))} staff`).join('; ')}`);
  out.push('', `Logins (password "${options.password}"):`);
  for (const plan of plans) {
    const sample = [plan.logins.find((l) => l.email.startsWith('admin@')), ...['committee.', 'reporter.', 'commune-001.', 'school-committee-001.', 'secretary-0001.', 'mentor-0001.'].map((prefix) => plan.logins.find((l) => l.email.startsWith(prefix)))];
    for (const login of sample) if (login) out.push(`  ${login.email.padEnd(44)} ${login.role.padEnd(15)} ${login.organization}`);
    out.push(`  ... ${fmt(plan.logins.length)} users in ${plan.spec.name}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`\nseed:scale failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
