import { gqlAs } from '../http';
import { OrganizationKind } from '../../../src/domain/enums';
import { addDays, todayInVietnam } from '../../../src/common/dates';
import { describeRecord, gid, TYPE_OF, type Kind } from './oracle';
import { collectErrors, compareSets, expectRef, expectRefs, localId, refId, type Run } from './comparisons';

/**
 * Lists, their totalCount page by page, and every nested relation of what they return: each list
 * holds exactly the records in the scope, and each relation is the related record when the user
 * may read it, null otherwise.
 */

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

export async function checkLists(run: Run, nested: boolean): Promise<void> {
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
