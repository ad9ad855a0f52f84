import { startTestServer, ok, type TestServer } from './support/server';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser } from './factories';
import { Role } from '../src/domain/enums';

/** Nested relations go through per-request DataLoaders: statements per page do not grow with its size. */
const PAGE = `query ($first: Int) {
  candidates(first: $first) {
    totalCount
    edges { node { fullName cell { name parent { name } school { name headcounts { teachers } } } school { level } mentor { fullName } history { toStage } stallReasons { reason } } }
  }
}`;

describe('statements per request', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    const city = await buildOrganization(server.dataSource, null);
    token = server.tokenFor(await buildUser(server.dataSource, Role.COMMITTEE, city));
    for (let c = 0; c < 4; c += 1) {
      const commune = await buildOrganization(server.dataSource, city);
      const { cell } = await buildCell(server.dataSource, commune);
      const mentor = await buildMember(server.dataSource, cell);
      for (let i = 0; i < 8; i += 1) await buildCandidate(server.dataSource, cell, { mentor });
    }
  });
  afterAll(() => server.close());

  it('is the same for a page of 2 and a page of 30, with cell, school, mentor and history nested', async () => {
    // The first request of a session also reads the caller (then cached for a few seconds).
    ok(await server.gql('{ me { email } }', {}, token));
    const small = await server.gql<{ candidates: { edges: unknown[] } }>(PAGE, { first: 2 }, token);
    const large = await server.gql<{ candidates: { edges: unknown[] } }>(PAGE, { first: 30 }, token);
    expect(ok(small).candidates.edges).toHaveLength(2);
    expect(ok(large).candidates.edges).toHaveLength(30);
    expect(Number.isFinite(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
    // The page with its total, then one batch per relation: a fixed, small number.
    expect(large.statements).toBeLessThanOrEqual(12);
  });
});
