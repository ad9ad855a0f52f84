import { ok, type TestServer } from './support/server';
import { startScopingWorld, KINDS, MISSING, PRINCIPAL_NAMES, type Entry, type IdConnection, type Kind, type ScopingWorld } from './support/scoping-world';

/**
 * Filters never widen a scope: `filter: { under }` over every organization of both tenants, for
 * every role (outside the scope is NOT_FOUND, inside it is the scope cut down to that subtree),
 * and the other filters (parentId, mentorId, search, categories, school levels) across tenants.
 */
describe('scoping: list filters', () => {
  let server: TestServer;
  let world: ScopingWorld;

  beforeAll(async () => ({ server, world } = await startScopingWorld()));
  afterAll(() => server.close());

  const UNDER_QUERY = (kind: Kind) => `query ($under: ID!) { list: ${kind}(first: 100, filter: { under: $under }) { totalCount nodes { id } } }`;

  it.each(KINDS)('a missing organization in filter.under of %s is NOT_FOUND', async (kind) => {
    const response = await server.gql(UNDER_QUERY(kind), { under: MISSING.organization }, world.principal('admin').token);
    expect(response.data).toBeNull();
    expect(response.errors?.map((e) => `${e.extensions?.code}: ${e.message}`)).toEqual(['NOT_FOUND: Organization not found']);
  });

  describe.each(PRINCIPAL_NAMES)('%s', (name) => {
    it('filter.under: its scope cut to the subtree for an organization it sees, NOT_FOUND in every list for any other', async () => {
      const p = world.principal(name);
      const inSubtree = (entry: Entry, under: Entry) => entry.path !== null && entry.path.startsWith(under.path!);
      const actual: Record<string, Record<string, unknown>> = {};
      const expected: Record<string, Record<string, unknown>> = {};
      for (const under of world.entries.filter((e) => e.kind === 'organizations')) {
        actual[under.label] = {};
        expected[under.label] = {};
        for (const kind of KINDS) {
          const response = await server.gql<{ list: IdConnection }>(UNDER_QUERY(kind), { under: under.gid }, p.token);
          actual[under.label][kind] = response.errors?.length
            ? { data: response.data ?? null, errors: response.errors.map((e) => `${e.extensions?.code}: ${e.message}`) }
            : { totalCount: response.data!.list.totalCount, labels: world.labelsOf(response.data!.list.nodes.map((n) => n.id)) };
          if (p.sees.organizations.includes(under.label)) {
            const labels = p.sees[kind].filter((label) => inSubtree(world.byLabel.get(label)!, under));
            expected[under.label][kind] = { totalCount: labels.length, labels };
          } else {
            expected[under.label][kind] = { data: null, errors: ['NOT_FOUND: Organization not found'] };
          }
        }
      }
      expect(actual).toEqual(expected);
    });
  });

  it('a commune committee filtering under its ancestor city still gets only its own subtree', async () => {
    const p = world.principal('Một.communeCommittee');
    const data = ok(
      await server.gql<{ candidates: { totalCount: number; nodes: { fullName: string }[] } }>(
        `query ($under: ID!) { candidates(filter: { under: $under }) { totalCount nodes { fullName } } }`,
        { under: world.gidOf('Một.city') },
        p.token,
      ),
    );
    expect(data.candidates.totalCount).toBe(3);
    expect(data.candidates.nodes.map((n) => n.fullName).sort()).toEqual(['Phạm Thị Hoa Một', 'Võ Minh Khoa Một', 'Đỗ Văn Nam Một'].sort());
  });

  const candidatesBy = async (principal: string, filter: Record<string, unknown>) => {
    const { candidates } = ok(
      await server.gql<{ candidates: IdConnection }>(`query ($filter: CandidateFilter) { candidates(first: 100, filter: $filter) { totalCount nodes { id } } }`, { filter }, world.principal(principal).token),
    );
    expect(candidates.totalCount).toBe(candidates.nodes.length);
    return world.labelsOf(candidates.nodes.map((n) => n.id));
  };

  it.each([
    ['admin', { search: 'Phạm Thị Hoa' }, ['Hai.candidateA1', 'Một.candidateA1']],
    ['Một.cityCommittee', { search: 'Phạm Thị Hoa' }, ['Một.candidateA1']],
    ['Một.cityCommittee', { search: 'hoa hai' }, []],
    ['Hai.secretaryA', { search: 'pham thi hoa' }, ['Hai.candidateA1']],
    ['Một.communeCommittee', { search: 'Ngô Thị Lan' }, []],
    ['Một.communeCommittee', { search: 'Huỳnh Thanh Tâm' }, []],
    ['Một.cityCommittee', { categories: ['STUDENT'] }, ['Một.candidateDirect']],
    ['Một.communeCommittee', { categories: ['STUDENT'] }, []],
    ['Hai.cityCommittee', { schoolLevels: ['PRESCHOOL', 'UPPER_SECONDARY'] }, ['Hai.candidateDirect', 'Hai.candidateOther']],
    ['Hai.communeCommittee', { schoolLevels: ['PRESCHOOL', 'UPPER_SECONDARY'] }, []],
    ['Hai.communeCommittee', { schoolLevels: ['PRIMARY'] }, ['Hai.candidateB']],
    ['Hai.mentorA', { stages: ['SOURCE'] }, ['Hai.candidateA1']],
    ['Hai.reporter', { stages: ['SOURCE'] }, []],
  ])('candidates as %s with filter %j: exactly %j', async (principal, filter, expected) => {
    expect(await candidatesBy(principal, filter)).toEqual(expected);
  });

  it('filter.mentorId: a mentor of another tenant or of another cell gives nothing, not their candidates', async () => {
    expect(await candidatesBy('Một.communeCommittee', { mentorId: world.gidOf('Hai.mentorA') })).toEqual([]);
    expect(await candidatesBy('Một.secretaryDirect', { mentorId: world.gidOf('Một.mentorA') })).toEqual([]);
    expect(await candidatesBy('Một.secretaryA', { mentorId: world.gidOf('Một.mentorA') })).toEqual(['Một.candidateA1']);
    expect(await candidatesBy('admin', { mentorId: world.gidOf('Hai.mentorA') })).toEqual(['Hai.candidateA1']);
  });

  it.each([
    ['Một.communeCommittee', 'Một.city', ['Một.commune']],
    ['Một.secretaryA', 'Một.commune', ['Một.cellA']],
    ['Một.secretaryDirect', 'Một.city', ['Một.directCell']],
    ['Một.cityCommittee', 'Hai.city', []],
    ['Một.reporter', 'Hai.city', []],
    ['Hai.cityCommittee', 'Hai.city', ['Hai.commune', 'Hai.directCell', 'Hai.otherCommune']],
    ['admin', 'Hai.commune', ['Hai.cellA', 'Hai.cellB']],
  ])('organizations as %s with filter.parentId %s: exactly %j', async (principal, parent, expected) => {
    const { organizations } = ok(
      await server.gql<{ organizations: IdConnection }>(
        `query ($parentId: ID!) { organizations(first: 100, filter: { parentId: $parentId }) { totalCount nodes { id } } }`,
        { parentId: world.gidOf(parent) },
        world.principal(principal).token,
      ),
    );
    expect(world.labelsOf(organizations.nodes.map((n) => n.id))).toEqual(expected);
    expect(organizations.totalCount).toBe(expected.length);
  });

  it('searching organizations, schools, members by a name of the other tenant finds nothing', async () => {
    const p = world.principal('Một.cityCommittee');
    const hai = world.tenants.Hai;
    // Hai's commune, school and mentor, searched for by name.
    const search = (token: string) =>
      server.gql<{ organizations: IdConnection; schools: IdConnection; members: IdConnection }>(
        `query ($org: String!, $school: String!, $member: String!) {
          organizations(filter: { search: $org }) { totalCount nodes { id } }
          schools(filter: { search: $school }) { totalCount nodes { id } }
          members(filter: { search: $member }) { totalCount nodes { id } } }`,
        { org: hai.commune.name, school: hai.schools.schoolA.name, member: hai.members.mentorA.fullName },
        token,
      );
    const data = ok(await search(p.token));
    expect(data).toEqual({ organizations: { totalCount: 0, nodes: [] }, schools: { totalCount: 0, nodes: [] }, members: { totalCount: 0, nodes: [] } });
    // The same searches by the other tenant's committee do find them (the filter itself works).
    const own = ok(await search(world.principal('Hai.cityCommittee').token));
    expect(world.labelsOf(own.organizations.nodes.map((n) => n.id))).toEqual(['Hai.commune']);
    expect(world.labelsOf(own.schools.nodes.map((n) => n.id))).toEqual(['Hai.schoolA']);
    expect(world.labelsOf(own.members.nodes.map((n) => n.id))).toEqual(['Hai.mentorA']);
  });
});
