import { In, IsNull, type DataSource } from 'typeorm';
import type { TestServer } from './server';
import { fromGlobalId, toGlobalId, type NodeTypeName } from '../../src/graphql/global-id';
import { OrganizationKind, Role } from '../../src/domain/enums';
import { searchKey } from '../../src/common/text';
import { addDays, todayInVietnam } from '../../src/common/dates';
import { Organization, OrganizationMove } from '../../src/modules/organization/organization.entity';
import { Target } from '../../src/modules/report/target.entity';
import { School } from '../../src/modules/school/school.entity';
import { Member } from '../../src/modules/member/member.entity';
import { Candidate, CandidateStageEvent } from '../../src/modules/candidate/candidate.entity';
import { User } from '../../src/modules/user/user.entity';
import { AuditLog } from '../../src/modules/audit/audit.entity';
import { ApiKey } from '../../src/modules/api-key/api-key.entity';
import type { DemoUser } from '../../src/tools/demo/model';
import { buildMongoQueryMatcher, createMongoAbility, subject as asSubject, type ConditionsMatcher, type MongoQuery, type RawRuleOf, type MongoAbility } from '@casl/ability';
import type { FieldCondition, FieldInstruction, JsInterpreter } from '@ucast/mongo2js';
import { CAN_ACTIONS, PROBE_ACTIONS, probeOutcome, probeQuery, type ProbeAction } from './probes';

/**
 * The permission matrix over the demo tree. For every logged-in demo user it computes, with plain
 * code over every row of the database, what the rules documented in src/auth/ability.ts allow:
 *
 *   admin          everything
 *   committee      its subtree (organizations, schools, members, candidates, users, audit, API keys)
 *   secretary      its own cell (organizations, schools, members, candidates, users)
 *   mentor         its own cell's organizations, schools and members; only the candidates it mentors
 *   reporter       its subtree's organizations and schools; no candidate, member or user
 *   everyone       also reads the names of the organizations above it (its ancestors)
 *
 * and compares that with every way the API reaches a record: lists and their totalCount (page by
 * page), nested relations, node(id), candidate(id) / organization(id), name search, `under`
 * filters, statistics, the CSV / XLSX export and mutations by id. Nothing here reuses src/auth:
 * if a filter is lost anywhere, the two sides disagree and a violation (a readable sentence) is
 * returned.
 */

// ---------------------------------------------------------------------------------------------
// HTTP

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: GqlError[];
}

async function parseBody(response: Response): Promise<Record<string, unknown> | Record<string, unknown>[]> {
  const text = await response.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { errors: [{ message: `non-JSON response (${response.status}): ${text.slice(0, 200)}` }] };
  }
}

/** One GraphQL operation over HTTP with any Authorization header ("Bearer ...", "ApiKey ..."). */
export async function gqlAs<T = Record<string, unknown>>(
  server: TestServer,
  authorization: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GqlResult<T>> {
  const response = await fetch(server.app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await parseBody(response)) as Record<string, unknown>;
  return { status: response.status, ...(body as Omit<GqlResult<T>, 'status'>) };
}

/**
 * Several operations in one batched HTTP request. Used where each result must carry its own
 * error: a non-null root field (candidate(id), statistics, mutations) that fails nulls the whole
 * `data` of its operation and graphql-js then reports only the first error, so aliases cannot
 * be used for expected failures.
 */
export async function gqlBatch(server: TestServer, authorization: string | null, queries: readonly string[], chunk = server.config.maxBatchOperations): Promise<GqlResult[]> {
  const results: GqlResult[] = [];
  for (let start = 0; start < queries.length; start += chunk) {
    const part = queries.slice(start, start + chunk);
    const response = await fetch(server.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(part.map((query) => ({ query }))),
    });
    const body = await parseBody(response);
    if (Array.isArray(body)) {
      for (const one of body) results.push({ status: response.status, ...(one as Omit<GqlResult, 'status'>) });
    } else {
      for (let i = 0; i < part.length; i++) results.push({ status: response.status, ...(body as Omit<GqlResult, 'status'>) });
    }
  }
  return results;
}

/** GET on the export route; returns the status and the body as text. */
export async function getExport(server: TestServer, authorization: string | null, format: 'csv' | 'xlsx', organizationGid: string): Promise<{ status: number; text: string; contentType: string }> {
  const base = server.app.url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}/reports/statistics.${format}?organizationId=${encodeURIComponent(organizationGid)}`, {
    headers: authorization ? { authorization } : {},
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: buffer.toString('utf8'), contentType: response.headers.get('content-type') ?? '' };
}

// ---------------------------------------------------------------------------------------------
// Users

export interface MatrixUser {
  email: string;
  role: Role;
  token: string;
  /** Null for a reporting client calling with an API key. */
  userId: number | null;
  /** The Authorization header, when it is not "Bearer <token>" (an API key). */
  authorization?: string;
  tenantId: number | null;
  organizationId: number | null;
  /** Path of the organization the user acts for; '' for the administrator. */
  path: string;
  memberId: number | null;
}

export const bearer = (user: MatrixUser): string => user.authorization ?? `Bearer ${user.token}`;

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id role } } }`;

/** Logs every given demo user in through the `login` mutation, once each. */
export async function loginDemoUsers(server: TestServer, demoUsers: readonly DemoUser[]): Promise<MatrixUser[]> {
  const users: MatrixUser[] = [];
  for (const demo of demoUsers) {
    const result = await gqlAs<{ login: { token: string; user: { id: string; role: Role } } }>(server, null, LOGIN, { email: demo.email, password: server.config.demoPassword });
    if (!result.data?.login) throw new Error(`login of ${demo.email} failed: ${JSON.stringify(result.errors)}`);
    const row = await server.dataSource.getRepository(User).findOneByOrFail({ email: demo.email });
    const organization = row.organizationId === null ? null : await server.dataSource.getRepository(Organization).findOneByOrFail({ id: row.organizationId });
    if (result.data.login.user.role !== row.role || result.data.login.user.id !== toGlobalId('User', row.id)) throw new Error(`login of ${demo.email} returned another user`);
    users.push({
      email: demo.email,
      role: row.role,
      token: result.data.login.token,
      userId: row.id,
      tenantId: row.tenantId,
      organizationId: row.organizationId,
      path: organization?.path ?? '',
      memberId: row.memberId,
    });
  }
  return users;
}

// ---------------------------------------------------------------------------------------------
// The database, read directly

export interface World {
  orgs: Organization[];
  orgById: Map<number, Organization>;
  schools: School[];
  schoolById: Map<number, School>;
  members: Member[];
  memberById: Map<number, Member>;
  candidates: Candidate[];
  candidateById: Map<number, Candidate>;
  users: User[];
  userById: Map<number, User>;
  events: CandidateStageEvent[];
  eventsByCandidate: Map<number, CandidateStageEvent[]>;
  audit: AuditLog[];
  auditById: Map<number, AuditLog>;
  apiKeys: ApiKey[];
  apiKeyById: Map<number, ApiKey>;
  targets: Target[];
  moves: OrganizationMove[];
  /** Tenant root names by tenant id. */
  tenantName: Map<number, string>;
}

const byId = <T extends { id: number }>(rows: T[]): Map<number, T> => new Map(rows.map((row) => [row.id, row]));

export async function loadWorld(ds: DataSource): Promise<World> {
  const orgs = await ds.getRepository(Organization).find({ order: { id: 'ASC' } });
  const schools = await ds.getRepository(School).find({ order: { id: 'ASC' } });
  const members = await ds.getRepository(Member).find({ order: { id: 'ASC' } });
  const candidates = await ds.getRepository(Candidate).find({ order: { id: 'ASC' } });
  const users = await ds.getRepository(User).find({ order: { id: 'ASC' } });
  const events = await ds.getRepository(CandidateStageEvent).find({ order: { id: 'ASC' } });
  const eventsByCandidate = new Map<number, CandidateStageEvent[]>();
  for (const event of events) eventsByCandidate.set(event.candidateId, [...(eventsByCandidate.get(event.candidateId) ?? []), event]);
  const world: World = {
    orgs,
    orgById: byId(orgs),
    schools,
    schoolById: byId(schools),
    members,
    memberById: byId(members),
    candidates,
    candidateById: byId(candidates),
    users,
    userById: byId(users),
    events,
    eventsByCandidate,
    audit: [],
    auditById: new Map(),
    apiKeys: [],
    apiKeyById: new Map(),
    targets: await ds.getRepository(Target).find({ order: { id: 'ASC' } }),
    moves: await ds.getRepository(OrganizationMove).find({ order: { id: 'ASC' } }),
    tenantName: new Map(orgs.filter((o) => o.parentId === null).map((o) => [o.id, o.name])),
  };
  await refreshLogs(ds, world);
  return world;
}

