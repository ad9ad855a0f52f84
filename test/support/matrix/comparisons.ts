import type { TestServer } from '../server';
import { gqlBatch, type GqlResult } from '../http';
import { fromGlobalId, type NodeTypeName } from '../../../src/graphql/global-id';
import type { Organization } from '../../../src/modules/organization/organization.entity';
import type { MatrixUser } from './demo-users';
import type { World } from './world';
import { describeRecord, few, gid, KINDS, rowsOf, sample, visible, type Kind, type RecordKind, type Scope } from './oracle';

/**
 * One user's run of the matrix, and the comparisons every check reports through: what the API
 * answered against what the oracle expects, each disagreement a readable sentence (a violation).
 */

export interface Run {
  server: TestServer;
  user: MatrixUser;
  auth: string;
  world: World;
  scope: Scope;
  options: { inScopeSample: number; ownTenantOutOfScopeSample: number };
  count(key: string, n?: number): void;
  /** The other tenants of the matrix (every other tenant when the users are all of one); none for the administrator. */
  otherTenants: number[];
  /** A tenant root the user may work in: its own organization, or (administrator) the first tenant of the matrix. */
  home: Organization;
  report(message: string): void;
  /** Every error message the user received, for the name-leak check. */
  messages: string[];
}

export function collectErrors(run: Run, result: GqlResult, what: string, expectErrors = false): boolean {
  for (const error of result.errors ?? []) run.messages.push(error.message);
  if (!expectErrors && result.errors?.length) {
    run.report(`${what} failed: ${few(result.errors.map((e) => `${e.extensions?.code ?? '?'} ${e.message}`), 3)}`);
    return false;
  }
  return true;
}

/** Decodes a global id of the expected type, reporting anything else. */
export function localId(run: Run, value: unknown, type: NodeTypeName, where: string): number | null {
  const decoded = typeof value === 'string' ? fromGlobalId(value) : null;
  if (!decoded || decoded.type !== type) {
    run.report(`${where}: ${JSON.stringify(value)} is not a ${type} id`);
    return null;
  }
  return decoded.id;
}

export function refId(value: unknown): string | null {
  return value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null;
}

export function compareSets(run: Run, what: string, kind: RecordKind, got: readonly number[], expected: ReadonlySet<number>): void {
  const gotSet = new Set(got);
  run.count('set comparisons');
  run.count('records compared in sets', new Set([...gotSet, ...expected]).size);
  if (gotSet.size !== got.length) run.report(`${what}: the same record came twice`);
  const leaked = [...gotSet].filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !gotSet.has(id));
  if (leaked.length) run.report(`${what} shows ${leaked.length} record(s) outside the scope: ${few(leaked.map((id) => describeRecord(run.world, kind, id)))}`);
  if (missing.length) run.report(`${what} misses ${missing.length} record(s) in the scope: ${few(missing.map((id) => describeRecord(run.world, kind, id)))}`);
}

export function expectRef(run: Run, what: string, got: unknown, type: NodeTypeName, expectedId: number | null): void {
  const gotId = refId(got);
  run.count('nested references');
  const expected = expectedId === null ? null : gid(type, expectedId);
  if (gotId !== expected) {
    const shown = gotId === null ? 'null' : (() => {
      const decoded = fromGlobalId(gotId);
      return decoded && (KINDS as readonly string[]).includes(decoded.type) ? describeRecord(run.world, decoded.type as Kind, decoded.id) : gotId;
    })();
    run.report(`${what} is ${shown}, expected ${expectedId === null ? 'null' : describeRecord(run.world, type as Kind, expectedId)}`);
  }
}

export function expectRefs(run: Run, what: string, got: unknown, type: NodeTypeName, expected: readonly number[]): void {
  const list = Array.isArray(got) ? got : [];
  const ids: number[] = [];
  for (const item of list) {
    const id = localId(run, refId(item), type, what);
    if (id !== null) ids.push(id);
  }
  compareSets(run, what, type as Kind, ids, new Set(expected));
}

// --- probes by id -------------------------------------------------------------------------------

export interface Probe {
  kind: Kind;
  id: number;
}

/**
 * Records to probe by id: a sample in scope, every record of the other tenant(s) of the matrix, a
 * sample out of scope in the user's own tenant, and of the tenants outside the matrix (and users
 * of no tenant) `elsewhereSample` of each kind.
 */
