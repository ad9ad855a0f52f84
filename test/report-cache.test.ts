import { startTestServer, ok, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildOrganization, buildUser, gid } from './factories';
import { Role } from '../src/domain/enums';
import type { Organization } from '../src/modules/organization/organization.entity';

/** Reports are cached per instance for a few seconds, and a write committed through the API clears its tenant's. */
const STATS = `query ($id: ID!) { statistics(organizationId: $id, period: { year: 2026 }) { candidatesByStage { stage count } } }`;

describe('report cache', () => {
  let server: TestServer;
  let city: Organization;
  let cell: Organization;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ reportCacheSeconds: 60 });
    city = await buildOrganization(server.dataSource, null);
    cell = (await buildCell(server.dataSource, city)).cell;
    await buildCandidate(server.dataSource, cell);
    token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
  });
  afterAll(() => server.close());

  const sources = async () => {
    const response = await server.gql<{ statistics: { candidatesByStage: { stage: string; count: number }[] } }>(STATS, { id: gid.org(city) }, token);
    return { count: ok(response).statistics.candidatesByStage.find((s) => s.stage === 'SOURCE')?.count ?? 0, statements: response.statements };
  };

  it('answers a repeated report from the cache, and a write through the API clears it', async () => {
    await sources();
    const first = await sources();
    expect(first.count).toBe(1);
    // A row written behind the API's back is not seen while the cached figures last...
    await buildCandidate(server.dataSource, cell);
    const cached = await sources();
    expect(cached).toEqual({ count: 1, statements: 1 });
    expect(first.statements).toBe(1);
    // ...but a write committed through the API clears the cache at once.
    ok(
      await server.gql(
        `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`,
        { input: { organizationId: gid.org(cell), fullName: 'Bùi Thị Bộ Nhớ', dateOfBirth: '1993-09-09', gender: 'FEMALE', category: 'TEACHER', educationLevel: 'UNIVERSITY' } },
        token,
      ),
    );
    const fresh = await sources();
    expect(fresh).toEqual({ count: 3, statements: 2 });
  });

  it("a write clears its own tenant's cached reports only; another tenant's stay cached", async () => {
    const otherCity = await buildOrganization(server.dataSource, null);
    const otherCell = (await buildCell(server.dataSource, otherCity)).cell;
    await buildCandidate(server.dataSource, otherCell);
    const otherToken = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, otherCity));
    const count = async (root: Organization, as: string) => {
      const response = await server.gql<{ statistics: { candidatesByStage: { stage: string; count: number }[] } }>(STATS, { id: gid.org(root) }, as);
      return { count: ok(response).statistics.candidatesByStage.find((s) => s.stage === 'SOURCE')?.count ?? 0, statements: response.statements };
    };
    const before = { mine: await count(city, token), other: await count(otherCity, otherToken) };
    // Rows written behind the API's back in both tenants...
    await buildCandidate(server.dataSource, cell);
    await buildCandidate(server.dataSource, otherCell);
    // ...then a write through the API in the first tenant.
    ok(
      await server.gql(
        `mutation ($input: CreateCandidateInput!) { createCandidate(input: $input) { id } }`,
        { input: { organizationId: gid.org(cell), fullName: 'Lê Văn Bộ Đệm', dateOfBirth: '1991-03-03', gender: 'MALE', category: 'TEACHER', educationLevel: 'UNIVERSITY' } },
        token,
      ),
    );
    // The first tenant's report is computed again (both new rows); the other's is still the cached one.
    expect({ mine: await count(city, token), other: await count(otherCity, otherToken) }).toEqual({
      mine: { count: before.mine.count + 2, statements: 2 },
      other: { count: before.other.count, statements: 1 },
    });
  });
});