/** The audit log and the API keys change while the matrix runs (exports are audited): re-read them. */
async function refreshLogs(ds: DataSource, world: World): Promise<void> {
  world.audit = await ds.getRepository(AuditLog).find({ order: { id: 'ASC' } });
  world.auditById = byId(world.audit);
  world.apiKeys = await ds.getRepository(ApiKey).find({ order: { id: 'ASC' } });
  world.apiKeyById = byId(world.apiKeys);
}

// ---------------------------------------------------------------------------------------------
// The rules, as plain code

export type Kind = 'Organization' | 'School' | 'Member' | 'Candidate' | 'User';
export const KINDS: readonly Kind[] = ['Organization', 'School', 'Member', 'Candidate', 'User'];

/** What a user may read (and of which organizations they may read statistics), row by row. */
export interface Scope {
  org(o: Organization): boolean;
  stats(o: Organization): boolean;
  school(s: School): boolean;
  member(m: Member): boolean;
  candidate(c: Candidate): boolean;
  user(u: User): boolean;
  audit(a: AuditLog): boolean;
  apiKey(k: ApiKey): boolean;
}

export function scopeOf(user: MatrixUser, world: World): Scope {
  if (user.role === Role.SYSTEM_ADMIN) {
    const all = () => true;
    return { org: all, stats: all, school: all, member: all, candidate: all, user: all, audit: all, apiKey: all };
  }
  const path = user.path;
  const ancestors = new Set(path.split('/').filter(Boolean).map(Number).slice(0, -1));
  const inSubtree = (organizationId: number | null): boolean => {
    if (organizationId === null) return false;
    const o = world.orgById.get(organizationId);
    return !!o && path !== '' && o.path.startsWith(path);
  };
  const role = user.role;
  const none = () => false;
  const committee = role === Role.COMMITTEE;
  const secretary = role === Role.CELL_SECRETARY;
  const mentor = role === Role.MENTOR;
  return {
    org: (o) => (path !== '' && o.path.startsWith(path)) || ancestors.has(o.id),
    stats: mentor ? none : (o) => path !== '' && o.path.startsWith(path),
    school: (s) => inSubtree(s.organizationId),
    member: committee || secretary || mentor ? (m) => inSubtree(m.organizationId) : none,
    candidate: committee || secretary ? (c) => inSubtree(c.organizationId) : mentor ? (c) => inSubtree(c.organizationId) && user.memberId !== null && c.mentorId === user.memberId : none,
    user: committee || secretary ? (u) => inSubtree(u.organizationId) : none,
    audit: committee ? (a) => inSubtree(a.organizationId) : none,
    apiKey: committee ? (k) => inSubtree(k.organizationId) : none,
  };
}

const TYPE_OF: Record<Kind, NodeTypeName> = { Organization: 'Organization', School: 'School', Member: 'Member', Candidate: 'Candidate', User: 'User' };

function rowsOf(world: World, kind: Kind): { id: number; tenantId: number | null }[] {
  switch (kind) {
    case 'Organization':
      return world.orgs;
    case 'School':
      return world.schools;
    case 'Member':
      return world.members;
    case 'Candidate':
      return world.candidates;
    case 'User':
      return world.users;
  }
}

function visible(scope: Scope, world: World, kind: Kind, id: number): boolean {
  switch (kind) {
    case 'Organization': {
      const row = world.orgById.get(id);
      return !!row && scope.org(row);
    }
    case 'School': {
      const row = world.schoolById.get(id);
      return !!row && scope.school(row);
    }
    case 'Member': {
      const row = world.memberById.get(id);
      return !!row && scope.member(row);
    }
    case 'Candidate': {
      const row = world.candidateById.get(id);
      return !!row && scope.candidate(row);
    }
    case 'User': {
      const row = world.userById.get(id);
      return !!row && scope.user(row);
    }
  }
}

function nameOf(world: World, kind: Kind, id: number): string {
  switch (kind) {
    case 'Organization':
      return world.orgById.get(id)?.name ?? '?';
    case 'School':
      return world.schoolById.get(id)?.name ?? '?';
    case 'Member':
      return world.memberById.get(id)?.fullName ?? '?';
    case 'Candidate':
      return world.candidateById.get(id)?.fullName ?? '?';
    case 'User':
      return world.userById.get(id)?.email ?? '?';
  }
}

/** "Candidate 812 «Lê Thị Hoa» (Huyện ủy Tam Đảo)": what a violation names. */
function describeRecord(world: World, kind: Kind | 'AuditLog' | 'ApiKey' | 'StageEvent', id: number): string {
  if (kind === 'AuditLog') {
    const row = world.auditById.get(id);
    return `AuditLog ${id} (${row?.action ?? '?'}, organization ${row?.organizationId ?? 'none'})`;
  }
  if (kind === 'ApiKey') return `ApiKey ${id} (organization ${world.apiKeyById.get(id)?.organizationId ?? '?'})`;
  if (kind === 'StageEvent') return `StageEvent ${id}`;
  const row = rowsOf(world, kind).find((r) => r.id === id);
  const tenant = row?.tenantId ? (world.tenantName.get(row.tenantId) ?? `tenant ${row.tenantId}`) : 'no tenant';
  return `${kind} ${id} «${nameOf(world, kind, id)}» (${tenant})`;
}

function few(items: readonly string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Evenly spread, deterministic sample. */
export function sample<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]);
}

const gid = (type: NodeTypeName, id: number): string => toGlobalId(type, id);
/** The year whose targets the matrix reads (the fixtures set some). */
const TARGET_YEAR = 2025;
const MISSING_ID = 987654321;

// ---------------------------------------------------------------------------------------------
// The matrix

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

interface Run {
  server: TestServer;
  user: MatrixUser;
  auth: string;
  world: World;
  scope: Scope;
  options: Required<Omit<MatrixOptions, 'checks' | 'counts'>>;
  count(key: string, n?: number): void;
  /** The other tenants of the matrix (every other tenant when the users are all of one); none for the administrator. */
  otherTenants: number[];
  /** A tenant root the user may work in: its own organization, or (administrator) the first tenant of the matrix. */
  home: Organization;
  report(message: string): void;
  /** Every error message the user received, for the name-leak check. */
  messages: string[];
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

// --- helpers over a run -----------------------------------------------------------------------

function collectErrors(run: Run, result: GqlResult, what: string, expectErrors = false): boolean {
  for (const error of result.errors ?? []) run.messages.push(error.message);
  if (!expectErrors && result.errors?.length) {
    run.report(`${what} failed: ${few(result.errors.map((e) => `${e.extensions?.code ?? '?'} ${e.message}`), 3)}`);
    return false;
  }
  return true;
}

/** Decodes a global id of the expected type, reporting anything else. */
function localId(run: Run, value: unknown, type: NodeTypeName, where: string): number | null {
  const decoded = typeof value === 'string' ? fromGlobalId(value) : null;
  if (!decoded || decoded.type !== type) {
    run.report(`${where}: ${JSON.stringify(value)} is not a ${type} id`);
    return null;
  }
  return decoded.id;
}

function refId(value: unknown): string | null {
  return value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : null;
}

function compareSets(run: Run, what: string, kind: Kind | 'AuditLog' | 'ApiKey' | 'StageEvent', got: readonly number[], expected: ReadonlySet<number>): void {
  const gotSet = new Set(got);
  run.count('set comparisons');
  run.count('records compared in sets', new Set([...gotSet, ...expected]).size);
  if (gotSet.size !== got.length) run.report(`${what}: the same record came twice`);
  const leaked = [...gotSet].filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !gotSet.has(id));
  if (leaked.length) run.report(`${what} shows ${leaked.length} record(s) outside the scope: ${few(leaked.map((id) => describeRecord(run.world, kind, id)))}`);
  if (missing.length) run.report(`${what} misses ${missing.length} record(s) in the scope: ${few(missing.map((id) => describeRecord(run.world, kind, id)))}`);
}

function expectRef(run: Run, what: string, got: unknown, type: NodeTypeName, expectedId: number | null): void {
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

function expectRefs(run: Run, what: string, got: unknown, type: NodeTypeName, expected: readonly number[]): void {
  const list = Array.isArray(got) ? got : [];
  const ids: number[] = [];
  for (const item of list) {
    const id = localId(run, refId(item), type, what);
    if (id !== null) ids.push(id);
  }
  compareSets(run, what, type as Kind, ids, new Set(expected));
}

// --- lists, totalCount, nested relations -----------------------------------------------------

interface ListSpec {
  key: string;
  field: string;
  args: string;
  selection: string;
}

interface ListPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Record<string, unknown> }[];
}

