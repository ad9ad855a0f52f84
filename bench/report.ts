import type { LoadStats } from './load';
import type { ExplainedStatement, ScanStep, TimedStatement } from './explain';

/** The benchmark's results, as written to latest.json, and their Markdown rendering. */
export interface ScenarioResult {
  key: string;
  name: string;
  user: string;
  /** SQL statements per request by page size ("-" when the scenario has no page). */
  statements: Record<string, number | null>;
  warmup?: LoadStats;
  at1?: LoadStats;
  atN?: LoadStats;
  /** Max VmRSS of the server during the N-connection run. */
  maxRssMiB?: number;
  floor?: { description: string; at1: LoadStats; atN: LoadStats; sameAnswer: boolean; answerCheck: string };
  /** API p50 / floor p50, both at 1 connection. */
  ratio?: number;
  explain?: { api: ExplainedStatement[]; floor: ExplainedStatement[] };
  /** The API's own SELECTs run directly with mysql2, one after the other (median of a few runs). */
  sqlTime?: { statements: TimedStatement[]; totalMs: number; unionParts?: TimedStatement[] };
  notes: string[];
}

export interface TargetCheck {
  target: string;
  observed: string;
  pass: boolean | null;
}

export interface BenchResults {
  date: string;
  mode: 'mysql' | 'demo';
  database: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; os: string; database: string };
  settings: { seconds: number; warmupRequests: number; warmupSeconds: number; connections: number; measuredNodeEnv: string; probeNodeEnv: string; pageSize: number };
  dataset: Record<string, number>;
  fixtures: Record<string, string>;
  server: { idleRssMiB: number | null; maxRssMiB: number };
  scenarios: ScenarioResult[];
  /** Cheaper requests by scenario 1's user, at N connections (see REFERENCE_REQUESTS). */
  references?: { key: string; name: string; atN: LoadStats }[];
  targets: TargetCheck[];
  notes: string[];
  restored?: string;
}

