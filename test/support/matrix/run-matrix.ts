import type { TestServer } from '../server';
import { bearer, type MatrixUser } from './demo-users';
import { loadWorld, refreshLogs } from './world';
import { scopeOf } from './oracle';
import { checkMessages, type Run } from './comparisons';
import { checkLists } from './check-lists';
import { checkById, checkMutations, checkNode, checkSearch } from './check-by-id';
import { checkExport, checkStatistics } from './check-reports';
import { checkSensitive, checkSteps } from './check-candidates';

/**
 * The permission matrix over the demo tree. For every logged-in demo user it computes, with plain
 * code over every row of the database, what the rules documented in src/auth/ability.ts allow
 * (./oracle.ts), and compares that with every way the API reaches a record: lists and their
 * totalCount (page by page), nested relations, node(id), candidate(id) / organization(id), name
 * search, `under` filters, statistics, the CSV / XLSX export and mutations by id. Nothing here
 * reuses src/auth: if a filter is lost anywhere, the two sides disagree and a violation (a
 * readable sentence) is returned.
 *
 *   demo-users.ts   the users, logged in through the API       world.ts        every row, read directly
 *   oracle.ts       the rules as plain code                    comparisons.ts  a user's run, and what it reports
 *   check-*.ts      the checks, one file per way in            fixtures.ts     rows the demo seed lacks
 */

export type MatrixCheck = 'lists' | 'nested' | 'node' | 'byId' | 'search' | 'sensitive' | 'statistics' | 'export' | 'mutations' | 'steps';
export const ALL_CHECKS: readonly MatrixCheck[] = ['lists', 'nested', 'node', 'byId', 'search', 'sensitive', 'statistics', 'export', 'mutations', 'steps'];

export interface MatrixOptions {
  /** The slice of the matrix to run (all by default). */
  checks?: readonly MatrixCheck[];
  /** Samples of in-scope records per kind (node, candidate(id)...). */
  inScopeSample?: number;
  /** Samples of out-of-scope records of the user's own tenant per kind (the other tenants' records are all probed by node(id), candidate(id), organization(id) and statistics). */
  ownTenantOutOfScopeSample?: number;
  /** Filled with how many checks of each kind ran (for the record; the matrix asserts nothing itself). */
  counts?: Record<string, number>;
}

/**
 * Runs the matrix for every user and returns the violations, one readable sentence each
 * (an empty list when the API agrees with the rules everywhere).
 */
export async function runMatrix(server: TestServer, users: readonly MatrixUser[], options: MatrixOptions = {}): Promise<string[]> {
  const checks = new Set(options.checks ?? ALL_CHECKS);
  const violations: string[] = [];
  const world = await loadWorld(server.dataSource);
  const matrixTenants = [...new Set(users.map((u) => u.tenantId).filter((t): t is number => t !== null)), ...world.tenantName.keys()];
  const usersTenants = new Set(users.map((u) => u.tenantId).filter((t): t is number => t !== null));
  const otherTenantsOf = (own: number): number[] => {
    const others = [...usersTenants].filter((t) => t !== own);
    return others.length ? others : [...world.tenantName.keys()].filter((t) => t !== own);
  };
  for (const user of users) {
    const home = user.organizationId !== null ? world.orgById.get(user.organizationId) : world.orgById.get(matrixTenants[0]);
    if (!home) throw new Error(`no home organization for ${user.email}`);
    const run: Run = {
      server,
      user,
      auth: bearer(user),
      world,
      scope: scopeOf(user, world),
      options: { inScopeSample: options.inScopeSample ?? 12, ownTenantOutOfScopeSample: options.ownTenantOutOfScopeSample ?? 40 },
      otherTenants: user.tenantId === null ? [] : otherTenantsOf(user.tenantId),
      home,
      report: (message) => violations.push(`${user.email} (${user.role}): ${message}`),
      messages: [],
      count: (key, n = 1) => {
        if (options.counts) options.counts[key] = (options.counts[key] ?? 0) + n;
      },
    };
    run.count('users');
    const timed = async (name: string, check: () => Promise<void>) => {
      const started = Date.now();
      await check();
      run.count(`ms ${name}`, Date.now() - started);
    };
    if (checks.has('lists') || checks.has('nested')) {
      await refreshLogs(server.dataSource, world);
      await timed('lists', () => checkLists(run, checks.has('nested')));
    }
    if (checks.has('node')) await timed('node', () => checkNode(run));
    if (checks.has('byId')) await timed('byId', () => checkById(run));
    if (checks.has('search')) await timed('search', () => checkSearch(run));
    if (checks.has('sensitive')) await timed('sensitive', () => checkSensitive(run));
    if (checks.has('statistics')) await timed('statistics', () => checkStatistics(run));
    if (checks.has('export')) await timed('export', () => checkExport(run));
    if (checks.has('mutations')) await timed('mutations', () => checkMutations(run));
    if (checks.has('steps')) await timed('steps', () => checkSteps(run));
    checkMessages(run);
  }
  return violations;
}
