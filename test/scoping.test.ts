import { ok, errorCode, type GraphQLResponse, type TestServer } from './support/server';
import {
  startScopingWorld,
  KINDS,
  MISSING,
  PRINCIPAL_NAMES,
  sorted,
  TYPENAME,
  type IdConnection,
  type Kind,
  type ScopingWorld,
} from './support/scoping-world';

/**
 * What each role sees, through GraphQL over HTTP, across two tenants: every list (exact sets and
 * totalCount, also page by page), node(id) for every record of both tenants, and candidate(id) /
 * organization(id) for every record (out of scope is NOT_FOUND, worded like a missing id).
 * Expected sets are in ./support/scoping-world.ts (ROLE_SEES), written from the rules in ability.ts.
 */
describe('scoping: what each role sees', () => {
  let server: TestServer;
  let world: ScopingWorld;

  beforeAll(async () => ({ server, world } = await startScopingWorld()));
  afterAll(() => server.close());

  const listQuery = (kind: Kind, args = 'first: 100') => `query ($after: String) { list: ${kind}(${args}, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;

  it('has the world the expectations are written for', () => {
    // 2 tenants × (7 organizations, 4 schools, 5 members, 5 candidates, 6 users) + the administrator.
    expect(world.principal('admin').sees.organizations).toHaveLength(14);
    expect(world.principal('admin').sees.schools).toHaveLength(8);
    expect(world.principal('admin').sees.members).toHaveLength(10);
    expect(world.principal('admin').sees.candidates).toHaveLength(10);
    expect(world.principal('admin').sees.users).toHaveLength(13);
    // The commune committee's view as the brief states it, spelled out once in full.
    expect(world.principal('Một.communeCommittee').sees.candidates).toEqual(['Một.candidateA1', 'Một.candidateA2', 'Một.candidateB']);
  });

  describe.each(PRINCIPAL_NAMES)('%s', (name) => {
    it.each(KINDS)('lists exactly the %s in its scope, with a matching totalCount', async (kind) => {
      const p = world.principal(name);
      const { list } = ok(await server.gql<{ list: IdConnection }>(listQuery(kind), {}, p.token));
      expect(world.labelsOf(list.nodes.map((n) => n.id))).toEqual(p.sees[kind]);
      expect(list.totalCount).toBe(p.sees[kind].length);
      expect(list.pageInfo.hasNextPage).toBe(false);
    });

    it('gets the same sets page by page (first: 2), with the scoped totalCount on every page', async () => {
      const p = world.principal(name);
      for (const kind of KINDS) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 20; page++) {
          const response: GraphQLResponse<{ list: IdConnection }> = await server.gql<{ list: IdConnection }>(listQuery(kind, 'first: 2'), after ? { after } : {}, p.token);
          const { list }: { list: IdConnection } = ok(response);
          expect({ kind, page, totalCount: list.totalCount }).toEqual({ kind, page, totalCount: p.sees[kind].length });
          seen.push(...list.nodes.map((n) => n.id));
          if (!list.pageInfo.hasNextPage) break;
          after = list.pageInfo.endCursor;
        }
        expect({ kind, labels: world.labelsOf(seen) }).toEqual({ kind, labels: p.sees[kind] });
        expect(new Set(seen).size).toBe(seen.length);
      }
    });

    it('node(id) returns exactly the in-scope records of every type, and null for all others', async () => {
      const p = world.principal(name);
      const fields = world.entries.map((e, i) => `n${i}: node(id: "${e.gid}") { __typename id }`).join('\n');
      const data = ok(await server.gql<Record<string, { __typename: string; id: string } | null>>(`{ ${fields} }`, {}, p.token));
      const visible = Object.fromEntries(KINDS.map((kind) => [kind, [] as string[]])) as Record<Kind, string[]>;
      world.entries.forEach((entry, i) => {
        const node = data[`n${i}`];
        if (node === null) return;
        expect(node).toEqual({ __typename: TYPENAME[entry.kind], id: entry.gid });
        visible[entry.kind].push(entry.label);
      });
      for (const kind of KINDS) visible[kind] = sorted(visible[kind]);
      expect(visible).toEqual(p.sees);
    });

    it('candidate(id): in scope returns it; out of scope is NOT_FOUND with the message of a missing id', async () => {
      const p = world.principal(name);
      const query = `query ($id: ID!) { candidate(id: $id) { id fullName } }`;
      const missing = await server.gql(query, { id: MISSING.candidate }, p.token);
      expect(errorCode(missing)).toBe('NOT_FOUND');
      const notFound = `NOT_FOUND: ${missing.errors![0].message}`;
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const entry of world.entries.filter((e) => e.kind === 'candidates')) {
        const response = await server.gql<{ candidate: { id: string; fullName: string } }>(query, { id: entry.gid }, p.token);
        actual[entry.label] = response.errors?.length
          ? `${errorCode(response)}: ${response.errors[0].message}`
          : response.data?.candidate.id === entry.gid && response.data.candidate.fullName === entry.name
            ? 'visible'
            : `wrong record ${JSON.stringify(response.data)}`;
        expected[entry.label] = p.sees.candidates.includes(entry.label) ? 'visible' : notFound;
      }
      expect(actual).toEqual(expected);
    });

    it('organization(id): in scope returns it; out of scope is NOT_FOUND with the message of a missing id', async () => {
      const p = world.principal(name);
      const query = `query ($id: ID!) { organization(id: $id) { id name } }`;
      const missing = await server.gql(query, { id: MISSING.organization }, p.token);
      expect(errorCode(missing)).toBe('NOT_FOUND');
      const notFound = `NOT_FOUND: ${missing.errors![0].message}`;
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const entry of world.entries.filter((e) => e.kind === 'organizations')) {
        const response = await server.gql<{ organization: { id: string; name: string } }>(query, { id: entry.gid }, p.token);
        actual[entry.label] = response.errors?.length
          ? `${errorCode(response)}: ${response.errors[0].message}`
          : response.data?.organization.id === entry.gid && response.data.organization.name === entry.name
            ? 'visible'
            : `wrong record ${JSON.stringify(response.data)}`;
        expected[entry.label] = p.sees.organizations.includes(entry.label) ? 'visible' : notFound;
      }
      expect(actual).toEqual(expected);
    });
  });

  it('answers every role its own sets when all of them ask at the same time (nothing is shared between requests)', async () => {
    const query = `{ ${KINDS.map((kind) => `${kind}(first: 100) { totalCount nodes { id } }`).join(' ')} }`;
    const rounds = await Promise.all(
      [...PRINCIPAL_NAMES, ...PRINCIPAL_NAMES].map(async (name) => {
        const p = world.principal(name);
        const data = ok(await server.gql<Record<Kind, IdConnection>>(query, {}, p.token));
        return { name, got: Object.fromEntries(KINDS.map((kind) => [kind, world.labelsOf(data[kind].nodes.map((n) => n.id))])), want: p.sees };
      }),
    );
    for (const { name, got, want } of rounds) expect({ name, sets: got }).toEqual({ name, sets: want });
  });

  it.each(['NAME', 'DATE_OF_BIRTH', 'STAGE_SINCE', 'CREATED'])('keeps the scope whatever the order (candidates by %s, both directions, page by page)', async (field) => {
    for (const name of ['Một.communeCommittee', 'Hai.secretaryA', 'Một.mentorA', 'Hai.reporter']) {
      const p = world.principal(name);
      for (const direction of ['ASC', 'DESC']) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page++) {
          const response: GraphQLResponse<{ candidates: IdConnection }> = await server.gql<{ candidates: IdConnection }>(
            `query ($after: String, $order: CandidateOrder) { candidates(first: 1, after: $after, orderBy: $order) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
            { after, order: { field, direction } },
            p.token,
          );
          const { candidates }: { candidates: IdConnection } = ok(response);
          expect(candidates.totalCount).toBe(p.sees.candidates.length);
          seen.push(...candidates.nodes.map((n) => n.id));
          if (!candidates.pageInfo.hasNextPage) break;
          after = candidates.pageInfo.endCursor;
        }
        expect({ name, direction, labels: world.labelsOf(seen) }).toEqual({ name, direction, labels: p.sees.candidates });
      }
    }
  });

  describe('the cases of the brief, spelled out', () => {
    it('a commune committee reads its ancestor (the city) but not its sibling commune', async () => {
      const p = world.principal('Một.communeCommittee');
      const city = await server.gql<{ organization: { name: string } }>(`query ($id: ID!) { organization(id: $id) { name } }`, { id: world.gidOf('Một.city') }, p.token);
      expect(ok(city).organization.name).toBe('Thành ủy Một');
      const sibling = await server.gql(`query ($id: ID!) { organization(id: $id) { name } }`, { id: world.gidOf('Một.otherCommune') }, p.token);
      expect(errorCode(sibling)).toBe('NOT_FOUND');
      expect(sibling.data).toBeNull();
      const node = ok(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: world.gidOf('Một.otherCommune') }, p.token));
      expect(node).toEqual({ node: null });
    });

    it('a reporter sees organizations and schools but no personal record', async () => {
      const p = world.principal('Hai.reporter');
      const data = ok(
        await server.gql<{ candidates: IdConnection; members: IdConnection; schools: IdConnection; organizations: IdConnection }>(
          `{ candidates(first: 100) { totalCount nodes { id } } members(first: 100) { totalCount nodes { id } }
             schools(first: 100) { totalCount } organizations(first: 100) { totalCount } }`,
          {},
          p.token,
        ),
      );
      expect(data).toEqual({ candidates: { totalCount: 0, nodes: [] }, members: { totalCount: 0, nodes: [] }, schools: { totalCount: 4 }, organizations: { totalCount: 7 } });
      const candidate = await server.gql(`query ($id: ID!) { candidate(id: $id) { id } }`, { id: world.gidOf('Hai.candidateA1') }, p.token);
      expect(errorCode(candidate)).toBe('NOT_FOUND');
      expect(ok(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: world.gidOf('Hai.candidateA1') }, p.token))).toEqual({ node: null });
    });

    it('a mentor sees only the candidate it helps', async () => {
      const p = world.principal('Một.mentorA');
      const data = ok(await server.gql<{ candidates: { totalCount: number; nodes: { fullName: string }[] } }>(`{ candidates { totalCount nodes { fullName } } }`, {}, p.token));
      expect(data.candidates).toEqual({ totalCount: 1, nodes: [{ fullName: 'Phạm Thị Hoa Một' }] });
      const other = await server.gql(`query ($id: ID!) { candidate(id: $id) { id } }`, { id: world.gidOf('Một.candidateA2') }, p.token);
      expect(errorCode(other)).toBe('NOT_FOUND');
    });
  });
});