interface ListResult {
  totalCounts: number[];
  edges: { cursor: string; node: Record<string, unknown> }[];
  failed: boolean;
}

/** Fetches every page of several lists, the pending ones together in one request per round (first: 100). */
async function fetchLists(run: Run, specs: readonly ListSpec[]): Promise<Map<string, ListResult>> {
  const results = new Map<string, ListResult>(specs.map((s) => [s.key, { totalCounts: [], edges: [], failed: false }]));
  const after = new Map<string, string | null>(specs.map((s) => [s.key, null]));
  let pending = [...specs];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 200) {
      run.report(`lists ${pending.map((s) => s.key).join(', ')} did not end after 200 pages`);
      break;
    }
    const fields = pending.map((s) => {
      const cursor = after.get(s.key);
      const args = [s.args, 'first: 100', cursor ? `after: ${JSON.stringify(cursor)}` : ''].filter(Boolean).join(', ');
      return `${s.key}: ${s.field}(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${s.selection} } } }`;
    });
    const result = await gqlAs<Record<string, ListPage>>(run.server, run.auth, `{ ${fields.join('\n')} }`);
    run.count('list pages', pending.length);
    if (!collectErrors(run, result, `lists ${pending.map((s) => s.key).join(', ')} (page ${round + 1})`) || !result.data) {
      for (const s of pending) results.get(s.key)!.failed = true;
      break;
    }
    const next: ListSpec[] = [];
    for (const s of pending) {
      const page = result.data[s.key];
      const into = results.get(s.key)!;
      into.totalCounts.push(page.totalCount);
      into.edges.push(...page.edges);
      if (page.pageInfo.hasNextPage) {
        after.set(s.key, page.pageInfo.endCursor);
        next.push(s);
      }
    }
    pending = next;
  }
  return results;
}

/** The audit log has no id field: the row id is read from the (keyset) cursor, [sortValue, id]. */
function auditIdFromCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parsed) && typeof parsed[1] === 'number' ? parsed[1] : null;
  } catch {
    return null;
  }
}

async function checkLists(run: Run, nested: boolean): Promise<void> {
  const { world, scope, home } = run;
  const n = (selection: string) => (nested ? selection : '');
  const specs: ListSpec[] = [
    { key: 'organizations', field: 'organizations', args: '', selection: `id ${n('parent { id } ancestors { id } children { id } cells { id } school { id } tenant { id } moves { fromParent { id } toParent { id } }')}` },
    { key: 'schools', field: 'schools', args: '', selection: `id ${n('organization { id }')}` },
    { key: 'members', field: 'members', args: '', selection: `id ${n('cell { id }')}` },
    { key: 'candidates', field: 'candidates', args: '', selection: `id ${n('cell { id } mentor { id } school { id } history { id cell { id } recordedBy { id } } nextStep { organization { id } } mentorUser: mentor { cell { id } }')}` },
    { key: 'users', field: 'users', args: '', selection: `id ${n('organization { id } member { id } permissions { actions }')}` },
    { key: 'auditLog', field: 'auditLog', args: '', selection: `subjectType ${n('user { id } organization { id }')}` },
    { key: 'deadlines', field: 'deadlines', args: `organizationId: ${JSON.stringify(gid('Organization', home.id))}, withinDays: 366`, selection: 'id' },
  ];
  const lists = await fetchLists(run, specs);

  const horizon = addDays(todayInVietnam(), 366);
  const expected: Record<string, { kind: Kind | 'AuditLog'; ids: Set<number> }> = {
    organizations: { kind: 'Organization', ids: new Set(world.orgs.filter(scope.org).map((o) => o.id)) },
    schools: { kind: 'School', ids: new Set(world.schools.filter(scope.school).map((s) => s.id)) },
    members: { kind: 'Member', ids: new Set(world.members.filter(scope.member).map((m) => m.id)) },
    candidates: { kind: 'Candidate', ids: new Set(world.candidates.filter(scope.candidate).map((c) => c.id)) },
    users: { kind: 'User', ids: new Set(world.users.filter(scope.user).map((u) => u.id)) },
    auditLog: { kind: 'AuditLog', ids: new Set(world.audit.filter(scope.audit).map((a) => a.id)) },
    deadlines: {
      kind: 'Candidate',
      ids: new Set(
        scope.org(home)
          ? world.candidates
              .filter((c) => scope.candidate(c) && c.deadlineOn !== null && c.deadlineOn <= horizon && (world.orgById.get(c.organizationId)?.path ?? '').startsWith(home.path))
              .map((c) => c.id)
          : [],
      ),
    },
  };

  const seen = new Map<string, { id: number; node: Record<string, unknown> }[]>();
  for (const spec of specs) {
    const list = lists.get(spec.key)!;
    if (list.failed) continue;
    const { kind, ids } = expected[spec.key];
    const wrongCounts = [...new Set(list.totalCounts)].filter((count) => count !== ids.size);
    if (wrongCounts.length) run.report(`${spec.key}.totalCount is ${wrongCounts.join('/')} on some page, expected ${ids.size}`);
    const rows: { id: number; node: Record<string, unknown> }[] = [];
    for (const edge of list.edges) {
      const id = kind === 'AuditLog' ? auditIdFromCursor(edge.cursor) : localId(run, edge.node.id, TYPE_OF[kind], spec.key);
      if (id === null) {
        if (kind === 'AuditLog') run.report(`auditLog: cannot tell which row a cursor is (${edge.cursor})`);
        continue;
      }
      rows.push({ id, node: edge.node });
    }
    compareSets(run, spec.key, kind, rows.map((r) => r.id), ids);
    seen.set(spec.key, rows.filter((r) => ids.has(r.id)));
  }

  if (nested) {
    const readableOrg = (id: number | null): number | null => (id !== null && world.orgById.has(id) && scope.org(world.orgById.get(id)!) ? id : null);
    const readableMember = (id: number | null): number | null => (id !== null && world.memberById.has(id) && scope.member(world.memberById.get(id)!) ? id : null);
    const readableUser = (id: number | null): number | null => (id !== null && world.userById.has(id) && scope.user(world.userById.get(id)!) ? id : null);
    const schoolOf = (organizationId: number): number | null => world.schools.find((s) => s.organizationId === organizationId && scope.school(s))?.id ?? null;
    const readableOrgs = world.orgs.filter(scope.org);

    for (const { id, node } of seen.get('organizations') ?? []) {
      const o = world.orgById.get(id)!;
      const what = (field: string) => `${describeRecord(world, 'Organization', id)}.${field}`;
      expectRef(run, what('parent'), node.parent, 'Organization', readableOrg(o.parentId));
      expectRef(run, what('tenant'), node.tenant, 'Organization', readableOrg(o.tenantId));
      expectRefs(run, what('ancestors'), node.ancestors, 'Organization', o.ancestorIds.filter((a) => readableOrg(a) !== null));
      expectRefs(run, what('children'), node.children, 'Organization', readableOrgs.filter((c) => c.parentId === o.id).map((c) => c.id));
      expectRefs(run, what('cells'), node.cells, 'Organization', readableOrgs.filter((c) => c.kind === OrganizationKind.SCHOOL_CELL && c.path.startsWith(o.path)).map((c) => c.id));
      const hasSchool = o.kind === OrganizationKind.SCHOOL_CELL || o.kind === OrganizationKind.SCHOOL_COMMITTEE;
      expectRef(run, what('school'), node.school, 'School', hasSchool ? schoolOf(o.id) : null);
      const moves = world.moves.filter((m) => m.organizationId === o.id);
      const gotMoves = Array.isArray(node.moves) ? (node.moves as Record<string, unknown>[]) : [];
      if (gotMoves.length !== moves.length) run.report(`${what('moves')} has ${gotMoves.length} moves, expected ${moves.length}`);
      moves.forEach((m, i) => {
        expectRef(run, `${what('moves')}[${i}].fromParent`, gotMoves[i]?.fromParent, 'Organization', readableOrg(m.fromParentId));
        expectRef(run, `${what('moves')}[${i}].toParent`, gotMoves[i]?.toParent, 'Organization', readableOrg(m.toParentId));
      });
    }
    for (const { id, node } of seen.get('schools') ?? []) {
      expectRef(run, `${describeRecord(world, 'School', id)}.organization`, node.organization, 'Organization', readableOrg(world.schoolById.get(id)!.organizationId));
    }
    for (const { id, node } of seen.get('members') ?? []) {
      expectRef(run, `${describeRecord(world, 'Member', id)}.cell`, node.cell, 'Organization', readableOrg(world.memberById.get(id)!.organizationId));
    }
    for (const { id, node } of seen.get('candidates') ?? []) {
      const c = world.candidateById.get(id)!;
      const what = (field: string) => `${describeRecord(world, 'Candidate', id)}.${field}`;
      expectRef(run, what('cell'), node.cell, 'Organization', readableOrg(c.organizationId));
      expectRef(run, what('mentor'), node.mentor, 'Member', readableMember(c.mentorId));
      expectRef(run, what('school'), node.school, 'School', schoolOf(c.organizationId));
      expectRef(run, `${what('mentor')}.cell`, (node.mentorUser as { cell?: unknown } | null)?.cell ?? null, 'Organization', readableMember(c.mentorId) === null ? null : readableOrg(world.memberById.get(c.mentorId!)!.organizationId));
      // The organization that records the next step is computed by the path rules: whichever it is, it is null or one the user may read.
      const nextOrg = refId((node.nextStep as { organization?: unknown } | null)?.organization);
      if (nextOrg !== null) {
        const nextId = localId(run, nextOrg, 'Organization', what('nextStep.organization'));
        if (nextId !== null && readableOrg(nextId) === null) run.report(`${what('nextStep.organization')} is ${describeRecord(world, 'Organization', nextId)}, outside the scope`);
      }
      const events = world.eventsByCandidate.get(c.id) ?? [];
      const history = Array.isArray(node.history) ? (node.history as Record<string, unknown>[]) : [];
      expectRefs(run, what('history'), history, 'StageEvent', events.map((e) => e.id));
      for (const item of history) {
        const eventId = localId(run, item.id, 'StageEvent', what('history'));
        const event = events.find((e) => e.id === eventId);
        if (!event) continue;
        expectRef(run, `${what('history')}[${event.id}].cell`, item.cell, 'Organization', readableOrg(event.organizationId));
        expectRef(run, `${what('history')}[${event.id}].recordedBy`, item.recordedBy, 'User', readableUser(event.recordedByUserId));
      }
    }
    for (const { id, node } of seen.get('users') ?? []) {
      const u = world.userById.get(id)!;
      expectRef(run, `${describeRecord(world, 'User', id)}.organization`, node.organization, 'Organization', readableOrg(u.organizationId));
      expectRef(run, `${describeRecord(world, 'User', id)}.member`, node.member, 'Member', readableMember(u.memberId));
      const permissions = Array.isArray(node.permissions) ? node.permissions.length : -1;
      if (u.id === run.user.userId ? permissions <= 0 : permissions !== 0) run.report(`${describeRecord(world, 'User', id)}.permissions has ${permissions} rules`);
    }
    for (const { id, node } of seen.get('auditLog') ?? []) {
      const a = world.auditById.get(id)!;
      expectRef(run, `${describeRecord(world, 'AuditLog', id)}.user`, node.user, 'User', readableUser(a.userId));
      expectRef(run, `${describeRecord(world, 'AuditLog', id)}.organization`, node.organization, 'Organization', readableOrg(a.organizationId));
    }
  }

  // API keys: a plain list.
  const keys = await gqlAs<{ apiKeys: { id: string; organization: { id: string } | null }[] }>(run.server, run.auth, `{ apiKeys { id ${n('organization { id }')} } }`);
  if (collectErrors(run, keys, 'apiKeys') && keys.data) {
    const expectedKeys = new Set(world.apiKeys.filter(scope.apiKey).map((k) => k.id));
    const got: number[] = [];
    for (const key of keys.data.apiKeys) {
      const id = localId(run, key.id, 'ApiKey', 'apiKeys');
      if (id === null) continue;
      got.push(id);
      const row = world.apiKeyById.get(id);
      if (nested && row && expectedKeys.has(id)) {
        const organization = world.orgById.get(row.organizationId);
        expectRef(run, `${describeRecord(world, 'ApiKey', id)}.organization`, key.organization, 'Organization', organization && scope.org(organization) ? organization.id : null);
      }
    }
    compareSets(run, 'apiKeys', 'ApiKey', got, expectedKeys);
  }
}

