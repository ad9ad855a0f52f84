import { startTestServer, ok, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import type { Organization } from '../src/modules/organization/organization.entity';
import type { Member } from '../src/modules/member/member.entity';
import type { Candidate } from '../src/modules/candidate/candidate.entity';
import type { School } from '../src/modules/school/school.entity';

/**
 * A page of candidates reads the cell, school and mentor its query asks for in its own
 * statement, and hands the loaders only what the caller may read. A candidate whose mentor sits
 * in another cell (moved, or mentored across cells) is the boundary: the mentor's user sees the
 * candidate but not its cell or school; the cell's secretary sees the cell and school but not
 * the mentor. Every way of asking (nodes, edges, fragments, the single candidate) agrees.
 */
const NESTED = 'id cell { id name } school { id name level } mentor { id fullName }';
const QUERIES = {
  nodes: `{ candidates(first: 50) { nodes { ${NESTED} } } }`,
  edges: `{ candidates(first: 50) { edges { node { ${NESTED} } } } }`,
  fragment: `fragment Rel on Candidate { cell { id name } school { id name level } mentor { id fullName } }
             { candidates(first: 50) { edges { node { id ...Rel } } } }`,
  inline: `{ candidates(first: 50) { nodes { id ... on Candidate { cell { id name } school { id name level } mentor { id fullName } } } } }`,
};

interface Node {
  id: string;
  cell: { id: string; name: string } | null;
  school: { id: string; name: string; level: string } | null;
  mentor: { id: string; fullName: string } | null;
}

describe('relations read with a page of candidates', () => {
  let server: TestServer;
  let cellA: Organization;
  let cellB: Organization;
  let schoolA: School;
  let mentorB: Member;
  let mentorA: Member;
  let across: Candidate;
  let local: Candidate;
  let tokens: Record<'commune' | 'secretaryA' | 'mentorB', string>;

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null);
    const commune = await buildOrganization(ds, city);
    ({ cell: cellA, school: schoolA } = await buildCell(ds, commune));
    ({ cell: cellB } = await buildCell(ds, commune));
    mentorA = await buildMember(ds, cellA);
    mentorB = await buildMember(ds, cellB);
    across = await buildCandidate(ds, cellA, { mentor: mentorB });
    local = await buildCandidate(ds, cellA, { mentor: mentorA });
    tokens = {
      commune: server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune)),
      secretaryA: server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cellA)),
      mentorB: server.tokenFor(await buildUser(ds, Role.MENTOR, cellB, mentorB)),
    };
  });
  afterAll(() => server.close());

  const cellRef = (cell: Organization) => ({ id: gid.org(cell), name: cell.name });
  const schoolRef = () => ({ id: gid.school(schoolA), name: schoolA.name, level: schoolA.level });
  const mentorRef = (member: Member) => ({ id: gid.member(member), fullName: member.fullName });

  async function pages(token: string): Promise<Record<keyof typeof QUERIES, Node[]>> {
    const result = {} as Record<keyof typeof QUERIES, Node[]>;
    for (const [key, query] of Object.entries(QUERIES) as [keyof typeof QUERIES, string][]) {
      const data = ok(await server.gql<{ candidates: { nodes?: Node[]; edges?: { node: Node }[] } }>(query, {}, token)).candidates;
      result[key] = (data.nodes ?? data.edges!.map((edge) => edge.node)).sort((a, b) => a.id.localeCompare(b.id));
    }
    return result;
  }

  async function single(candidate: Candidate, token: string): Promise<Node> {
    return ok(await server.gql<{ candidate: Node }>(`query ($id: ID!) { candidate(id: $id) { ${NESTED} } }`, { id: gid.candidate(candidate) }, token)).candidate;
  }

  const byId = (nodes: Node[]) => Object.fromEntries(nodes.map((node) => [node.id, node]));

  it('the commune committee sees every relation', async () => {
    const expected = {
      [gid.candidate(across)]: { id: gid.candidate(across), cell: cellRef(cellA), school: schoolRef(), mentor: mentorRef(mentorB) },
      [gid.candidate(local)]: { id: gid.candidate(local), cell: cellRef(cellA), school: schoolRef(), mentor: mentorRef(mentorA) },
    };
    for (const nodes of Object.values(await pages(tokens.commune))) expect(byId(nodes)).toEqual(expected);
    expect(await single(across, tokens.commune)).toEqual(expected[gid.candidate(across)]);
  });

  it("the cell's secretary sees the cell and school, but not a mentor who belongs to another cell", async () => {
    const expected = {
      [gid.candidate(across)]: { id: gid.candidate(across), cell: cellRef(cellA), school: schoolRef(), mentor: null },
      [gid.candidate(local)]: { id: gid.candidate(local), cell: cellRef(cellA), school: schoolRef(), mentor: mentorRef(mentorA) },
    };
    for (const nodes of Object.values(await pages(tokens.secretaryA))) expect(byId(nodes)).toEqual(expected);
    expect(await single(across, tokens.secretaryA)).toEqual(expected[gid.candidate(across)]);
  });

  it("the mentor from another cell sees their candidate and themself, but not the candidate's cell or school", async () => {
    const expected = { [gid.candidate(across)]: { id: gid.candidate(across), cell: null, school: null, mentor: mentorRef(mentorB) } };
    for (const nodes of Object.values(await pages(tokens.mentorB))) expect(byId(nodes)).toEqual(expected);
    expect(await single(across, tokens.mentorB)).toEqual(expected[gid.candidate(across)]);
  });

  it('a page with cell, school and mentor takes one statement, as does a page without them', async () => {
    ok(await server.gql('{ me { email } }', {}, tokens.commune));
    const withRelations = await server.gql(QUERIES.edges, {}, tokens.commune);
    expect(withRelations.statements).toBe(1);
    const idsOnly = await server.gql('{ candidates(first: 50) { totalCount nodes { id fullName } } }', {}, tokens.commune);
    expect(idsOnly.statements).toBe(1);
    // The secretary's page: the mentor from another cell is not handed to the loader, which
    // then asks (and answers null) in a statement of its own.
    ok(await server.gql('{ me { email } }', {}, tokens.secretaryA));
    expect((await server.gql(QUERIES.nodes, {}, tokens.secretaryA)).statements).toBe(2);
  });
});