const f1 = (value: number | undefined | null) => (value === undefined || value === null || !Number.isFinite(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const f2 = (value: number | undefined | null) => (value === undefined || value === null || !Number.isFinite(value) ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(2));

function scans(steps: ScanStep[]): string {
  return steps.map((s) => `${s.table}${s.alias !== s.table ? ` (${s.alias})` : ''} ~${s.rows ?? '?'} rows`).join(', ');
}

export function fullScanSummary(result: ScenarioResult): string {
  if (!result.explain) return '–';
  const api = result.explain.api.flatMap((e) => e.fullScans);
  const floor = result.explain.floor.flatMap((e) => e.fullScans);
  if (!api.length && !floor.length) return 'none';
  const parts: string[] = [];
  if (api.length) parts.push(`API: ${[...new Set(api.map((s) => s.table))].join(', ')}`);
  if (floor.length) parts.push(`floor: ${[...new Set(floor.map((s) => s.table))].join(', ')}`);
  return parts.join('; ');
}

function statementsCell(result: ScenarioResult): string {
  const entries = Object.entries(result.statements);
  if (entries.length === 1 && entries[0][0] === '-') return String(entries[0][1] ?? '?');
  return entries.map(([, n]) => `${n ?? '?'}`).join(' / ') + ` (${entries.map(([size]) => size).join('/')})`;
}

function planLine(statement: ExplainedStatement): string {
  if (statement.error) return `EXPLAIN failed: ${statement.error}`;
  return statement.plan
    .map((row) => `${row.table ?? '-'}:${row.type ?? '-'}${row.key ? `(${row.key})` : ''}~${row.rows ?? '?'}`)
    .join(' → ');
}

function firstWords(sql: string, n = 110): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

export function renderMarkdown(r: BenchResults): string {
  const n = r.settings.connections;
  const out: string[] = [];
  out.push(`# ketnap benchmark: ${r.database}, ${r.date}`, '');
  out.push(
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB; ${r.machine.os}; Node ${r.machine.node}; ${r.machine.database}. ` +
      `Load generator, API and database share this machine (loopback).`,
  );
  out.push('');
  out.push(
    `Dataset (${r.database}): ${Object.entries(r.dataset)
      .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
      .join(', ')}.`,
  );
  out.push('');
  out.push(
    `Settings: the API runs as a child process (\`node dist/src/server.js\`, NODE_ENV=${r.settings.measuredNodeEnv}, introspection off, LOG_LEVEL=warn); ` +
      `each scenario is warmed up (${r.settings.warmupRequests} requests or ${r.settings.warmupSeconds} s), then measured with autocannon for ${r.settings.seconds} s at 1 and at ${n} connections. ` +
      `Latencies in ms from every response's exact time. SQL/request comes from the x-sql-statements header of a probe server (NODE_ENV=${r.settings.probeNodeEnv}, LOG_SQL=true; production does not send the header), at page sizes 10/50/100 where the scenario has a page; measured rows use page size ${r.settings.pageSize}. ` +
      `The floor is the same answer by hand-written SQL through a mysql2 pool (no HTTP/GraphQL/ORM), measured the same way; ratio = API p50 / floor p50 at 1 connection.`,
  );
  out.push('');
  out.push(`Users: ${Object.entries(r.fixtures).map(([k, v]) => `${k} ${v}`).join('; ')}.`);
  out.push('');
  out.push(`| scenario | rps@1 | p50@1 | p97.5@1 | p99@1 | rps@${n} | p50@${n} | p97.5@${n} | p99@${n} | errors (1/${n}) | SQL/request | floor p50 | API/floor | full scans | max RSS MiB |`);
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
  for (const s of r.scenarios) {
    const conns = s.atN && s.atN.connections !== n ? ` (${s.atN.connections} conn.)` : '';
    out.push(
      `| ${s.name}${conns} | ${f1(s.at1?.rps)} | ${f2(s.at1?.p50)} | ${f2(s.at1?.p975)} | ${f2(s.at1?.p99)} | ${f1(s.atN?.rps)} | ${f2(s.atN?.p50)} | ${f2(s.atN?.p975)} | ${f2(s.atN?.p99)} | ${s.at1?.errors ?? '–'}/${s.atN?.errors ?? '–'} | ${statementsCell(s)} | ${f2(s.floor?.at1.p50)} | ${s.ratio === undefined ? '–' : `${s.ratio.toFixed(1)}×`} | ${fullScanSummary(s)} | ${f1(s.maxRssMiB)} |`,
    );
  }
  out.push('');
  out.push(`Server RSS: ${f1(r.server.idleRssMiB)} MiB after start, ${f1(r.server.maxRssMiB)} MiB at most.`);
  const floors = r.scenarios.filter((s) => s.floor);
  if (floors.length) {
    out.push('', '## The floor (hand-written SQL, mysql2)', '');
    out.push(`| query | what | rps@1 | p50@1 | p97.5@1 | p99@1 | rps@${n} | p50@${n} | p99@${n} | same answer as the API |`);
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const s of floors) {
      const fl = s.floor!;
      out.push(`| ${s.key} | ${fl.description} | ${f1(fl.at1.rps)} | ${f2(fl.at1.p50)} | ${f2(fl.at1.p975)} | ${f2(fl.at1.p99)} | ${f1(fl.atN.rps)} | ${f2(fl.atN.p50)} | ${f2(fl.atN.p99)} | ${fl.sameAnswer ? 'yes' : 'NO'}: ${fl.answerCheck} |`);
    }
  }
  if (r.targets.length) {
    out.push('', '## Targets', '');
    out.push('| target | observed | met |', '|---|---|---|');
    for (const t of r.targets) out.push(`| ${t.target} | ${t.observed} | ${t.pass === null ? 'n/a' : t.pass ? 'yes' : '**no**'} |`);
  }
  const timed = r.scenarios.filter((s) => s.sqlTime || s.at1?.serverCpuMsPerRequest !== undefined);
  if (timed.length) {
    out.push('', '## Where the time goes', '');
    out.push("The API's own SELECTs (captured from the probe server) run directly with mysql2, one after the other (median of a few runs), against the API's p50 at 1 connection: the rest is HTTP, authentication, GraphQL execution, ORM hydration and serialization in Node. CPU per request: the server process's and the local database server's CPU time during the run divided by the answered requests.", '');
    out.push(
      `| scenario | API p50@1 ms | its SQL run directly, ms | rest (Node), ms | server CPU ms/request @1 / @${n} | database CPU ms/request @1 / @${n} | load generator CPU ms/request @${n} | statements (ms each) |`,
      '|---|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const s of timed) {
      const t = s.sqlTime;
      const rest = s.at1 && t ? s.at1.p50 - t.totalMs : NaN;
      out.push(
        `| ${s.key} | ${f2(s.at1?.p50)} | ${f2(t?.totalMs)} | ${rest < 0 ? '≈0 (noise)' : f2(rest)} | ${f2(s.at1?.serverCpuMsPerRequest)} / ${f2(s.atN?.serverCpuMsPerRequest)} | ${f2(s.at1?.dbCpuMsPerRequest)} / ${f2(s.atN?.dbCpuMsPerRequest)} | ${f2(s.atN?.loadGeneratorCpuMsPerRequest)} | ${t ? t.statements.map((x) => `${x.label} ${f2(x.ms)} (${x.rows} rows)`).join('; ') : '–'} |`,
      );
    }
    for (const s of timed.filter((x) => x.sqlTime?.unionParts?.length)) {
      const parts = [...s.sqlTime!.unionParts!].sort((a, b) => b.ms - a.ms);
      out.push('', `${s.key}: each part of the statistics UNION ALL run alone (ms): ${parts.map((x) => `${x.label.replace('figure ', '')} ${f2(x.ms)}`).join(', ')}.`);
    }
  }
  const q1 = r.scenarios.find((s) => s.key === 'q1');
  if (r.references?.length && q1?.atN) {
    out.push('', `## Scenario 1, part by part (${n} connections)`, '');
    out.push(
      `Cheaper requests (the first without a token, the others by the same user), measured like the scenarios at ${n} connections, with the CPU each takes. The load generator, the API and the database share ${r.machine.cores} cores: ` +
        `${r.machine.cores * 1000} ms of CPU per second divided by the sum of the three bounds the requests per second (the bound is higher than what is reached, which also pays the kernel's share of loopback traffic and idle moments).`,
      '',
    );
    out.push('| request | rps | p50 ms | server CPU ms | database CPU ms | load generator CPU ms | sum ms | bound rps |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of [...r.references.map((x) => ({ name: x.name, stats: x.atN })), { name: `scenario 1 (${q1.name})`, stats: q1.atN }]) {
      const parts = [row.stats.serverCpuMsPerRequest, row.stats.dbCpuMsPerRequest, row.stats.loadGeneratorCpuMsPerRequest];
      const sum = parts.every((x) => x !== undefined) ? parts.reduce((a, b) => a! + b!, 0)! : undefined;
      out.push(`| ${row.name} | ${f1(row.stats.rps)} | ${f2(row.stats.p50)} | ${f2(parts[0])} | ${f2(parts[1])} | ${f2(parts[2])} | ${f2(sum)} | ${sum ? f1((r.machine.cores * 1000) / sum) : '–'} |`);
    }
  }
  const explained = r.scenarios.filter((s) => s.explain && (s.explain.api.length || s.explain.floor.length));
  if (explained.length) {
    out.push('', '## EXPLAIN', '');
    out.push('Each step as table:type(key)~rows. Full table scans (type ALL) of candidate, member, organization, school or candidate_stage_event are listed; type index is a whole-index read.', '');
    for (const s of explained) {
      out.push(`### ${s.name}`, '');
      for (const [who, list] of [['API', s.explain!.api], ['floor', s.explain!.floor]] as const) {
        list.forEach((statement, index) => {
          const flags = [
            statement.fullScans.length ? `**full scans: ${scans(statement.fullScans)}**` : '',
            statement.indexScans.length ? `whole-index reads: ${scans(statement.indexScans)}` : '',
            statement.otherFullScans.length ? `small-table scans: ${scans(statement.otherFullScans)}` : '',
          ].filter(Boolean);
          out.push(`- ${who} #${index + 1} \`${firstWords(statement.sql)}\``);
          out.push(`  - ${planLine(statement).slice(0, 1500)}`);
          if (flags.length) out.push(`  - ${flags.join('; ')}`);
        });
      }
      out.push('');
    }
  }
  const notes = [...r.notes, ...r.scenarios.flatMap((s) => s.notes.map((note) => `${s.key}: ${note}`))];
  if (r.restored) notes.push(r.restored);
  if (notes.length) {
    out.push('', '## Notes', '');
    for (const note of notes) out.push(`- ${note}`);
  }
  return out.join('\n') + '\n';
}
