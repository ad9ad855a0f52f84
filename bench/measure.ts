/**
 * Step 3 of `npm run bench`: the measured server (NODE_ENV=production unless BENCH_NODE_ENV says
 * otherwise). Per scenario a warm-up, then autocannon for BENCH_SECONDS at 1 and at
 * BENCH_CONNECTIONS connections, with the server's VmRSS and the CPU time per request sampled;
 * then scenario 1's cheaper reference requests.
 */
import { MysqlBenchDb, type BenchDb } from './db';
import { resyncPool, type Fixtures } from './fixtures';
import { runAutocannon, type HttpLoad, type LoadStats } from './load';
import type { MentorPool } from './mentor-pool';
import type { BenchResults, ScenarioResult } from './report';
import { MEASURED_PAGE_SIZE, REFERENCE_REQUESTS, graphqlBody, type Scenario } from './scenarios';
import { CLOCK_TICKS, RssSampler, cpuTicks, findDatabasePid, settle, startServer } from './server';
import { failure, post } from './client';
import { CONNECTIONS, MEASURED_ENV, SECONDS, WARMUP, WARMUP_SECONDS, say, sleep } from './settings';

export interface MeasureInput {
  serverJs: string;
  /** The environment both servers share (database, secret...). */
  env: Record<string, string>;
  db: BenchDb;
  fixtures: Fixtures;
  scenarios: Scenario[];
  /** Filled in: each scenario's runs at 1 and N connections. */
  results: ScenarioResult[];
  mentorPool: MentorPool;
  tokens: Map<string, string>;
  /** Added to: the time spent waiting for quiet between runs. */
  notes: string[];
}

export interface Measured {
  idleRss: number | null;
  maxRss: number;
  references: NonNullable<BenchResults['references']>;
}

export async function measureApi({ serverJs, env: common, db, fixtures, scenarios, results, mentorPool, tokens, notes }: MeasureInput): Promise<Measured> {
  say(`starting the measured server (NODE_ENV=${MEASURED_ENV})...`);
  // The probe server seeded the demo already; production would refuse SEED_DEMO with the published password.
  const server = await startServer(serverJs, { label: 'measured', env: { ...common, NODE_ENV: MEASURED_ENV, SEED_DEMO: 'false' } });
  try {
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
          await resyncPool(db, mentorPool.pool);
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
    return { idleRss, maxRss, references };
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
}
