import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { Organization } from '../src/modules/organization/organization.entity';
import { Role } from '../src/domain/enums';
import type { Candidate } from '../src/modules/candidate/candidate.entity';
import type { User } from '../src/modules/user/user.entity';

/**
 * The prefix boundary in the database: a subtree is "path starts with /1/2/", and /1/20/ or /10/
 * must not count as under /1/2/ or /1/. Organizations are created so that their ids share
 * prefixes (padding rows push the auto-increment forward), then every way of reading a subtree
 * (lists, totalCount, node, candidate(id), filter.under, cells/children, updates) is checked.
 */
describe('scoping: the materialized-path prefix boundary', () => {
  let server: TestServer;
  let cityA: Organization; // "/1/"
  let cityB: Organization; // "/10/": begins with "/1"
  let communeX: Organization; // "/1/2/"
  let communeY: Organization; // "/1/20/": begins with "/1/2"
  let cellX: Organization;
  let cellY: Organization;
  let cellB: Organization;
  const candidates: Record<'x' | 'y' | 'b', Candidate> = {} as never;
  const users: Record<'cityA' | 'communeX' | 'cityB', User> = {} as never;
  let labelOf: Map<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    let padding: Organization | null = null;
    const nextId = async () => Number((await ds.getRepository(Organization).createQueryBuilder('o').select('MAX(o.id)', 'max').getRawOne<{ max: number | string }>())!.max) + 1;
    /** Inserts filler organizations (in a tenant of their own) until the next id satisfies `wanted`. */
    const padUntil = async (wanted: (id: number) => boolean) => {
      for (let i = 0; i < 500 && !wanted(await nextId()); i++) {
        padding ??= await buildOrganization(ds, null, { name: 'Thành ủy Đệm' });
        if (!wanted(await nextId())) await buildOrganization(ds, padding, { name: `Đảng ủy đệm ${i}` });
      }
    };
    const extends_ = (shorter: Organization) => (id: number) => String(id).startsWith(String(shorter.id)) && id !== shorter.id;

    cityA = await buildOrganization(ds, null, { name: 'Thành ủy Tiền Tố A' });
    communeX = await buildOrganization(ds, cityA, { name: 'Đảng ủy phường Tiền Tố X' });
    await padUntil(extends_(cityA));
    cityB = await buildOrganization(ds, null, { name: 'Thành ủy Tiền Tố B' });
    await padUntil(extends_(communeX));
    communeY = await buildOrganization(ds, cityA, { name: 'Đảng ủy xã Tiền Tố Y' });
    ({ cell: cellX } = await buildCell(ds, communeX, { name: 'Chi bộ Trường Tiền Tố X' }));
    ({ cell: cellY } = await buildCell(ds, communeY, { name: 'Chi bộ Trường Tiền Tố Y' }));
    ({ cell: cellB } = await buildCell(ds, cityB, { name: 'Chi bộ Trường Tiền Tố B' }));
    candidates.x = await buildCandidate(ds, cellX, { fullName: 'Ứng Viên X', mentor: await buildMember(ds, cellX) });
    candidates.y = await buildCandidate(ds, cellY, { fullName: 'Ứng Viên Y', mentor: await buildMember(ds, cellY) });
    candidates.b = await buildCandidate(ds, cellB, { fullName: 'Ứng Viên B', mentor: await buildMember(ds, cellB) });
    users.cityA = await buildUser(ds, Role.COMMITTEE, cityA);
    users.communeX = await buildUser(ds, Role.COMMITTEE, communeX);
    users.cityB = await buildUser(ds, Role.COMMITTEE, cityB);
    labelOf = new Map<string, string>([
      [gid.org(cityA), 'cityA'],
      [gid.org(cityB), 'cityB'],
      [gid.org(communeX), 'communeX'],
      [gid.org(communeY), 'communeY'],
      [gid.org(cellX), 'cellX'],
      [gid.org(cellY), 'cellY'],
      [gid.org(cellB), 'cellB'],
      [gid.candidate(candidates.x), 'candidateX'],
      [gid.candidate(candidates.y), 'candidateY'],
      [gid.candidate(candidates.b), 'candidateB'],
      [gid.user(users.cityA), '@cityA'],
      [gid.user(users.communeX), '@communeX'],
      [gid.user(users.cityB), '@cityB'],
    ]);
  });
  afterAll(() => server.close());

  const labels = (nodes: { id: string }[]) => nodes.map((n) => labelOf.get(n.id) ?? `?${n.id}`).sort();
  const token = (who: keyof typeof users) => server.tokenFor(users[who]);

  it('has paths that share prefixes (the precondition of this file)', () => {
    expect(cityB.path.startsWith(cityA.path.slice(0, -1))).toBe(true);
    expect(cityB.path.startsWith(cityA.path)).toBe(false);
    expect(communeY.path.startsWith(communeX.path.slice(0, -1))).toBe(true);
    expect(communeY.path.startsWith(communeX.path)).toBe(false);
  });

  const LISTS = `{ candidates(first: 100) { totalCount nodes { id } } organizations(first: 100) { totalCount nodes { id } } users(first: 100) { totalCount nodes { id } } }`;
  type Lists = Record<'candidates' | 'organizations' | 'users', { totalCount: number; nodes: { id: string }[] }>;

  it.each([
    ['communeX', { candidates: ['candidateX'], organizations: ['cellX', 'cityA', 'communeX'], users: ['@communeX'] }],
    ['cityA', { candidates: ['candidateX', 'candidateY'], organizations: ['cellX', 'cellY', 'cityA', 'communeX', 'communeY'], users: ['@cityA', '@communeX'] }],
    ['cityB', { candidates: ['candidateB'], organizations: ['cellB', 'cityB'], users: ['@cityB'] }],
  ] as const)('the committee at %s lists exactly its own subtree', async (who, expected) => {
    const data = ok(await server.gql<Lists>(LISTS, {}, token(who)));
    for (const kind of ['candidates', 'organizations', 'users'] as const) {
      expect({ kind, labels: labels(data[kind].nodes), totalCount: data[kind].totalCount }).toEqual({ kind, labels: [...expected[kind]].sort(), totalCount: expected[kind].length });
    }
  });

  it('the committee at /1/2/ cannot reach /1/20/ by id, node, filter, nested field or update', async () => {
    const t = token('communeX');
    expect(errorCode(await server.gql(`query ($id: ID!) { candidate(id: $id) { id } }`, { id: gid.candidate(candidates.y) }, t))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(`query ($id: ID!) { organization(id: $id) { id } }`, { id: gid.org(communeY) }, t))).toBe('NOT_FOUND');
    expect(ok(await server.gql(`query ($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, { a: gid.candidate(candidates.y), b: gid.org(cellY) }, t))).toEqual({ a: null, b: null });
    expect(errorCode(await server.gql(`query ($u: ID!) { candidates(filter: { under: $u }) { totalCount } }`, { u: gid.org(communeY) }, t))).toBe('NOT_FOUND');
    const city = ok(await server.gql<{ organization: { children: { id: string }[]; cells: { id: string }[] } }>(`query ($id: ID!) { organization(id: $id) { children { id } cells { id } } }`, { id: gid.org(cityA) }, t));
    expect({ children: labels(city.organization.children), cells: labels(city.organization.cells) }).toEqual({ children: ['communeX'], cells: ['cellX'] });
    const update = await server.gql(`mutation ($id: ID!) { updateCandidate(id: $id, input: { version: 1, notes: "x" }) { id } }`, { id: gid.candidate(candidates.y) }, t);
    expect(errorCode(update)).toBe('NOT_FOUND');
  });

  it('the committee at /1/ cannot reach the tenant at /10/', async () => {
    const t = token('cityA');
    expect(errorCode(await server.gql(`query ($id: ID!) { candidate(id: $id) { id } }`, { id: gid.candidate(candidates.b) }, t))).toBe('NOT_FOUND');
    expect(errorCode(await server.gql(`query ($id: ID!) { organization(id: $id) { id } }`, { id: gid.org(cityB) }, t))).toBe('NOT_FOUND');
    expect(ok(await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: gid.org(cellB) }, t))).toEqual({ node: null });
    expect(errorCode(await server.gql(`query ($u: ID!) { candidates(filter: { under: $u }) { totalCount } }`, { u: gid.org(cityB) }, t))).toBe('NOT_FOUND');
    const city = ok(await server.gql<{ organization: { cells: { id: string }[] } }>(`query ($id: ID!) { organization(id: $id) { cells { id } } }`, { id: gid.org(cityA) }, t));
    expect(labels(city.organization.cells)).toEqual(['cellX', 'cellY']);
    const create = await server.gql(
      `mutation ($org: ID!) { createCandidate(input: { organizationId: $org, fullName: "Nguyễn Thị Mới", dateOfBirth: "1998-02-03", gender: FEMALE, category: TEACHER, educationLevel: UNIVERSITY }) { id } }`,
      { org: gid.org(cellB) },
      t,
    );
    expect(errorCode(create)).toBe('NOT_FOUND');
  });
});