// --- node(id) ----------------------------------------------------------------------------------

interface Probe {
  kind: Kind;
  id: number;
}

/**
 * Records to probe by id: a sample in scope, every record of the other tenant(s) of the matrix, a
 * sample out of scope in the user's own tenant, and of the tenants outside the matrix (and users
 * of no tenant) `elsewhereSample` of each kind.
 */
function probeTargets(run: Run, kinds: readonly Kind[], elsewhereSample: number): Probe[] {
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

async function checkNode(run: Run): Promise<void> {
  const targets = probeTargets(run, KINDS, Infinity);
  // Ids of kinds node(id) does not serve (API keys, steps) are null for everyone, the other tenants' first of all.
  const foreignKeys = run.world.apiKeys.filter((k) => k.tenantId !== run.user.tenantId);
  const foreignEvents = sample(run.world.events.filter((e) => e.tenantId !== run.user.tenantId), 20);
  const unserved = [...foreignKeys.map((k) => gid('ApiKey', k.id)), ...foreignEvents.map((e) => gid('StageEvent', e.id))];
  if (unserved.length) {
    const result = await gqlAs<Record<string, unknown>>(run.server, run.auth, `{ ${unserved.map((id, i) => `u${i}: node(id: ${JSON.stringify(id)}) { __typename id }`).join('\n')} }`);
    run.count('node(id) probes', unserved.length);
    if (collectErrors(run, result, 'node(id) of API keys and steps') && result.data) {
      unserved.forEach((id, i) => {
        if (result.data![`u${i}`] !== null) run.report(`node(${fromGlobalId(id)?.type} ${fromGlobalId(id)?.id}) of another tenant returned ${JSON.stringify(result.data![`u${i}`])}`);
      });
    }
  }
  const missing = KINDS.map((kind) => ({ kind, id: MISSING_ID }));
  const all = [...targets, ...missing];
  const chunk = 400;
  for (let start = 0; start < all.length; start += chunk) {
    const part = all.slice(start, start + chunk);
    const query = `{ ${part.map((t, i) => `n${i}: node(id: ${JSON.stringify(gid(TYPE_OF[t.kind], t.id))}) { __typename id }`).join('\n')} }`;
    const result = await gqlAs<Record<string, { __typename: string; id: string } | null>>(run.server, run.auth, query);
    if (!collectErrors(run, result, `node(id) × ${part.length}`) || !result.data) continue;
    run.count('node(id) probes', part.length);
    part.forEach((t, i) => {
      const got = result.data![`n${i}`];
      const shouldSee = t.id !== MISSING_ID && visible(run.scope, run.world, t.kind, t.id);
      const label = t.id === MISSING_ID ? `${t.kind} ${t.id} (does not exist)` : describeRecord(run.world, t.kind, t.id);
      if (shouldSee && (got?.__typename !== t.kind || got.id !== gid(TYPE_OF[t.kind], t.id))) run.report(`node(${label}) returned ${JSON.stringify(got)}, expected the record`);
      if (!shouldSee && got !== null) run.report(`node(${label}) returned ${JSON.stringify(got)} outside the scope, expected null`);
    });
  }
}

// --- candidate(id), organization(id) ----------------------------------------------------------

/** The error a non-existent id gets, to compare out-of-scope answers with. */
async function missingAnswer(run: Run, query: string): Promise<{ code: string | undefined; message: string | undefined }> {
  const [result] = await gqlBatch(run.server, run.auth, [query]);
  collectErrors(run, result, 'probe of a non-existent id', true);
  return { code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message };
}

async function checkOutOfScope(run: Run, what: string, queries: { label: string; query: string }[], reference: { code: string | undefined; message: string | undefined }): Promise<void> {
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

async function checkById(run: Run): Promise<void> {
  const { world, scope } = run;
  for (const [field, kind] of [
    ['candidate', 'Candidate'],
    ['organization', 'Organization'],
  ] as const) {
    const targets = probeTargets(run, [kind], 10);
    const inScope = targets.filter((t) => visible(scope, world, kind, t.id));
    const outOfScope = targets.filter((t) => !visible(scope, world, kind, t.id));
    if (inScope.length) {
      const query = `{ ${inScope.map((t, i) => `r${i}: ${field}(id: ${JSON.stringify(gid(kind, t.id))}) { id }`).join('\n')} }`;
      const result = await gqlAs<Record<string, { id: string }>>(run.server, run.auth, query);
      run.count(`${field}(id) in scope`, inScope.length);
      if (collectErrors(run, result, `${field}(id) of ${inScope.length} records in the scope`) && result.data) {
        inScope.forEach((t, i) => {
          if (result.data![`r${i}`]?.id !== gid(kind, t.id)) run.report(`${field}(${describeRecord(world, kind, t.id)}) in the scope returned ${JSON.stringify(result.data![`r${i}`])}`);
        });
      }
    }
    const reference = await missingAnswer(run, `{ r: ${field}(id: ${JSON.stringify(gid(kind, MISSING_ID))}) { id } }`);
    await checkOutOfScope(
      run,
      `${field}(id)`,
      outOfScope.map((t) => ({ label: describeRecord(world, kind, t.id), query: `{ r: ${field}(id: ${JSON.stringify(gid(kind, t.id))}) { id name: ${kind === 'Candidate' ? 'fullName' : 'name'} } }` })),
      reference,
    );
  }
}

// --- search and `under` ----------------------------------------------------------------------

async function checkSearch(run: Run): Promise<void> {
  const { world, scope, user } = run;
  // Names from another tenant of the matrix (the administrator searches Tam Đảo's, or whichever is second).
  const source = user.tenantId === null ? [...world.tenantName.keys()].slice(-1) : run.otherTenants;
  const from = <T extends { tenantId: number }>(rows: T[]) => rows.filter((r) => source.includes(r.tenantId));
  const terms: { field: string; kind: Kind; term: string; rows: { id: number; searchName: string }[]; ok: (id: number) => boolean }[] = [
    ...sample(from(world.candidates), 4).map((c) => ({ field: 'candidates', kind: 'Candidate' as const, term: c.fullName, rows: world.candidates, ok: (id: number) => visible(scope, world, 'Candidate', id) })),
    ...sample(from(world.members), 4).map((m) => ({ field: 'members', kind: 'Member' as const, term: m.fullName, rows: world.members, ok: (id: number) => visible(scope, world, 'Member', id) })),
    ...sample(from(world.schools), 3).map((s) => ({ field: 'schools', kind: 'School' as const, term: s.name, rows: world.schools, ok: (id: number) => visible(scope, world, 'School', id) })),
    ...sample(from(world.orgs), 3).map((o) => ({ field: 'organizations', kind: 'Organization' as const, term: o.name, rows: world.orgs, ok: (id: number) => visible(scope, world, 'Organization', id) })),
  ];
  // The tenant's own place name ("Tam Đảo") alone, too.
  for (const tenant of source) {
    const place = (world.tenantName.get(tenant) ?? '').split(' ').slice(-2).join(' ');
    for (const [field, kind, rows] of [
      ['candidates', 'Candidate', world.candidates],
      ['members', 'Member', world.members],
      ['schools', 'School', world.schools],
      ['organizations', 'Organization', world.orgs],
    ] as const) {
      terms.push({ field, kind, term: place, rows, ok: (id: number) => visible(scope, world, kind, id) });
    }
  }
  if (terms.length === 0) run.report('search: no names of another tenant to search for');
  const query = `{ ${terms.map((t, i) => `s${i}: ${t.field}(filter: { search: ${JSON.stringify(t.term)} }, first: 100) { totalCount nodes { id } }`).join('\n')} }`;
  const result = await gqlAs<Record<string, { totalCount: number; nodes: { id: string }[] }>>(run.server, run.auth, query);
  if (collectErrors(run, result, 'search') && result.data) {
    terms.forEach((t, i) => {
      const key = searchKey(t.term);
      const expected = new Set(t.rows.filter((r) => r.searchName.includes(key) && t.ok(r.id)).map((r) => r.id));
      const page = result.data![`s${i}`];
      const got = page.nodes.map((node) => localId(run, node.id, TYPE_OF[t.kind], `search ${t.field}`)).filter((id): id is number => id !== null);
      compareSets(run, `${t.field}(filter: { search: «${t.term}» })`, t.kind, got, expected);
      if (page.totalCount !== expected.size) run.report(`${t.field}(filter: { search: «${t.term}» }).totalCount is ${page.totalCount}, expected ${expected.size}`);
    });
  }

  // `under` an organization outside the scope is NOT_FOUND (like a non-existent one), never an empty or full list.
  const outside = user.tenantId === null ? [] : world.orgs.filter((o) => !scope.org(o) && (run.otherTenants.includes(o.tenantId) || o.tenantId === user.tenantId));
  const probes = sample(outside, 4);
  for (const field of ['candidates', 'members', 'schools', 'users', 'organizations']) {
    const reference = await missingAnswer(run, `{ r: ${field}(filter: { under: ${JSON.stringify(gid('Organization', MISSING_ID))} }) { totalCount } }`);
    await checkOutOfScope(
      run,
      `${field}(filter: { under })`,
      probes.map((o) => ({ label: describeRecord(world, 'Organization', o.id), query: `{ r: ${field}(filter: { under: ${JSON.stringify(gid('Organization', o.id))} }) { totalCount nodes { id } } }` })),
      reference,
    );
  }
  if (probes.length) {
    const auditReference = await missingAnswer(run, `{ r: auditLog(under: ${JSON.stringify(gid('Organization', MISSING_ID))}) { totalCount } }`);
    await checkOutOfScope(
      run,
      'auditLog(under)',
      probes.map((o) => ({ label: describeRecord(world, 'Organization', o.id), query: `{ r: auditLog(under: ${JSON.stringify(gid('Organization', o.id))}) { totalCount } }` })),
      auditReference,
    );
    const reference = await missingAnswer(run, `{ r: deadlines(organizationId: ${JSON.stringify(gid('Organization', MISSING_ID))}) { totalCount } }`);
    await checkOutOfScope(
      run,
      'deadlines(organizationId)',
      probes.map((o) => ({ label: describeRecord(world, 'Organization', o.id), query: `{ r: deadlines(organizationId: ${JSON.stringify(gid('Organization', o.id))}, withinDays: 366) { totalCount nodes { id } } }` })),
      reference,
    );
  }
}

// --- restricted fields ------------------------------------------------------------------------

const SENSITIVE_FACTS = new Set(['backgroundCheck']);

/** What someone without readSensitive gets of a step's facts: the background check's content blanked. */
function redactFacts(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFacts);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SENSITIVE_FACTS.has(key) ? null : redactFacts(inner)]));
}

