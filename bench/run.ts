/**
 * `npm run bench`: the API under load against the Hà Nội-scale data in MySQL/MariaDB
 * (DATABASE_URL, default mysql://root@127.0.0.1:3306/ketnap_scale), compared with the same
 * answers computed by hand-written SQL (the floor). `npm run bench -- --demo`: the same
 * scenarios against an embedded SQLite file with the demo data (no floor, no EXPLAIN).
 *
 * 1. A probe server (NODE_ENV=development, LOG_SQL=true) answers each scenario once or twice:
 *    SQL statements per request (x-sql-statements) at page sizes 10/50/100, and the SQL it sent.
 * 2. EXPLAIN of that SQL and of the floor's SQL; full table scans are listed.
 * 3. The measured server (NODE_ENV=production unless BENCH_NODE_ENV says otherwise): per scenario
 *    a warm-up, then autocannon for BENCH_SECONDS at 1 and at BENCH_CONNECTIONS connections, with
 *    the server's VmRSS sampled (measure.ts).
 * 4. The floor, measured the same way with the API stopped.
 * 5. What the mutation scenario wrote is put back (BENCH_KEEP_WRITES=1 keeps it).
 * Results: bench/results/latest.{json,md} and bench/results/<date>-<db>.md (output.ts); the targets
 * and the API/floor comparisons are in checks.ts, the settings (BENCH_*) in settings.ts.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { todayInVietnam } from '../src/common/dates';
import { MysqlBenchDb, SqliteBenchDb, datasetSize, probeMysql, type BenchDb } from './db';
import { explain, explainable, parseSqlLog, timeStatement, unionParts, type ExplainedStatement, type TimedStatement } from './explain';
import { pickFixtures, restoreWrites, snapshotWrites, type Fixtures, type WriteSnapshot } from './fixtures';
import { floorQueries, type Statement } from './floor';
import { runLoop, type LoadStats } from './load';
import { fullScanSummary, type BenchResults, type ScenarioResult } from './report';
import { MEASURED_PAGE_SIZE, PAGE_SIZES, graphqlBody, scenarios as buildScenarios } from './scenarios';
import { randomJwtSecret, startServer, type RunningServer } from './server';
import { failure, login, post, type Reply } from './client';
import { MentorPool } from './mentor-pool';
import { measureApi } from './measure';
import { compareAnswers, evaluateTargets, wholeTableNotes } from './checks';
import { howToGetData, writeResults } from './output';
import { CONNECTIONS, DEFAULT_URL, KEEP_WRITES, MEASURED_ENV, POOL_TARGET, SECONDS, WARMUP, WARMUP_SECONDS, say, sleep } from './settings';

async function main(): Promise<void> {
  const demo = process.argv.slice(2).includes('--demo');
  const started = Date.now();
  const today = todayInVietnam();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ketnap-bench-'));
  const serverJs = path.resolve(__dirname, '..', 'src', 'server.js');
  const jwtSecret = randomJwtSecret();
  let url = '';
  let databaseLabel = 'demo-sqlite';
  const sqlitePath = path.join(tmp, 'ketnap-bench.sqlite');
  if (!demo) {
    url = process.env.DATABASE_URL || DEFAULT_URL;
    if (!/^(mysql|mariadb):\/\//.test(url)) howToGetData(`DATABASE_URL is "${url}", not a mysql:// URL (for SQLite use --demo).`);
    const probe = await probeMysql(url);
    if (!probe.ok) howToGetData(`${url} cannot be read (${probe.reason}).`);
    if (probe.candidates === 0) howToGetData(`${url} holds no candidates.`);
    databaseLabel = new URL(url).pathname.slice(1) || 'mysql';
  }
  const password = process.env.BENCH_PASSWORD || (demo ? process.env.DEMO_PASSWORD || 'ketnap-demo' : 'ketnap-scale');
  const common: Record<string, string> = {
    JWT_SECRET: jwtSecret,
    SEED_DEMO: demo ? 'true' : 'false',
    LOG_LEVEL: 'warn',
    GRAPHQL_INTROSPECTION: 'false',
    DATA_DIR: tmp,
    ...(demo ? { SQLITE_PATH: sqlitePath } : { DATABASE_URL: url }),
  };
  say(`ketnap bench: ${demo ? 'demo mode (embedded SQLite, demo data)' : url}; ${SECONDS} s per run at 1 and ${CONNECTIONS} connections`);

  let db: BenchDb | null = demo ? null : new MysqlBenchDb(url, CONNECTIONS);
  let snapshot: WriteSnapshot | null = null;
  let restored: string | undefined;
  const notes: string[] = [];
  let probeServer: RunningServer | null = null;
  try {
    // 1. The probe server: statements per request and the SQL itself.
    say('starting the probe server (NODE_ENV=development, LOG_SQL=true)...');
    probeServer = await startServer(serverJs, { label: 'probe', env: { ...common, NODE_ENV: 'development', LOG_SQL: 'true' }, captureStderr: true });
    if (demo) db = new SqliteBenchDb(sqlitePath);
    const database = db as BenchDb;
    const fixtures: Fixtures = await pickFixtures(database, today, POOL_TARGET);
    const scenarios = buildScenarios(fixtures);
    const dataset = await datasetSize(database);
    const loadBefore = os.loadavg();
    if (!demo) snapshot = await snapshotWrites(database, fixtures.mutation.candidates);
    const emails = [...new Set([fixtures.city.email, fixtures.commune.email, fixtures.secretary.email, ...fixtures.mutation.cells.map((c) => c.email)])];
    const tokens = new Map<string, string>();
    for (const email of emails) tokens.set(email, await login(probeServer.url, email, password));
    const cells = new Map(fixtures.mutation.cells.map((c) => [c.cellId, { token: tokens.get(c.email)!, mentors: c.mentors }]));
    const mutation = scenarios.find((s) => s.mutation)!;
    const mentorPool = new MentorPool(fixtures.mutation.candidates, cells, mutation.query, today);

    const results: ScenarioResult[] = [];
    const apiAnswers = new Map<string, Record<string, unknown> | null | undefined>();
    const apiSql = new Map<string, Statement[]>();
    for (const scenario of scenarios) {
      const result: ScenarioResult = { key: scenario.key, name: scenario.name, user: scenario.user, statements: {}, notes: [] };
      results.push(result);
      if (scenario.mutation) {
        if (!fixtures.mutation.candidates.length) {
          result.notes.push('skipped: no candidate at SYMPATHIZER or later in a cell with a secretary user and two official members');
          continue;
        }
        // Two mutations on one candidate; the second (principal cached) is counted and its SQL kept.
        const candidate = fixtures.mutation.candidates[0];
        let offset = 0;
        for (let i = 0; i < 2; i++) {
          offset = probeServer.stderr().length;
          const built = mentorPool.request(candidate);
          const text = await fetch(probeServer.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${built.token}` }, body: built.body });
          const body = await text.text();
          result.statements['-'] = Number(text.headers.get('x-sql-statements'));
          if (!mentorPool.applied(candidate, built.mentor, body)) throw new Error(`The reassignMentor probe failed: ${body.slice(0, 500)}`);
        }
        await sleep(150);
        apiSql.set(scenario.key, parseSqlLog(probeServer.stderr().slice(offset)));
        continue;
      }
      const token = tokens.get(scenario.user)!;
      for (const size of scenario.paged ? PAGE_SIZES : [MEASURED_PAGE_SIZE]) {
        let reply: Reply | null = null;
        for (let i = 0; i < 2; i++) reply = await post(probeServer.url, graphqlBody(scenario.query, scenario.variables(size)), token);
        const problem = failure(reply!);
        if (problem) throw new Error(`${scenario.name} failed on the probe server (page size ${size}): ${problem}`);
        result.statements[scenario.paged ? String(size) : '-'] = reply!.statements;
      }
      const offset = probeServer.stderr().length;
      const reply = await post(probeServer.url, graphqlBody(scenario.query, scenario.variables(MEASURED_PAGE_SIZE)), token);
      await sleep(150);
      apiAnswers.set(scenario.key, reply.body.data);
      apiSql.set(scenario.key, parseSqlLog(probeServer.stderr().slice(offset)));
    }
    await probeServer.stop();
    probeServer = null;
    for (const r of results) say(`  ${r.key}: ${Object.entries(r.statements).map(([size, n]) => (size === '-' ? `${n}` : `${n}@${size}`)).join(', ')} SQL statements per request`);

    // 2. EXPLAIN, and the floor's answers checked against the API's.
    const floors = db instanceof MysqlBenchDb ? floorQueries(db, fixtures, MEASURED_PAGE_SIZE) : [];
    for (const floor of floors) {
      const result = results.find((r) => r.key === floor.key)!;
      const answer = await floor.run();
      const { same, check } = compareAnswers(floor.key, apiAnswers.get(floor.key), answer);
      result.floor = { description: floor.description, at1: undefined as unknown as LoadStats, atN: undefined as unknown as LoadStats, sameAnswer: same, answerCheck: check };
    }
    if (db instanceof MysqlBenchDb) {
      say('EXPLAIN of the API SQL and of the floor SQL...');
      for (const result of results) {
        const api: ExplainedStatement[] = [];
        for (const statement of (apiSql.get(result.key) ?? []).filter(explainable)) api.push(await explain(db, statement));
        const floorStatements = floors.find((f) => f.key === result.key)?.statements ?? [];
        const floor: ExplainedStatement[] = [];
        for (const statement of floorStatements) floor.push(await explain(db, statement));
        result.explain = { api, floor };
        say(`  ${result.key}: ${api.length} API statement(s), ${floor.length} floor statement(s); full scans: ${fullScanSummary(result)}`);
      }
      notes.push(...(await wholeTableNotes(db, results, fixtures)));
    } else {
      notes.push('Demo mode: no floor and no EXPLAIN (they need MySQL/MariaDB).');
    }

    // 3. The measured server.
    const { idleRss, maxRss, references } = await measureApi({ serverJs, env: common, db: database, fixtures, scenarios, results, mentorPool, tokens, notes });

    // 4. The floor, with the API stopped.
    for (const floor of floors) {
      const result = results.find((r) => r.key === floor.key)!;
      if (WARMUP > 0) await runLoop(floor.run, 1, { seconds: WARMUP_SECONDS, amount: WARMUP });
      const at1 = await runLoop(floor.run, 1, { seconds: SECONDS });
      const atN = await runLoop(floor.run, CONNECTIONS, { seconds: SECONDS });
      result.floor = { ...result.floor!, at1, atN };
      if (result.at1) result.ratio = result.at1.p50 / at1.p50;
      say(`  floor ${floor.key}: @1 ${at1.rps} rps p50 ${at1.p50} p99 ${at1.p99} ms; @${CONNECTIONS} ${atN.rps} rps; API/floor p50 ${result.ratio?.toFixed(1)}×`);
    }

    // Where the time goes: the API's own SELECTs run directly (read scenarios only).
    if (db instanceof MysqlBenchDb) {
      say("timing the API's SQL run directly...");
      for (const result of results) {
        if (result.key === 'q5') continue;
        const statements: TimedStatement[] = [];
        let union: TimedStatement[] | undefined;
        for (const statement of (apiSql.get(result.key) ?? []).filter((st) => /^\s*SELECT/i.test(st.sql))) {
          statements.push(await timeStatement(db, statement));
          const parts = unionParts(statement);
          if (parts.length && !union) {
            union = [];
            for (const part of parts) union.push(await timeStatement(db, part, 600, 5));
          }
        }
        result.sqlTime = { statements, totalMs: Number(statements.reduce((total, x) => total + x.ms, 0).toFixed(2)), ...(union ? { unionParts: union } : {}) };
      }
    }

    // 5. Put back what the mutation wrote.
    if (snapshot && !KEEP_WRITES && db) {
      const undone = await restoreWrites(db, snapshot);
      restored = `The mutation scenario's writes were undone afterwards: ${undone.events} MENTOR_CHANGED events and ${undone.audits} audit rows deleted, ${undone.candidates} candidates' mentor/version restored (BENCH_KEEP_WRITES=1 keeps them).`;
      snapshot = null;
    }

    const results2: BenchResults = {
      date: new Date().toISOString(),
      mode: demo ? 'demo' : 'mysql',
      database: databaseLabel,
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown CPU',
        cores: os.cpus().length,
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.version,
        os: `${os.type()} ${os.release()}`,
        database: await database.version(),
      },
      settings: { seconds: SECONDS, warmupRequests: WARMUP, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, measuredNodeEnv: MEASURED_ENV, probeNodeEnv: 'development', pageSize: MEASURED_PAGE_SIZE },
      dataset,
      fixtures: {
        city: `${fixtures.city.email} (${fixtures.city.candidates} candidates)`,
        commune: `${fixtures.commune.email} (${fixtures.commune.candidates} candidates)`,
        secretary: `${fixtures.secretary.email} (${fixtures.secretary.candidates} candidates)`,
      },
      server: { idleRssMiB: idleRss === null ? null : Math.round(idleRss * 10) / 10, maxRssMiB: Math.round(maxRss * 10) / 10 },
      scenarios: results,
      references,
      targets: [],
      notes,
      ...(restored ? { restored } : {}),
    };
    results2.targets = evaluateTargets(results2);
    const loadAfter = os.loadavg();
    notes.push(
      `Machine load average (1/5/15 min) ${loadBefore.map((v) => v.toFixed(2)).join(' / ')} at the start, ${loadAfter.map((v) => v.toFixed(2)).join(' / ')} at the end, on ${os.cpus().length} cores: anything else running on the machine shows in the numbers.`,
    );
    const datasetAfter = await datasetSize(database);
    const changed = Object.keys(dataset).filter((table) => table !== 'audit_log' && datasetAfter[table] !== dataset[table]);
    if (changed.length) notes.push(`The dataset changed during the run (something else writes to this database): ${changed.map((t) => `${t} ${dataset[t]} → ${datasetAfter[t]}`).join(', ')}.`);
    notes.push(`Whole run: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    writeResults(results2, databaseLabel);
  } finally {
    await probeServer?.stop().catch(() => undefined);
    if (snapshot && !KEEP_WRITES && db) {
      await restoreWrites(db, snapshot).catch((error: unknown) => process.stderr.write(`Could not undo the mutation scenario's writes: ${String(error)}\n`));
    }
    await db?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
