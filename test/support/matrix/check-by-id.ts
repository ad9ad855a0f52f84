import { In } from 'typeorm';
import { gqlAs } from '../http';
import { fromGlobalId } from '../../../src/graphql/global-id';
import { searchKey } from '../../../src/common/text';
import { Organization } from '../../../src/modules/organization/organization.entity';
import { Member } from '../../../src/modules/member/member.entity';
import { Candidate } from '../../../src/modules/candidate/candidate.entity';
import { describeRecord, gid, KINDS, MISSING_ID, sample, TYPE_OF, visible, type Kind } from './oracle';
import { checkOutOfScope, collectErrors, compareSets, localId, missingAnswer, probeTargets, type Run } from './comparisons';

/**
 * Every way the API reaches one record by its id or its name: node(id), candidate(id) and
 * organization(id), name search and `under` filters, and the mutations by id. In scope, the
 * record; outside it, null or the very NOT_FOUND a non-existent id gets, and nothing written.
 */

// --- node(id) ----------------------------------------------------------------------------------

export async function checkNode(run: Run): Promise<void> {
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

export async function checkById(run: Run): Promise<void> {
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

export async function checkSearch(run: Run): Promise<void> {
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

// --- mutations by id -------------------------------------------------------------------------

export async function checkMutations(run: Run): Promise<void> {
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

function inList(rows: { id: number }[]) {
  return In(rows.length ? rows.map((r) => r.id) : [-1]);
}