/**
 * nationalId, phone, email, address, notes and the background check: the cell's secretary,
 * committees above and administrators see them; mentors and reporters get null. Candidates
 * all, members a sample (every read is audited, one row per record).
 */
async function checkSensitive(run: Run): Promise<void> {
  const { world, scope, user } = run;
  const mayRead = user.role === Role.SYSTEM_ADMIN || user.role === Role.COMMITTEE || user.role === Role.CELL_SECRETARY;
  const candidates = world.candidates.filter(scope.candidate);
  const members = sample(world.members.filter(scope.member), 20);
  const sensitiveRows = () => run.server.dataSource.getRepository(AuditLog).count({ where: { userId: user.userId ?? IsNull(), action: 'sensitive.read' } });
  const before = await sensitiveRows();
  const probes = [
    ...candidates.map((c) => ({ kind: 'Candidate' as const, id: c.id, selection: '... on Candidate { nationalId phone email address notes history { id facts } }' })),
    ...members.map((m) => ({ kind: 'Member' as const, id: m.id, selection: '... on Member { nationalId }' })),
  ];
  if (probes.length === 0) return;
  const query = `{ ${probes.map((p, i) => `r${i}: node(id: ${JSON.stringify(gid(p.kind, p.id))}) { id ${p.selection} }`).join('\n')} }`;
  const result = await gqlAs<Record<string, Record<string, unknown> | null>>(run.server, run.auth, query);
  if (!collectErrors(run, result, 'restricted fields') || !result.data) return;
  let readRecords = 0;
  probes.forEach((p, i) => {
    const node = result.data![`r${i}`];
    const label = describeRecord(world, p.kind, p.id);
    if (!node) {
      run.report(`${label}: node(id) returned null for restricted fields`);
      return;
    }
    const row = (p.kind === 'Candidate' ? world.candidateById.get(p.id) : world.memberById.get(p.id)) as unknown as Record<string, unknown>;
    const fields = p.kind === 'Candidate' ? ['nationalId', 'phone', 'email', 'address', 'notes'] : ['nationalId'];
    let read = false;
    for (const field of fields) {
      const expected = mayRead ? (row[field] ?? null) : null;
      run.count('restricted values compared');
      if (node[field] !== expected) run.report(`${label}.${field} is ${JSON.stringify(node[field])}, expected ${mayRead ? 'the value' : 'null'}`);
      if (mayRead && expected !== null) read = true;
    }
    if (p.kind === 'Candidate') {
      const history = (node.history ?? []) as { id: string; facts: unknown }[];
      for (const item of history) {
        const eventId = fromGlobalId(item.id)?.id;
        const event = world.events.find((e) => e.id === eventId);
        if (!event) continue;
        const raw = event.facts === null ? null : (JSON.parse(event.facts) as unknown);
        const expected = raw === null ? null : mayRead ? raw : redactFacts(raw);
        run.count('step facts compared');
        if (JSON.stringify(item.facts) !== JSON.stringify(expected)) run.report(`${label} step ${event.id} facts are ${JSON.stringify(item.facts).slice(0, 120)}, expected ${mayRead ? 'all of them' : 'the background check blanked'}`);
        if (mayRead && event.facts?.includes('"backgroundCheck"')) read = true;
      }
    }
    if (read) readRecords += 1;
  });
  const after = await sensitiveRows();
  if (after - before !== readRecords) run.report(`reading restricted fields of ${readRecords} records wrote ${after - before} sensitive.read audit rows`);
}

