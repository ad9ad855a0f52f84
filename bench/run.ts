import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../src/config';
import { openDatabase, seedDemoIfEmpty } from '../src/db/bootstrap';
import { startApp } from '../src/app';

/**
 * `npm run bench`: starts the API on loopback against the configured database (a fresh SQLite
 * file with the demo data when DATABASE_URL is unset), and measures typical requests at 1 and
 * at several concurrent connections: requests per second, p50 / p97.5 / p99 latency and SQL
 * statements per request. Results go to bench/results/latest.{md,json}. Loops are bounded.
 */
interface Scenario {
  name: string;
  user: string;
  query: string;
  variables?: Record<string, unknown>;
}

const SCENARIOS: Scenario[] = [
  {
    name: '1. 50 candidates of a commune, cell/school/mentor nested',
    user: 'commune.caolanh@ketnap.demo',
    query: `{ candidates(first: 50) { totalCount edges { node { fullName stage cell { name } school { name level } mentor { fullName } } } } }`,
  },
  {
    name: '2. city scope, filtered by stage and category, sorted',
    user: 'committee.caolanh@ketnap.demo',
    query: `{ candidates(first: 50, filter: { stages: [PROBATIONARY, OFFICIAL], categories: [TEACHER] }, orderBy: { field: STAGE_SINCE, direction: DESC }) { totalCount edges { node { fullName stageSince cell { name } } } } }`,
  },
  {
    name: "3. the city's tree: communes with their cells and schools",
    user: 'committee.tamdao@ketnap.demo',
    query: `{ me { organization { children { name cells { name school { level headcounts(schoolYear: 2025) { teachers } } } } } } }`,
  },
  {
    name: "4. a cell secretary's candidates with history",
    user: 'secretary.caolanh@ketnap.demo',
    query: `{ candidates(first: 20) { totalCount nodes { fullName stage history { toStage occurredOn } stallReasons { reason } } } members(first: 50) { totalCount } }`,
  },
];

const WARMUP = 20;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = [1, Number(process.env.BENCH_CONCURRENCY ?? 16)];

interface Result {
  scenario: string;
  concurrency: number;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  statements: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function login(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
  });
  const body = (await response.json()) as { data?: { login: { token: string } }; errors?: unknown };
  if (!body.data) throw new Error(`login failed for ${email}: ${JSON.stringify(body.errors)}`);
  return body.data.login.token;
}

async function measure(url: string, token: string, scenario: Scenario, concurrency: number): Promise<Result> {
  const send = async () => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} }),
    });
    const body = (await response.json()) as { errors?: unknown };
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, ok: response.ok && !body.errors, statements: Number(response.headers.get('x-sql-statements')) };
  };
  for (let i = 0; i < WARMUP; i += 1) await send();
  const latencies: number[] = [];
  let errors = 0;
  let statements = 0;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        next += 1;
        const result = await send();
        latencies.push(result.ms);
        if (!result.ok) errors += 1;
        statements = result.statements;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    scenario: scenario.name,
    concurrency,
    requests: latencies.length,
    errors,
    rps: Math.round(latencies.length / seconds),
    p50: +percentile(latencies, 50).toFixed(1),
    p975: +percentile(latencies, 97.5).toFixed(1),
    p99: +percentile(latencies, 99).toFixed(1),
    statements,
  };
}

async function main(): Promise<void> {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  if (!env.DATABASE_URL) {
    const file = path.join(os.tmpdir(), `ketnap-bench-${process.pid}.sqlite`);
    env.SQLITE_PATH = file;
    env.DATA_DIR = path.join(os.tmpdir(), `ketnap-bench-${process.pid}`);
  }
  process.env.LOG_LEVEL = env.LOG_LEVEL;
  const config: AppConfig = loadConfig(env);
  const dataSource = await openDatabase(config);
  await seedDemoIfEmpty(dataSource, config);
  const app = await startApp(config, dataSource, 0);
  const url = `http://127.0.0.1:${app.port}/graphql`;
  const results: Result[] = [];
  try {
    for (const scenario of SCENARIOS) {
      const token = await login(url, scenario.user, config.demoPassword);
      for (const concurrency of CONCURRENCY) {
        const result = await measure(url, token, scenario, concurrency);
        results.push(result);
        process.stdout.write(`${scenario.name} @${concurrency}: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.statements} SQL/request, ${result.errors} errors\n`);
      }
    }
  } finally {
    await app.stop();
    await dataSource.destroy();
    if (config.database.type === 'sqlite' && !process.env.DATABASE_URL) fs.rmSync(config.database.url, { force: true });
  }
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, database: config.database.type, date: new Date().toISOString() };
  const dir = path.resolve(__dirname, '..', ...(path.basename(path.resolve(__dirname, '..')) === 'dist' ? ['..'] : []), 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({ machine, requests: REQUESTS, results }, null, 2) + '\n');
  const table = [
    `Machine: ${machine.cpus} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.database}, demo dataset; ${REQUESTS} requests per row after ${WARMUP} warm-up.`,
    '',
    '| scenario | connections | req/s | p50 ms | p97.5 ms | p99 ms | SQL/request | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.scenario} | ${r.concurrency} | ${r.rps} | ${r.p50} | ${r.p975} | ${r.p99} | ${r.statements} | ${r.errors} |`),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'latest.md'), table + '\n');
  process.stdout.write(`\n${table}\n\nWritten to ${dir}/latest.{md,json}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