export function probeTargets(run: Run, kinds: readonly Kind[], elsewhereSample: number): Probe[] {
  const { world, scope, user, options } = run;
  const targets: Probe[] = [];
  for (const kind of kinds) {
    const rows = rowsOf(world, kind);
    const inScope = rows.filter((r) => visible(scope, world, kind, r.id));
    targets.push(...sample(inScope, options.inScopeSample).map((r) => ({ kind, id: r.id })));
    if (user.tenantId === null) continue;
    for (const tenant of run.otherTenants) {
      const theirs = rows.filter((r) => r.tenantId === tenant);
      targets.push(...theirs.map((r) => ({ kind, id: r.id })));
    }
    const ownOut = rows.filter((r) => r.tenantId === user.tenantId && !visible(scope, world, kind, r.id));
    targets.push(...sample(ownOut, options.ownTenantOutOfScopeSample).map((r) => ({ kind, id: r.id })));
    const elsewhere = rows.filter((r) => r.tenantId !== user.tenantId && !run.otherTenants.includes(r.tenantId ?? -1));
    targets.push(...sample(elsewhere, elsewhereSample).map((r) => ({ kind, id: r.id })));
  }
  const unique = new Map(targets.map((t) => [`${t.kind}:${t.id}`, t]));
  return [...unique.values()];
}

/** The error a non-existent id gets, to compare out-of-scope answers with. */
export async function missingAnswer(run: Run, query: string): Promise<{ code: string | undefined; message: string | undefined }> {
  const [result] = await gqlBatch(run.server, run.auth, [query]);
  collectErrors(run, result, 'probe of a non-existent id', true);
  return { code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message };
}

export async function checkOutOfScope(run: Run, what: string, queries: { label: string; query: string }[], reference: { code: string | undefined; message: string | undefined }): Promise<void> {
  if (reference.code !== 'NOT_FOUND') run.report(`${what} of a non-existent id answered ${reference.code} «${reference.message}», expected NOT_FOUND`);
  const results = await gqlBatch(run.server, run.auth, queries.map((q) => q.query));
  run.count(`${what.replace(/\(.*/, '')} out of scope`, queries.length);
  results.forEach((result, i) => {
    collectErrors(run, result, `${what} ${queries[i].label}`, true);
    const error = result.errors?.[0];
    const data = result.data ? Object.values(result.data)[0] : null;
    if (!error || data) {
      run.report(`${what} ${queries[i].label} outside the scope answered ${JSON.stringify(data).slice(0, 120)}, expected NOT_FOUND`);
      return;
    }
    if (error.extensions?.code !== 'NOT_FOUND') run.report(`${what} ${queries[i].label} outside the scope answered ${error.extensions?.code}, expected NOT_FOUND`);
    else if (error.message !== reference.message) run.report(`${what} ${queries[i].label} outside the scope says «${error.message}», a non-existent id says «${reference.message}»`);
  });
}

// --- error messages ----------------------------------------------------------------------------

/** No error message names a record the user may not read. */
export function checkMessages(run: Run): void {
  const { world, scope } = run;
  const visibleNames = new Set<string>();
  const hiddenNames = new Set<string>();
  const add = (name: string, seen: boolean) => {
    if (name.length < 5) return;
    (seen ? visibleNames : hiddenNames).add(name);
  };
  for (const o of world.orgs) add(o.name, scope.org(o));
  for (const s of world.schools) add(s.name, scope.school(s));
  for (const m of world.members) add(m.fullName, scope.member(m));
  for (const c of world.candidates) add(c.fullName, scope.candidate(c));
  for (const u of world.users) {
    add(u.email, scope.user(u) || u.id === run.user.userId);
    add(u.displayName, scope.user(u) || u.id === run.user.userId);
  }
  const names = [...hiddenNames].filter((name) => !visibleNames.has(name));
  const messages = [...new Set(run.messages)];
  run.count('error messages checked', run.messages.length);
  for (const message of messages) {
    const leaked = names.filter((name) => message.includes(name));
    if (leaked.length) run.report(`an error message names records outside the scope (${few(leaked)}): «${message.slice(0, 200)}»`);
  }
}