// --- statistics and the export -----------------------------------------------------------------

async function checkStatistics(run: Run): Promise<void> {
  const { world, scope, home, user } = run;
  // Sibling headlines: a committee compares itself with the organizations of the same kind beside it, nobody else with anything.
  const siblings = await gqlAs<{ siblingComparison: { organizationName: string }[] }>(run.server, run.auth, `{ siblingComparison { organizationName } }`);
  if (collectErrors(run, siblings, 'siblingComparison') && siblings.data) {
    const own = user.organizationId === null ? null : world.orgById.get(user.organizationId)!;
    const expected =
      user.role === Role.COMMITTEE && own && own.parentId !== null ? world.orgs.filter((o) => o.parentId === own.parentId && o.kind === own.kind && o.id !== own.id).map((o) => o.name).sort() : [];
    const got = siblings.data.siblingComparison.map((s) => s.organizationName).sort();
    run.count('sibling headlines compared', Math.max(got.length, expected.length));
    if (JSON.stringify(got) !== JSON.stringify(expected)) run.report(`siblingComparison names ${few(got)}, expected ${few(expected)}`);
  }
  const targets = probeTargets(run, ['Organization'], 10).map((t) => world.orgById.get(t.id)!);
  if (!targets.includes(home)) targets.unshift(home);
  const reference = await missingAnswer(run, `{ r: statistics(organizationId: ${JSON.stringify(gid('Organization', MISSING_ID))}) { cells { total } } }`);
  if (reference.code !== 'NOT_FOUND') run.report(`statistics of a non-existent organization answered ${reference.code}, expected NOT_FOUND`);
  const results = await gqlBatch(
    run.server,
    run.auth,
    targets.map((o) => `{ r: statistics(organizationId: ${JSON.stringify(gid('Organization', o.id))}) { organization { id } byChild { organization { id } } targetsBehind { organization { id } } } }`),
  );
  const targetLists = await gqlBatch(
    run.server,
    run.auth,
    targets.map((o) => `{ r: targets(organizationId: ${JSON.stringify(gid('Organization', o.id))}, year: ${TARGET_YEAR}) { metric organization { id } } }`),
  );
  run.count('statistics probes', targets.length);
  results.forEach((result, i) => {
    const o = targets[i];
    const label = `statistics(${describeRecord(world, 'Organization', o.id)})`;
    collectErrors(run, result, label, true);
    const error = result.errors?.[0];
    const data = (result.data?.r ?? null) as { organization: { id: string } | null; byChild: { organization: { id: string } | null }[]; targetsBehind: { organization: { id: string } | null }[] } | null;
    const targetList = targetLists[i];
    collectErrors(run, targetList, `targets(${describeRecord(world, 'Organization', o.id)})`, true);
    const targetData = (targetList.data?.r ?? null) as { metric: string; organization: { id: string } | null }[] | null;
    const targetError = targetList.errors?.[0];
    const targetLabel = `targets(${describeRecord(world, 'Organization', o.id)}, ${TARGET_YEAR})`;
    if (!scope.org(o)) {
      if (targetData || targetError?.extensions?.code !== 'NOT_FOUND') run.report(`${targetLabel} outside the scope answered ${targetError?.extensions?.code ?? JSON.stringify(targetData).slice(0, 100)}, expected NOT_FOUND`);
    } else if (!scope.stats(o)) {
      if (targetData || targetError?.extensions?.code !== 'FORBIDDEN') run.report(`${targetLabel} (readable, no statistics right) answered ${targetError?.extensions?.code ?? 'data'}, expected FORBIDDEN`);
    } else if (!targetData) {
      run.report(`${targetLabel} in the scope failed: ${targetError?.extensions?.code} ${targetError?.message}`);
    } else {
      const expectedTargets = world.targets
        .filter((t) => t.year === TARGET_YEAR && (world.orgById.get(t.organizationId)?.path ?? '').startsWith(o.path))
        .map((t) => `${gid('Organization', t.organizationId)}|${t.metric}`)
        .sort();
      const gotTargets = targetData.map((t) => `${t.organization?.id ?? null}|${t.metric}`).sort();
      run.count('targets compared', expectedTargets.length);
      if (JSON.stringify(gotTargets) !== JSON.stringify(expectedTargets)) run.report(`${targetLabel} is ${few(gotTargets)}, expected ${few(expectedTargets)}`);
    }
    if (!scope.org(o)) {
      if (data || error?.extensions?.code !== 'NOT_FOUND') run.report(`${label} outside the scope answered ${error?.extensions?.code ?? 'data'}, expected NOT_FOUND`);
      else if (error.message !== reference.message) run.report(`${label} outside the scope says «${error.message}», a non-existent id says «${reference.message}»`);
    } else if (!scope.stats(o)) {
      if (data || error?.extensions?.code !== 'FORBIDDEN') run.report(`${label} (readable, no statistics right) answered ${error?.extensions?.code ?? 'data'}, expected FORBIDDEN`);
    } else if (!data) {
      run.report(`${label} in the scope failed: ${error?.extensions?.code} ${error?.message}`);
    } else {
      expectRef(run, `${label}.organization`, data.organization, 'Organization', o.id);
      expectRefs(run, `${label}.byChild`, data.byChild.map((c) => c.organization), 'Organization', world.orgs.filter((c) => c.parentId === o.id && scope.stats(c)).map((c) => c.id));
      for (const behind of data.targetsBehind) {
        const behindId = localId(run, refId(behind.organization), 'Organization', `${label}.targetsBehind`);
        const row = behindId === null ? undefined : world.orgById.get(behindId);
        if (row && !(scope.org(row) && row.path.startsWith(o.path))) run.report(`${label}.targetsBehind names ${describeRecord(world, 'Organization', row.id)}, outside the subtree or the scope`);
      }
    }
  });
}

/** First column of each CSV line (names may be quoted). */
function csvFirstColumn(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n/)
    .filter(Boolean)
    .slice(1)
    .map((line) => (line.startsWith('"') ? (/^"((?:[^"]|"")*)"/.exec(line)?.[1] ?? '').replace(/""/g, '"') : line.split(',')[0]));
}

async function checkExport(run: Run): Promise<void> {
  const { world, scope, home, user } = run;
  const own = await getExport(run.server, run.auth, 'csv', gid('Organization', home.id));
  if (!scope.stats(home)) {
    if (own.status !== 403) run.report(`export of its own organization (no statistics right) answered ${own.status}, expected 403`);
    if (own.status >= 400) run.messages.push(own.text);
  } else if (own.status !== 200 || !/text\/csv/.test(own.contentType)) {
    run.report(`export of ${describeRecord(world, 'Organization', home.id)} answered ${own.status} ${own.text.slice(0, 120)}`);
  } else {
    const names = csvFirstColumn(own.text);
    const expected = [home, ...world.orgs.filter((c) => c.parentId === home.id && scope.stats(c))].map((o) => o.name);
    const leaked = names.filter((name) => !expected.includes(name));
    const missing = expected.filter((name) => !names.includes(name));
    if (leaked.length) run.report(`export of ${home.name} lists organizations outside the scope: ${few(leaked)}`);
    if (missing.length) run.report(`export of ${home.name} misses organizations in the scope: ${few(missing)}`);
  }
  if (user.tenantId === null) return;
  const reference = await getExport(run.server, run.auth, 'csv', gid('Organization', MISSING_ID));
  if (reference.status !== 404) run.report(`export of a non-existent organization answered ${reference.status}, expected 404`);
  const outside = [
    ...run.otherTenants.flatMap((t) => sample(world.orgs.filter((o) => o.tenantId === t), 6)),
    ...sample(world.orgs.filter((o) => o.tenantId === user.tenantId && !scope.org(o)), 3),
  ];
  for (const [index, o] of outside.entries()) {
    const format = index % 3 === 2 ? 'xlsx' : 'csv';
    const answer = await getExport(run.server, run.auth, format, gid('Organization', o.id));
    run.count('exports out of scope');
    run.messages.push(answer.text);
    if (answer.status !== 404) run.report(`export (${format}) of ${describeRecord(world, 'Organization', o.id)} outside the scope answered ${answer.status}, expected 404`);
    else if (answer.text !== reference.text) run.report(`export of ${describeRecord(world, 'Organization', o.id)} outside the scope says ${answer.text}, a non-existent id says ${reference.text}`);
  }
}

