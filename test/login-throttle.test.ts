import { startTestServer, ok, errorCode, type TestServer, type GraphQLResponse } from './support/server';
import { buildOrganization, buildUser, TEST_PASSWORD } from './factories';
import { Role } from '../src/domain/enums';
import type { User } from '../src/modules/user/user.entity';

/**
 * Login throttling through the API: failures per account and per address within the window,
 * kept in the login_failure table, answer RATE_LIMITED with retryAfterSeconds.
 */
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { email } } }`;

type LoginResult = { login: { token: string; user: { email: string } } };

function retryAfter(response: GraphQLResponse): number {
  return Number(response.errors?.[0]?.extensions?.retryAfterSeconds);
}

const nowEpoch = () => Math.floor(Date.now() / 1000);

describe('login throttling (3 failures per account, 6 per address)', () => {
  let server: TestServer;
  let users: User[];

  const login = (user: User | string, password: string) => server.gql<LoginResult>(LOGIN, { email: typeof user === 'string' ? user : user.email, password });
  const wrong = (user: User | string) => login(user, 'not-the-password');
  const right = (user: User) => login(user, TEST_PASSWORD);

  beforeAll(async () => {
    server = await startTestServer({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerAddress: 6 });
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Đăng Nhập Sai' });
    users = [];
    for (let i = 0; i < 4; i += 1) users.push(await buildUser(server.dataSource, Role.COMMITTEE, city));
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await server.dataSource.query('DELETE FROM login_failure');
  });

  it('after 3 wrong passwords for an account, refuses even the right password with RATE_LIMITED and retryAfterSeconds', async () => {
    const [alice] = users;
    for (let i = 0; i < 3; i += 1) expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    const blocked = await right(alice);
    expect(errorCode(blocked)).toBe('RATE_LIMITED');
    expect(blocked.data ?? null).toBeNull();
    expect(retryAfter(blocked)).toBeGreaterThan(0);
    expect(retryAfter(blocked)).toBeLessThanOrEqual(server.config.loginWindowSeconds);
    expect(blocked.errors?.[0].message).toMatch(/try again/i);
    // The email is matched case-insensitively, and refused attempts are not recorded as more failures.
    expect(errorCode(await login(alice.email.toUpperCase(), TEST_PASSWORD))).toBe('RATE_LIMITED');
    expect(errorCode(await wrong(alice))).toBe('RATE_LIMITED');
    const [row] = (await server.dataSource.query('SELECT COUNT(*) AS n FROM login_failure WHERE email = ?', [alice.email])) as { n: number | string }[];
    expect(Number(row.n)).toBe(3);
  });

  it('throttles an unknown email exactly like a real one (no account enumeration)', async () => {
    const ghost = 'nobody.here@test.ketnap';
    const real = users[1];
    const ghostCodes: (string | undefined)[] = [];
    const realCodes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i += 1) {
      ghostCodes.push(errorCode(await login(ghost, TEST_PASSWORD)));
      realCodes.push(errorCode(await wrong(real)));
    }
    expect(ghostCodes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
    expect(realCodes).toEqual(ghostCodes);
  });

  it('lets other accounts log in until the address reaches its limit, then refuses every account from that address', async () => {
    const [alice, bob, carol, dave] = users;
    for (let i = 0; i < 3; i += 1) expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(errorCode(await right(alice))).toBe('RATE_LIMITED');
    // Alice is blocked, the address has 3 failures: others still log in.
    expect(ok(await right(bob)).login.user.email).toBe(bob.email);
    expect(errorCode(await wrong(bob))).toBe('UNAUTHENTICATED');
    expect(errorCode(await wrong(bob))).toBe('UNAUTHENTICATED');
    // 5 failures from the address: still under 6.
    expect(ok(await right(carol)).login.user.email).toBe(carol.email);
    expect(errorCode(await wrong(carol))).toBe('UNAUTHENTICATED');
    // 6 failures from the address (3 + 2 + 1), none of bob's or carol's accounts at its own limit.
    for (const user of [dave, bob, carol]) {
      const refused = await right(user);
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(retryAfter(refused)).toBeGreaterThan(0);
      expect(retryAfter(refused)).toBeLessThanOrEqual(server.config.loginWindowSeconds);
    }
    expect(errorCode(await login('someone.new@test.ketnap', TEST_PASSWORD))).toBe('RATE_LIMITED');
  });

  it('clears an account’s failures on a successful login (wrong, wrong, right, wrong, wrong → still allowed)', async () => {
    const alice = users[0];
    expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(ok(await right(alice)).login.user.email).toBe(alice.email);
    expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    const allowed = ok(await right(alice));
    expect(allowed.login.token).toEqual(expect.any(String));
    // The counting started again from the success: three more failures block as usual.
    for (let i = 0; i < 3; i += 1) expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(errorCode(await right(alice))).toBe('RATE_LIMITED');
  });

  it('does not let a burst of parallel wrong passwords try more passwords than the limit allows', async () => {
    const dave = users[3];
    // A password guesser sends its attempts at once rather than one after another.
    const responses = await Promise.all(Array.from({ length: 12 }, () => wrong(dave)));
    const codes = responses.map((r) => errorCode(r));
    expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'RATE_LIMITED')).toBe(true);
    const passwordsChecked = codes.filter((code) => code === 'UNAUTHENTICATED').length;
    expect(passwordsChecked).toBeLessThanOrEqual(server.config.loginMaxFailuresPerAccount);
    // Refused attempts checked no password and are not counted; the account is locked exactly
    // when the checked (failed) ones reached the limit. Either way no more passwords were tried.
    const [row] = (await server.dataSource.query('SELECT COUNT(*) AS n FROM login_failure WHERE email = ?', [dave.email])) as { n: number | string }[];
    expect(Number(row.n)).toBe(passwordsChecked);
    const expected = passwordsChecked >= server.config.loginMaxFailuresPerAccount ? 'RATE_LIMITED' : undefined;
    expect(errorCode(await right(dave))).toBe(expected);
  });

  it('does not clear other accounts’ failures on a successful login', async () => {
    const [alice, bob] = users;
    for (let i = 0; i < 3; i += 1) expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(ok(await right(bob)).login.user.email).toBe(bob.email);
    expect(errorCode(await right(alice))).toBe('RATE_LIMITED');
  });
});

describe('login throttling window (10 seconds)', () => {
  let server: TestServer;
  let users: User[];
  let address: string;

  const login = (user: User | string, password: string) => server.gql<LoginResult>(LOGIN, { email: typeof user === 'string' ? user : user.email, password });
  const right = (user: User) => login(user, TEST_PASSWORD);
  const wrong = (user: User) => login(user, 'not-the-password');

  async function insertFailures(email: string, ages: number[], from: string = address): Promise<void> {
    const now = nowEpoch();
    for (const age of ages) {
      await server.dataSource.query('INSERT INTO login_failure (email, address, at_epoch) VALUES (?, ?, ?)', [email, from, now - age]);
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerAddress: 6, loginWindowSeconds: 10 });
    const city = await buildOrganization(server.dataSource, null, { name: 'Thành ủy Cửa Sổ' });
    users = [];
    for (let i = 0; i < 3; i += 1) users.push(await buildUser(server.dataSource, Role.COMMITTEE, city));
    // The address the server sees for this client (::1, 127.0.0.1 or ::ffff:127.0.0.1).
    expect(errorCode(await login('probe@test.ketnap', 'x'))).toBe('UNAUTHENTICATED');
    const rows = (await server.dataSource.query('SELECT address FROM login_failure')) as { address: string }[];
    expect(rows).toHaveLength(1);
    address = rows[0].address;
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    await server.dataSource.query('DELETE FROM login_failure');
  });

  it('does not count an account’s failures older than the window', async () => {
    const alice = users[0];
    await insertFailures(alice.email, [11, 30, 3600, 86_400 * 365]);
    expect(ok(await right(alice)).login.user.email).toBe(alice.email);
    // Only the fresh ones count: two old ones and two fresh ones leave room for one more failure.
    await insertFailures(alice.email, [11, 12, 5, 4]);
    expect(errorCode(await wrong(alice))).toBe('UNAUTHENTICATED');
    expect(errorCode(await right(alice))).toBe('RATE_LIMITED');
  });

  it('does not count an address’s failures older than the window', async () => {
    const bob = users[1];
    for (let i = 0; i < 6; i += 1) await insertFailures(`old.${i}@test.ketnap`, [15]);
    for (let i = 0; i < 5; i += 1) await insertFailures(`fresh.${i}@test.ketnap`, [2]);
    // 11 failures from this address, 5 of them inside the window: under the limit of 6.
    expect(ok(await right(bob)).login.user.email).toBe(bob.email);
    await insertFailures('fresh.5@test.ketnap', [1]);
    expect(errorCode(await right(bob))).toBe('RATE_LIMITED');
    // Another address is not affected.
    await server.dataSource.query('UPDATE login_failure SET address = ?', ['203.0.113.7']);
    expect(ok(await right(bob)).login.user.email).toBe(bob.email);
  });

  it('answers a retryAfterSeconds after which the login is allowed again', async () => {
    const carol = users[2];
    // The oldest failure leaves the window in about a second.
    await insertFailures(carol.email, [8, 7, 2]);
    const refused = await right(carol);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    const wait = retryAfter(refused);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 300));
    expect(ok(await right(carol)).login.user.email).toBe(carol.email);
  });

  it('says how long to wait from the oldest failure in the window', async () => {
    const alice = users[0];
    await insertFailures(alice.email, [3, 2, 1]);
    const refused = await right(alice);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(6);
    expect(retryAfter(refused)).toBeLessThanOrEqual(8);
  });
});
