import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildOrganization, buildUser, TEST_PASSWORD } from './factories';
import { Role } from '../src/domain/enums';
import { ApiKey } from '../src/modules/api-key/api-key.entity';
import { toGlobalId } from '../src/graphql/global-id';

/**
 * A login's payload acts as the user who logged in (its nested fields), and nothing else of the
 * request does: a request without a token that logs in and then does something else does that
 * as nobody. The payload resolves with a context of its own; the request's is never rewritten.
 */
describe('the login payload', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('leaves the rest of the request to its own caller: a mutation after login without a token is UNAUTHENTICATED, and creates nothing', async () => {
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Yêu Cầu' });
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const response = await server.gql(
      `mutation ($email: String!, $password: String!, $organizationId: ID!) {
        login(email: $email, password: $password) { token }
        createApiKey(organizationId: $organizationId, name: "Khóa lén") { key }
      }`,
      { email: user.email, password: TEST_PASSWORD, organizationId: toGlobalId('Organization', city.id) },
    );
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.errors?.[0].path).toEqual(['createApiKey']);
    expect(await server.dataSource.getRepository(ApiKey).countBy({ organizationId: city.id })).toBe(0);
  });

  it('resolves the payload as the user who logged in, and the rest of a request with a token as that token’s caller', async () => {
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Hai Người' });
    const committee = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const cell = await buildOrganization(server.dataSource, city, { name: 'Chi bộ Hai Người' });
    const secretary = await buildUser(server.dataSource, Role.CELL_SECRETARY, cell);
    const response = await server.gql(
      `mutation ($email: String!, $password: String!, $organizationId: ID!) {
        login(email: $email, password: $password) { user { organization { name } permissions { actions subjects } } }
        createApiKey(organizationId: $organizationId, name: "Khóa của ủy ban") { apiKey { name } }
      }`,
      { email: secretary.email, password: TEST_PASSWORD, organizationId: toGlobalId('Organization', city.id) },
      server.tokenFor(committee),
    );
    const data = ok(response) as { login: { user: { organization: { name: string }; permissions: { actions: string[]; subjects: string[] }[] } }; createApiKey: unknown };
    expect(data.login.user.organization).toEqual({ name: 'Chi bộ Hai Người' });
    // The secretary's rules (the cell's steps), not the committee's (API keys).
    expect(data.login.user.permissions.flatMap((rule) => rule.actions)).toContain('recordCellStep');
    expect(data.login.user.permissions.flatMap((rule) => rule.subjects)).not.toContain('ApiKey');
    expect(data.createApiKey).toEqual({ apiKey: { name: 'Khóa của ủy ban' } });
  });
});