// --- mutations by id -------------------------------------------------------------------------

async function checkMutations(run: Run): Promise<void> {
  const { world, scope, user } = run;
  if (user.tenantId === null) return;
  const pick = <T extends { id: number; tenantId: number }>(rows: T[], ok: (row: T) => boolean): T[] => [
    ...run.otherTenants.flatMap((t) => sample(rows.filter((r) => r.tenantId === t), 5)),
    ...sample(rows.filter((r) => r.tenantId === user.tenantId && !ok(r)), 3),
  ];
  const candidates = pick(world.candidates, scope.candidate);
  const members = pick(world.members, scope.member);
  const orgs = pick(world.orgs, scope.org);
  const ds = run.server.dataSource;
  const before = {
    candidates: await ds.getRepository(Candidate).findBy({ id: inList(candidates) }),
    members: await ds.getRepository(Member).findBy({ id: inList(members) }),
    orgs: await ds.getRepository(Organization).findBy({ id: inList(orgs) }),
  };
  const name = JSON.stringify(`Bị sửa bởi ${user.email}`);
  const specs = [
    {
      what: 'updateCandidate',
      rows: before.candidates,
      kind: 'Candidate' as const,
      mutation: (id: number, version: number) => `mutation { r: updateCandidate(id: ${JSON.stringify(gid('Candidate', id))}, input: { version: ${version}, fullName: ${name} }) { id fullName } }`,
    },
    {
      what: 'updateMember',
      rows: before.members,
      kind: 'Member' as const,
      mutation: (id: number, version: number) => `mutation { r: updateMember(id: ${JSON.stringify(gid('Member', id))}, input: { version: ${version}, fullName: ${name} }) { id fullName } }`,
    },
    {
      what: 'updateOrganization',
      rows: before.orgs,
      kind: 'Organization' as const,
      mutation: (id: number, version: number) => `mutation { r: updateOrganization(id: ${JSON.stringify(gid('Organization', id))}, input: { version: ${version}, name: ${name} }) { id name } }`,
    },
  ];
  for (const spec of specs) {
    const reference = await missingAnswer(run, spec.mutation(MISSING_ID, 1));
    await checkOutOfScope(
      run,
      spec.what,
      spec.rows.map((row) => ({ label: describeRecord(world, spec.kind, row.id), query: spec.mutation(row.id, row.version) })),
      reference,
    );
  }
  const after = {
    candidates: await ds.getRepository(Candidate).findBy({ id: inList(candidates) }),
    members: await ds.getRepository(Member).findBy({ id: inList(members) }),
    orgs: await ds.getRepository(Organization).findBy({ id: inList(orgs) }),
  };
  const fingerprint = (row: { id: number; version: number; updatedAt: Date; fullName?: string; name?: string }) => `${row.id}|${row.version}|${row.updatedAt.getTime()}|${row.fullName ?? row.name}`;
  for (const key of ['candidates', 'members', 'orgs'] as const) {
    const was = new Map((before[key] as { id: number; version: number; updatedAt: Date }[]).map((row) => [row.id, fingerprint(row)]));
    for (const row of after[key] as { id: number; version: number; updatedAt: Date }[]) {
      if (was.get(row.id) !== fingerprint(row)) run.report(`a refused mutation changed ${key} row ${row.id}: ${was.get(row.id)} → ${fingerprint(row)}`);
    }
  }
}

// --- the steps of the path: mutations, can() and the client's rules agree ---------------------

/**
 * Who may take each step of a candidate, in plain code from the tree (the Charter's split of the
 * work, as README "Who sees what" states it): the cell's secretary the cell's steps; a committee
 * above the cell the class, closing, corrections and edits; the committee directly above the cell
 * resolves as the grassroots committee; the nearest organization above the cell that holds the
 * authority to decide admissions decides; the administrator everything; nobody else anything.
 */
function expectedSteps(user: MatrixUser, world: World, scope: Scope, c: Candidate): Set<ProbeAction> {
  const allowed = new Set<ProbeAction>();
  if (user.role === Role.SYSTEM_ADMIN) return new Set(PROBE_ACTIONS);
  if (!scope.candidate(c)) return allowed;
  allowed.add('read');
  const cell = world.orgById.get(c.organizationId)!;
  if (user.role === Role.CELL_SECRETARY) for (const action of ['update', 'recordCellStep', 'recordAwarenessClass', 'closeAsDropped'] as const) allowed.add(action);
  if (user.role === Role.COMMITTEE) {
    for (const action of ['update', 'recordAwarenessClass', 'correctStep', 'closeAsDropped'] as const) allowed.add(action);
    if (cell.parentId === user.organizationId) allowed.add('resolveAsCommittee');
    let above = cell.parentId === null ? undefined : world.orgById.get(cell.parentId);
    while (above && !above.mayDecideAdmission) above = above.parentId === null ? undefined : world.orgById.get(above.parentId);
    if (above && above.id === user.organizationId) allowed.add('decide');
  }
  return allowed;
}

/** `$startsWith` for a client's CASL, as a frontend loading `me.permissions` would define it. */
const startsWithInstruction: FieldInstruction<string> = { type: 'field' };
const startsWithInterpreter: JsInterpreter<FieldCondition<string>> = (condition, object, { get }) => {
  const value = get(object, condition.field);
  return typeof value === 'string' && value.startsWith(condition.value);
};
const clientMatcher = buildMongoQueryMatcher({ $startsWith: startsWithInstruction }, { startsWith: startsWithInterpreter }) as unknown as ConditionsMatcher<MongoQuery>;

/** Candidates to probe: in scope (one per cell-parent first, so resolve and decide vary), elsewhere in the tenant, other tenants. */
function stepCandidates(run: Run): Candidate[] {
  const { world, scope, user } = run;
  if (user.tenantId === null) return sample(world.candidates, 10);
  const inScope = world.candidates.filter(scope.candidate);
  const byParent = new Map<number | null, Candidate>();
  for (const c of inScope) {
    const parent = world.orgById.get(c.organizationId)?.parentId ?? null;
    if (!byParent.has(parent)) byParent.set(parent, c);
  }
  const chosen = new Map<number, Candidate>();
  for (const c of [...byParent.values()].slice(0, 8)) chosen.set(c.id, c);
  for (const c of sample(inScope, 12 - chosen.size)) chosen.set(c.id, c);
  for (const c of sample(world.candidates.filter((c) => c.tenantId === user.tenantId && !scope.candidate(c)), 4)) chosen.set(c.id, c);
  for (const t of run.otherTenants) for (const c of sample(world.candidates.filter((c) => c.tenantId === t), 2)) chosen.set(c.id, c);
  return [...chosen.values()];
}

/**
 * For sampled candidates and every step: what the mutation does (a stale version: CONFLICT means
 * accepted), what `can(action, "Candidate", id)` answers, what the client's CASL decides from
 * `me.permissions` over `Candidate.permissionSubject`, and what the tree says must be the same.
 */
