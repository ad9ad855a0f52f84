import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { todayInVietnam } from '../src/common/dates';
import { fromGlobalId, toGlobalId } from '../src/graphql/global-id';
import { MysqlBenchDb, SqliteBenchDb, datasetSize, probeMysql, type BenchDb } from './db';
import { explain, explainable, parseSqlLog, timeStatement, unionParts, type ExplainedStatement, type TimedStatement } from './explain';
import { pickFixtures, resyncPool, restoreWrites, snapshotWrites, type Fixtures, type MutationCandidate, type WriteSnapshot } from './fixtures';
import { floorQueries, statisticsStatement, type FloorAnswer, type Statement } from './floor';
import { runAutocannon, runLoop, type HttpLoad, type LoadStats } from './load';
import { fullScanSummary, renderMarkdown, type BenchResults, type ScenarioResult, type TargetCheck } from './report';
import { MEASURED_PAGE_SIZE, PAGE_SIZES, REFERENCE_REQUESTS, graphqlBody, scenarios as buildScenarios } from './scenarios';
import { CLOCK_TICKS, RssSampler, cpuTicks, findDatabasePid, randomJwtSecret, settle, startServer, type RunningServer } from './server';

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
 *    the server's VmRSS sampled.
 * 4. The floor, measured the same way with the API stopped.
 * 5. What the mutation scenario wrote is put back (BENCH_KEEP_WRITES=1 keeps it).
 * Results: bench/results/latest.{json,md} and bench/results/<date>-<db>.md.
 */
const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/ketnap_scale';

function setting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

const SECONDS = setting('BENCH_SECONDS', 10, 1, 300);
const WARMUP = setting('BENCH_WARMUP', 200, 0, 100_000);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 5, 1, 120);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 32, 2, 1024);
const POOL_TARGET = setting('BENCH_MUTATION_POOL', Math.max(64, 2 * CONNECTIONS), 1, 10_000);
const MEASURED_ENV = process.env.BENCH_NODE_ENV === 'development' ? 'development' : 'production';
const KEEP_WRITES = ['1', 'true', 'yes'].includes((process.env.BENCH_KEEP_WRITES ?? '').toLowerCase());

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Reply {
  status: number;
  statements: number | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(url: string, body: string, token?: string): Promise<Reply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const header = response.headers.get('x-sql-statements');
  return { status: response.status, statements: header === null ? null : Number(header), body: (await response.json()) as Reply['body'] };
}

