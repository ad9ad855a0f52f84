import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import { buildOrganization, buildUser, TEST_PASSWORD } from './factories';
import { Role } from '../src/domain/enums';
import { User } from '../src/modules/user/user.entity';
import { signToken } from '../src/auth/tokens';

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { email role organization { name } } } }`;
const ME = `{ me { email role organization { name } } }`;

describe('authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('logs in with email and password and answers me', async () => {
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Đăng Nhập' });
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const login = ok(await server.gql<{ login: { token: string; user: { email: string; role: string } } }>(LOGIN, { email: user.email.toUpperCase(), password: TEST_PASSWORD }));
    expect(login.login.user).toEqual({ email: user.email, role: 'COMMITTEE', organization: { name: 'Thành ủy Đăng Nhập' } });
    const me = ok(await server.gql(ME, {}, login.login.token));
    expect(me).toEqual({ me: { email: user.email, role: 'COMMITTEE', organization: { name: 'Thành ủy Đăng Nhập' } } });
  });

  it('refuses a wrong password or an unknown email with UNAUTHENTICATED and the same message', async () => {
    const city = await buildOrganization(server.dataSource, null);
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const wrong = await server.gql(LOGIN, { email: user.email, password: 'not-the-password' });
    const unknown = await server.gql(LOGIN, { email: 'nobody@test.ketnap', password: TEST_PASSWORD });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0].message).toBe(unknown.errors?.[0].message);
  });

  it('answers me with null without a token, and refuses data queries with UNAUTHENTICATED', async () => {
    expect(ok(await server.gql(ME))).toEqual({ me: null });
    const list = await server.gql('{ candidates { totalCount } }');
    expect(errorCode(list)).toBe('UNAUTHENTICATED');
    expect(list.data).toBeNull();
  });

  it('rejects forged, expired and malformed tokens with 401 UNAUTHENTICATED', async () => {
    const city = await buildOrganization(server.dataSource, null);
    const user = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const forged = signToken('another-secret-that-is-long-enough-012345', 3600, user.id, user.tokenVersion);
    const expired = signToken(server.config.jwtSecret, -10, user.id, user.tokenVersion);
    for (const token of [forged, expired, 'not-a-jwt']) {
      const response = await server.gql(ME, {}, token);
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    }
  });

  it('stops honouring the tokens of a user who is disabled or whose password changes', async () => {
    const city = await buildOrganization(server.dataSource, null);
    const admin = await buildUser(server.dataSource, Role.COMMITTEE, city);
    const target = await buildUser(server.dataSource, Role.REPORTER, city);
    const adminToken = server.tokenFor(admin);
    const targetToken = server.tokenFor(target);
    expect(ok(await server.gql(ME, {}, targetToken))).toMatchObject({ me: { email: target.email } });

    const updated = await server.gql(
      `mutation ($id: ID!) { updateUser(id: $id, input: { password: "a-brand-new-password" }) { email } }`,
      { id: Buffer.from(`User:${target.id}`).toString('base64url') },
      adminToken,
    );
    ok(updated);
    expect(errorCode(await server.gql(ME, {}, targetToken))).toBe('UNAUTHENTICATED');
    const relogin = ok(await server.gql<{ login: { token: string } }>(LOGIN, { email: target.email, password: 'a-brand-new-password' }));

    ok(await server.gql(`mutation ($id: ID!) { updateUser(id: $id, input: { disabled: true }) { disabled } }`, { id: Buffer.from(`User:${target.id}`).toString('base64url') }, adminToken));
    expect(errorCode(await server.gql(ME, {}, relogin.login.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(LOGIN, { email: target.email, password: 'a-brand-new-password' }))).toBe('UNAUTHENTICATED');
    expect((await server.dataSource.getRepository(User).findOneByOrFail({ id: target.id })).disabled).toBe(true);
  });
});