async function checkSteps(run: Run): Promise<void> {
  const { world, scope, user } = run;
  const candidates = stepCandidates(run);
  const asked = candidates.flatMap((c) => PROBE_ACTIONS.map((action) => ({ c, action })));
  const outcomes = await gqlBatch(run.server, run.auth, asked.map((a) => probeQuery(a.action, a.c.id)));
  run.count('step probes', asked.length);

  const canActions = [...new Set(Object.values(CAN_ACTIONS).flat())];
  const canQuery = `{ me { permissions { actions subjects conditions inverted } }
    ${candidates.map((c) => canActions.map((action) => `c${c.id}_${action}: can(action: ${JSON.stringify(action)}, subject: "Candidate", id: ${JSON.stringify(gid('Candidate', c.id))})`).join('\n')).join('\n')}
    ${candidates.filter(scope.candidate).map((c) => `s${c.id}: candidate(id: ${JSON.stringify(gid('Candidate', c.id))}) { permissionSubject }`).join('\n')} }`;
  const answers = await gqlAs<Record<string, unknown>>(run.server, run.auth, canQuery);
  if (!collectErrors(run, answers, 'can() and permissionSubject') || !answers.data) return;
  type Rule = { actions: string[]; subjects: string[]; conditions: MongoQuery | null; inverted: boolean };
  const me = answers.data.me as { permissions: Rule[] } | null;
  const rules: RawRuleOf<MongoAbility>[] = (me?.permissions ?? []).map((r) => ({ action: r.actions, subject: r.subjects, inverted: r.inverted, ...(r.conditions ? { conditions: r.conditions } : {}) }));
  const client = createMongoAbility(rules, { conditionsMatcher: clientMatcher });

  outcomes.forEach((result, i) => {
    const { c, action } = asked[i];
    const label = `${action} on ${describeRecord(world, 'Candidate', c.id)}`;
    const outcome = probeOutcome(action, result);
    if (outcome === 'broken') {
      run.report(`${label}: the probe answered ${JSON.stringify(result.errors ?? result.data).slice(0, 160)}`);
      return;
    }
    const accepted = outcome === 'accepted';
    const expected = expectedSteps(user, world, scope, c).has(action);
    const can = CAN_ACTIONS[action].some((a) => answers.data![`c${c.id}_${a}`] === true);
    const view = (answers.data![`s${c.id}`] as { permissionSubject: Record<string, unknown> } | undefined)?.permissionSubject;
    const clientSays = view !== undefined && CAN_ACTIONS[action].some((a) => client.can(a, asSubject('Candidate', { ...view })));
    run.count('step decisions compared');
    run.count(`step ${action} ${expected ? 'allowed' : 'not allowed'}`);
    if (accepted !== expected || can !== expected || clientSays !== expected) {
      run.report(`${label}: the mutation ${accepted ? 'accepts' : 'refuses'}, can() says ${can}, the client's rules say ${clientSays}; the tree says ${expected ? 'allowed' : 'not allowed'}`);
    }
  });
}

function inList(rows: { id: number }[]) {
  return In(rows.length ? rows.map((r) => r.id) : [-1]);
}

// --- error messages ----------------------------------------------------------------------------

/** No error message names a record the user may not read. */
function checkMessages(run: Run): void {
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

// ---------------------------------------------------------------------------------------------
// Fixtures on top of the demo data

/**
 * The demo seed records no author on any step and writes no audit row and no API key. So that
 * history.recordedBy, auditLog and apiKeys have something to leak, this spreads authors over
 * the steps (users of the candidate's tenant and the administrator, in turn), writes one audit
 * row per organization (plus one of no organization, like a public-holiday change) and lets each
 * committee of the matrix create an API key through the API.
 */
export async function addMatrixFixtures(server: TestServer, users: readonly MatrixUser[]): Promise<void> {
  const ds = server.dataSource;
  const world = await loadWorld(ds);
  const admin = world.users.find((u) => u.role === Role.SYSTEM_ADMIN) ?? null;
  const authorsOf = (tenantId: number) => [...world.users.filter((u) => u.tenantId === tenantId), ...(admin ? [admin] : [])];
  const assignments = new Map<number, number[]>();
  for (const event of world.events) {
    const authors = authorsOf(event.tenantId);
    if (!authors.length) continue;
    const author = authors[event.id % authors.length].id;
    assignments.set(author, [...(assignments.get(author) ?? []), event.id]);
  }
  for (const [author, eventIds] of assignments) {
    for (let start = 0; start < eventIds.length; start += 500) {
      await ds.getRepository(CandidateStageEvent).update({ id: In(eventIds.slice(start, start + 500)) }, { recordedByUserId: author });
    }
  }
  type AuditRow = Pick<AuditLog, 'tenantId' | 'organizationId' | 'userId' | 'action' | 'subjectType' | 'subjectId' | 'changes'>;
  const rows: AuditRow[] = world.orgs.map((o, index) => {
    const authors = authorsOf(o.tenantId);
    return {
      tenantId: o.tenantId,
      organizationId: o.id,
      userId: authors.length ? authors[index % authors.length].id : null,
      action: 'matrix.fixture',
      subjectType: 'Organization',
      subjectId: o.id,
      changes: JSON.stringify({ name: [null, o.name] }),
    };
  });
  rows.push({ tenantId: null, organizationId: null, userId: admin?.id ?? null, action: 'holiday.set', subjectType: 'PublicHoliday', subjectId: null, changes: null });
  for (let start = 0; start < rows.length; start += 100) await ds.getRepository(AuditLog).insert(rows.slice(start, start + 100));

  for (const user of users.filter((u) => u.role === Role.COMMITTEE)) {
    const organization = world.orgById.get(user.organizationId!)!;
    // Targets on its own organization and on the cells below it.
    for (const input of [
      `{ organizationId: ${JSON.stringify(gid('Organization', organization.id))}, year: ${TARGET_YEAR}, metric: ADMISSIONS, value: 7 }`,
      `{ organizationId: ${JSON.stringify(gid('Organization', organization.id))}, year: ${TARGET_YEAR}, metric: AWARENESS_CLASS, value: 2, cellSchoolLevel: PRIMARY }`,
    ]) {
      const result = await gqlAs(server, bearer(user), `mutation { setTarget(input: ${input}) { metric } }`);
      if (result.errors?.length && !(result.errors[0].extensions?.code === 'BAD_USER_INPUT' && /No cell/.test(result.errors[0].message))) {
        throw new Error(`setTarget by ${user.email}: ${JSON.stringify(result.errors)}`);
      }
    }
    // A key for its own organization and one for a cell below it.
    const cell = world.orgs.find((o) => o.kind === OrganizationKind.SCHOOL_CELL && o.path.startsWith(organization.path));
    for (const target of [organization, ...(cell ? [cell] : [])]) {
      const result = await gqlAs(server, bearer(user), `mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n) { key } }`, {
        o: gid('Organization', target.id),
        n: `Khóa của ${user.email} cho ${target.name}`,
      });
      if (result.errors?.length) throw new Error(`createApiKey by ${user.email}: ${JSON.stringify(result.errors)}`);
    }
  }

  // A commune of the matrix that holds the authority to decide admissions: it decides for its own
  // cells and the city for the rest (the steps check). Written to the tree directly, as if granted
  // before its candidates reached the dossier: the API refuses the grant while one waits for a
  // decision (test/authority.test.ts).
  // (The last commune committee of the matrix: the move below uses the first.)
  const communes = users.filter((u) => u.role === Role.COMMITTEE && world.orgById.get(u.organizationId!)?.parentId !== null);
  if (communes.length > 1) await ds.getRepository(Organization).update({ id: communes[communes.length - 1].organizationId! }, { mayDecideAdmission: true });

  // A cell moved into the commune of a commune committee of the matrix (from another commune), so
  // that Organization.moves has a parent the commune may not see. No demo user acts in that cell.
  const communeUser = users.find((u) => u.role === Role.COMMITTEE && world.orgById.get(u.organizationId!)?.parentId !== null);
  const cityUser = communeUser && users.find((u) => u.role === Role.COMMITTEE && u.tenantId === communeUser.tenantId && world.orgById.get(u.organizationId!)?.parentId === null);
  if (communeUser && cityUser) {
    const commune = world.orgById.get(communeUser.organizationId!)!;
    const occupied = new Set(world.users.map((u) => u.organizationId));
    const cell = world.orgs.find(
      (o) => o.kind === OrganizationKind.SCHOOL_CELL && o.tenantId === commune.tenantId && o.parentId !== commune.id && o.parentId !== o.tenantId && !occupied.has(o.id) && world.orgById.get(o.parentId!)?.kind === OrganizationKind.COMMUNE_COMMITTEE,
    );
    if (cell) {
      const result = await gqlAs(server, bearer(cityUser), `mutation ($input: MoveOrganizationInput!) { moveOrganization(input: $input) { id } }`, {
        input: { id: gid('Organization', cell.id), newParentId: gid('Organization', commune.id), reason: 'Sáp nhập địa giới (kiểm thử ma trận quyền)' },
      });
      if (result.errors?.length) throw new Error(`moveOrganization: ${JSON.stringify(result.errors)}`);
    }
  }
}