async function login(url: string, email: string, password: string): Promise<string> {
  const reply = await post(url, graphqlBody('mutation Login($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: password }));
  const token = (reply.body.data?.login as { token?: string } | undefined)?.token;
  if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(reply.body.errors)} (set BENCH_PASSWORD if the users' password is not the default)`);
  return token;
}

function failure(reply: Reply): string | null {
  if (reply.status !== 200) return `HTTP ${reply.status}: ${JSON.stringify(reply.body).slice(0, 300)}`;
  if (reply.body.errors?.length) return reply.body.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ');
  return null;
}

/** The reassignMentor load: each request takes a candidate nobody else is changing, with its version. */
class MentorPool {
  private readonly queue: MutationCandidate[] = [];
  private readonly byId: Map<number, MutationCandidate>;

  constructor(
    readonly pool: MutationCandidate[],
    private readonly cells: Map<number, { token: string; mentors: [number, number] }>,
    private readonly query: string,
    private readonly today: string,
  ) {
    this.byId = new Map(pool.map((c) => [c.id, c]));
    this.reset();
  }

  reset(): void {
    this.queue.length = 0;
    this.queue.push(...this.pool);
  }

  private nextMentor(candidate: MutationCandidate): number {
    const [a, b] = this.cells.get(candidate.cell)!.mentors;
    return candidate.mentorId === a ? b : a;
  }

  /** The request for a candidate (also used by the probe). */
  request(candidate: MutationCandidate): { body: string; token: string; mentor: number } {
    const mentor = this.nextMentor(candidate);
    const input = { candidateId: toGlobalId('Candidate', candidate.id), mentorId: toGlobalId('Member', mentor), date: this.today, version: candidate.version, note: 'ketnap bench' };
    return { body: graphqlBody(this.query, { input }), token: this.cells.get(candidate.cell)!.token, mentor };
  }

  /** Applies a successful answer to the candidate's state. */
  applied(candidate: MutationCandidate, mentor: number, body: string): boolean {
    try {
      const parsed = JSON.parse(body) as { data?: { reassignMentor?: { version: number } } };
      const result = parsed.data?.reassignMentor;
      if (!result) return false;
      candidate.version = result.version;
      candidate.mentorId = mentor;
      return true;
    } catch {
      return false;
    }
  }

  load(url: string): HttpLoad {
    return {
      url,
      headers: { 'content-type': 'application/json' },
      body: '{}',
      setupRequest: (request, context) => {
        // With pipelining 1 and a pool larger than the connections, the queue is never empty;
        // should it be, any candidate is taken (a CONFLICT would then count as an error).
        const candidate = this.queue.shift() ?? this.pool[Math.floor(Math.random() * this.pool.length)];
        const built = this.request(candidate);
        context.candidate = candidate.id;
        context.mentor = built.mentor;
        return { ...request, body: built.body, headers: { ...(request.headers ?? {}), authorization: `Bearer ${built.token}` } };
      },
      onResponse: (_status, body, context) => {
        const candidate = this.byId.get(Number(context.candidate));
        if (!candidate) return;
        this.applied(candidate, Number(context.mentor), body);
        if (!this.queue.includes(candidate)) this.queue.push(candidate);
      },
    };
  }
}

function resultsDir(): string {
  const parent = path.resolve(__dirname, '..');
  return path.resolve(parent, ...(path.basename(parent) === 'dist' ? ['..'] : []), 'bench', 'results');
}

/** YYYY-MM-DD-HHMM in local time: several runs a day each keep their own dated copy. */
function localStamp(): string {
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}`;
}

function howToGetData(reason: string): never {
  process.stderr.write(
    [
      `npm run bench measures the API against the Hà Nội-scale data in MySQL/MariaDB, and it is not there: ${reason}`,
      '',
      'Generate it (a few minutes), then run the benchmark:',
      `  DATABASE_URL=${DEFAULT_URL} npm run seed:scale`,
      `  DATABASE_URL=${DEFAULT_URL} npm run bench      # DATABASE_URL defaults to this URL`,
      '',
      'Without MySQL, the quick demo mode runs the same scenarios on an embedded SQLite file with the demo data',
      '(no floor, no EXPLAIN):',
      '  npm run bench -- --demo',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

function decodeIds(edges: unknown): number[] {
  return ((edges as { node: { id: string } }[] | undefined) ?? []).map((edge) => fromGlobalId(edge.node.id)?.id ?? -1);
}

/** Does the API's answer match the floor's? */
function compareAnswers(key: string, api: Record<string, unknown> | null | undefined, floor: FloorAnswer): { same: boolean; check: string } {
  if (!api) return { same: false, check: 'no API answer' };
  if (key === 'q3') {
    const s = api.statistics as { overdueDeadlines: number; cells: { total: number }; byChild: unknown[] };
    const f = floor.figures!;
    const same = s.overdueDeadlines === f.overdue && s.cells.total === f.cells && s.byChild.length === f.children;
    return { same, check: `overdue ${s.overdueDeadlines}/${f.overdue}, cells ${s.cells.total}/${f.cells}, children ${s.byChild.length}/${f.children} (API/floor)` };
  }
  const page = api.candidates as { totalCount: number; edges: unknown };
  const ids = decodeIds(page.edges);
  const sameIds = ids.length === floor.ids!.length && ids.every((id, i) => id === floor.ids![i]);
  return { same: page.totalCount === floor.totalCount && sameIds, check: `totalCount ${page.totalCount}/${floor.totalCount}, ${sameIds ? 'same' : 'different'} ${ids.length} ids in the same order (API/floor)` };
}

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
  let server: RunningServer | null = null;
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
    say(`starting the measured server (NODE_ENV=${MEASURED_ENV})...`);
    // The probe server seeded the demo already; production would refuse SEED_DEMO with the published password.
    server = await startServer(serverJs, { label: 'measured', env: { ...common, NODE_ENV: MEASURED_ENV, SEED_DEMO: 'false' } });
    const idleRss = server.rssMiB();
    let maxRss = idleRss ?? 0;
    const measured = server;
    const dbBusy = async () => {
      if (!(db instanceof MysqlBenchDb)) return false;
      const [row] = await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND ID <> CONNECTION_ID() AND DB = DATABASE()");
      return Number(row.n) > 0;
    };
    const dbPid = db instanceof MysqlBenchDb ? findDatabasePid() : null;
    /** A run with the CPU time the server (and a local database) spent per answered request. */
    const withCpu = async (run: () => Promise<LoadStats>): Promise<LoadStats> => {
      const server0 = cpuTicks(measured.pid);
      const db0 = dbPid ? cpuTicks(dbPid) : null;
      const self0 = process.cpuUsage();
      const stats = await run();
      const self = process.cpuUsage(self0);
      const server1 = cpuTicks(measured.pid);
      const db1 = dbPid ? cpuTicks(dbPid) : null;
      const perRequest = (a: number | null, b: number | null) => (a === null || b === null || !stats.requests ? undefined : Number((((b - a) * 1000) / CLOCK_TICKS / stats.requests).toFixed(2)));
      stats.serverCpuMsPerRequest = perRequest(server0, server1);
      stats.dbCpuMsPerRequest = perRequest(db0, db1);
      stats.loadGeneratorCpuMsPerRequest = stats.requests ? Number(((self.user + self.system) / 1000 / stats.requests).toFixed(2)) : undefined;
      return stats;
    };
    let settleMs = 0;
    const quiet = async () => {
      settleMs += await settle(measured.pid, dbBusy);
    };
    for (const scenario of scenarios) {
      const result = results.find((r) => r.key === scenario.key)!;
      let load: HttpLoad;
      let connectionsN = CONNECTIONS;
      let before: (() => Promise<void>) | null = null;
      if (scenario.mutation) {
        if (!fixtures.mutation.candidates.length) continue;
        if (mentorPool.pool.length <= CONNECTIONS) {
          connectionsN = Math.max(1, mentorPool.pool.length - 1);
          result.notes.push(`only ${mentorPool.pool.length} eligible candidates: measured at ${connectionsN} connections instead of ${CONNECTIONS}`);
        }
        load = mentorPool.load(server.url);
        before = async () => {
          await sleep(300);
          await resyncPool(database, mentorPool.pool);
          mentorPool.reset();
        };
        result.notes.push(
          `${mentorPool.pool.length} candidates in ${fixtures.mutation.cells.length} cell(s) (${fixtures.mutation.cells.map((c) => c.email).join(', ')}); each in-flight request takes a candidate no other request holds, with its current version; the mentor alternates between two official members of the cell`,
        );
      } else {
        load = { url: server.url, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(scenario.user)!}` }, body: graphqlBody(scenario.query, scenario.variables(MEASURED_PAGE_SIZE)) };
      }
      const sampler = new RssSampler(server.pid);
      await quiet();
      if (WARMUP > 0) {
        await before?.();
        result.warmup = await runAutocannon(load, Math.min(4, connectionsN), { seconds: WARMUP_SECONDS, amount: WARMUP });
        await quiet();
      }
      await before?.();
      sampler.start();
      result.at1 = await withCpu(() => runAutocannon(load, 1, { seconds: SECONDS }));
      maxRss = Math.max(maxRss, sampler.stop());
      await quiet();
      await before?.();
      sampler.start();
      result.atN = await withCpu(() => runAutocannon(load, connectionsN, { seconds: SECONDS }));
      result.maxRssMiB = sampler.stop();
      maxRss = Math.max(maxRss, result.maxRssMiB);
      for (const stats of [result.at1, result.atN]) if (stats.errors && stats.errorDetail?.sample) result.notes.push(`errors at ${stats.connections} connection(s): ${JSON.stringify(stats.errorDetail)}`);
      say(
        `  ${scenario.key}: @1 ${result.at1.rps} rps p50 ${result.at1.p50} p99 ${result.at1.p99} ms; @${connectionsN} ${result.atN.rps} rps p50 ${result.atN.p50} p99 ${result.atN.p99} ms; errors ${result.at1.errors}/${result.atN.errors}; RSS ${result.maxRssMiB.toFixed(0)} MiB`,
      );
    }
    // Cheaper requests by scenario 1's user: where its throughput goes.
    const references: NonNullable<BenchResults['references']> = [];
    const q1 = scenarios.find((s) => s.key === 'q1')!;
    for (const reference of REFERENCE_REQUESTS) {
      const token = reference.anonymous ? undefined : tokens.get(q1.user)!;
      const load: HttpLoad = { url: server.url, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: graphqlBody(reference.query, reference.variables) };
      const check = await post(server.url, load.body, token);
      const problem = failure(check);
      if (problem) throw new Error(`The reference request "${reference.name}" failed: ${problem}`);
      await quiet();
      if (WARMUP > 0) await runAutocannon(load, 4, { seconds: WARMUP_SECONDS, amount: WARMUP });
      await quiet();
      const atN = await withCpu(() => runAutocannon(load, CONNECTIONS, { seconds: SECONDS }));
      references.push({ key: reference.key, name: reference.name, atN });
      say(`  reference ${reference.key}: @${CONNECTIONS} ${atN.rps} rps p50 ${atN.p50} ms; CPU ms/request server ${atN.serverCpuMsPerRequest}, database ${atN.dbCpuMsPerRequest}, load generator ${atN.loadGeneratorCpuMsPerRequest}`);
    }
    await quiet();
    notes.push(`Between runs the benchmark waited ${(settleMs / 1000).toFixed(1)} s in all for the server to finish requests left in flight and for the database to be idle.`);
    await server.stop();
    server = null;

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
    await server?.stop().catch(() => undefined);
    if (snapshot && !KEEP_WRITES && db) {
      await restoreWrites(db, snapshot).catch((error: unknown) => process.stderr.write(`Could not undo the mutation scenario's writes: ${String(error)}\n`));
    }
    await db?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function evaluateTargets(r: BenchResults): TargetCheck[] {
  const byKey = (key: string) => r.scenarios.find((s) => s.key === key);
  const checks: TargetCheck[] = [];
  const paged = r.scenarios.filter((s) => Object.keys(s.statements).some((k) => k !== '-'));
  const constant = paged.every((s) => new Set(Object.values(s.statements)).size === 1);
  checks.push({
    target: 'SQL statements per request do not depend on the page size (10/50/100)',
    observed: paged.map((s) => `${s.key}: ${Object.values(s.statements).join('/')}`).join('; '),
    pass: constant,
  });
  const statements = (key: string) => byKey(key)?.statements[String(MEASURED_PAGE_SIZE)] ?? byKey(key)?.statements['-'] ?? null;
  const q1 = byKey('q1');
  const q3 = byKey('q3');
  checks.push({ target: 'query 1: at most 4 SQL statements', observed: String(statements('q1')), pass: statements('q1') === null ? null : (statements('q1') as number) <= 4 });
  checks.push({ target: 'query 3: at most 2 SQL statements', observed: String(statements('q3')), pass: statements('q3') === null ? null : (statements('q3') as number) <= 2 });
  checks.push({ target: 'query 1: p99 < 25 ms at 1 connection', observed: `${q1?.at1?.p99} ms`, pass: q1?.at1 ? q1.at1.p99 < 25 : null });
  checks.push({ target: 'query 3: p99 < 60 ms (1 connection)', observed: `${q3?.at1?.p99} ms (at ${q3?.atN?.connections}: ${q3?.atN?.p99} ms)`, pass: q3?.at1 ? q3.at1.p99 < 60 : null });
  checks.push({
    target: `query 1: ≥ 800 requests/s at ${r.settings.connections} connections, no errors`,
    observed: `${q1?.atN?.rps} rps, ${q1?.atN?.errors} errors`,
    pass: q1?.atN ? q1.atN.rps >= 800 && q1.atN.errors === 0 : null,
  });
  for (const key of ['q1', 'q2', 'q3']) {
    const s = byKey(key);
    checks.push({
      target: `query ${key.slice(1)}: end-to-end p50 ≤ 2× the floor`,
      observed: s?.ratio === undefined ? 'no floor' : `${s.at1?.p50} ms vs ${s.floor?.at1.p50} ms = ${s.ratio.toFixed(2)}×`,
      pass: s?.ratio === undefined ? null : s.ratio <= 2,
    });
  }
  const scans = r.scenarios.flatMap((s) =>
    s.explain ? [...s.explain.api.flatMap((e) => e.fullScans.map((x) => `${s.key} API ${x.table}`)), ...s.explain.floor.flatMap((e) => e.fullScans.map((x) => `${s.key} floor ${x.table}`))] : [],
  );
  const explained = r.scenarios.some((s) => s.explain);
  checks.push({ target: 'no full table scans (candidate, member, organization, school, candidate_stage_event)', observed: explained ? ([...new Set(scans)].join(', ') || 'none') : 'not explained', pass: explained ? scans.length === 0 : null });
  const mb = r.server.maxRssMiB * 1.048576;
  checks.push({ target: 'server RSS < 300 MB', observed: `${r.server.maxRssMiB} MiB (${mb.toFixed(0)} MB) at most`, pass: mb < 300 });
  return checks;
}

function writeResults(results: BenchResults, databaseLabel: string): void {
  const dir = resultsDir();
  fs.mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(results);
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), markdown);
  const dated = path.join(dir, `${localStamp()}-${databaseLabel.replace(/[^A-Za-z0-9_.-]/g, '_')}.md`);
  fs.writeFileSync(dated, markdown);
  say(`\n${markdown}`);
  say(`Written to ${path.join(dir, 'latest.md')}, latest.json and ${dated}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * Full scans in context: the share of each scanned table that the city's tenant holds (a table
 * read whole for a report that needs every row of it is the optimizer's right choice), and the
 * same report statement EXPLAINed for a commune, whose subtree is a small part of the tables.
 */
async function wholeTableNotes(db: MysqlBenchDb, results: ScenarioResult[], fixtures: Fixtures): Promise<string[]> {
  const notes: string[] = [];
  const scanned = new Set(results.flatMap((r) => [...(r.explain?.api ?? []), ...(r.explain?.floor ?? [])].flatMap((e) => e.fullScans.map((scan) => scan.table))));
  if (!scanned.size) return notes;
  const shares: string[] = [];
  for (const table of [...scanned].sort()) {
    const [row] = await db.query<{ total: number | string; ours: number | string | null }>(`SELECT COUNT(*) AS total, SUM(tenant_id = ?) AS ours FROM \`${table}\``, [fixtures.city.tenantId]);
    const total = Number(row.total);
    shares.push(`${table} ${total ? ((100 * Number(row.ours ?? 0)) / total).toFixed(0) : 0}%`);
  }
  notes.push(`Full scans listed above read tables of which the city's tenant holds: ${shares.join(', ')} of the rows.`);
  const commune = await explain(db, await statisticsStatement(db, fixtures.commune));
  const full = [...new Set(commune.fullScans.map((scan) => scan.table))];
  notes.push(`The same statistics statement for the commune (${fixtures.commune.email}'s subtree): ${full.length ? `full scans of ${full.join(', ')}` : 'no full scan of the watched tables'}; ${commune.plan.filter((step) => step.key === 'idx_organization_path').length} step(s) range over the path index.`);
  return notes;
}
