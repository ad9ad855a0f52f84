/** What the benchmark checks: the API's answers against the floor's, the targets, the full scans in context. */
import { fromGlobalId } from '../src/graphql/global-id';
import type { MysqlBenchDb } from './db';
import { explain } from './explain';
import type { Fixtures } from './fixtures';
import { statisticsStatement, type FloorAnswer } from './floor';
import type { BenchResults, ScenarioResult, TargetCheck } from './report';
import { MEASURED_PAGE_SIZE } from './scenarios';

function decodeIds(edges: unknown): number[] {
  return ((edges as { node: { id: string } }[] | undefined) ?? []).map((edge) => fromGlobalId(edge.node.id)?.id ?? -1);
}

/** Does the API's answer match the floor's? */
export function compareAnswers(key: string, api: Record<string, unknown> | null | undefined, floor: FloorAnswer): { same: boolean; check: string } {
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

export function evaluateTargets(r: BenchResults): TargetCheck[] {
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

/**
 * Full scans in context: the share of each scanned table that the city's tenant holds (a table
 * read whole for a report that needs every row of it is the optimizer's right choice), and the
 * same report statement EXPLAINed for a commune, whose subtree is a small part of the tables.
 */
export async function wholeTableNotes(db: MysqlBenchDb, results: ScenarioResult[], fixtures: Fixtures): Promise<string[]> {
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
