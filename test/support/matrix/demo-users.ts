import type { TestServer } from '../server';
import { gqlAs } from '../http';
import { toGlobalId } from '../../../src/graphql/global-id';
import type { Role } from '../../../src/domain/enums';
import { Organization } from '../../../src/modules/organization/organization.entity';
import { User } from '../../../src/modules/user/user.entity';
import type { DemoUser } from '../../../src/tools/demo/model';

/** The matrix's users: demo users logged in through the API (and reporting clients with an API key). */

export interface MatrixUser {
  email: string;
  role: Role;
  token: string;
  /** Null for a reporting client calling with an API key. */
  userId: number | null;
  /** The Authorization header, when it is not "Bearer <token>" (an API key). */
  authorization?: string;
  tenantId: number | null;
  organizationId: number | null;
  /** Path of the organization the user acts for; '' for the administrator. */
  path: string;
  memberId: number | null;
}

export const bearer = (user: MatrixUser): string => user.authorization ?? `Bearer ${user.token}`;

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token user { id role } } }`;

/** Logs every given demo user in through the `login` mutation, once each. */
export async function loginDemoUsers(server: TestServer, demoUsers: readonly DemoUser[]): Promise<MatrixUser[]> {
  const users: MatrixUser[] = [];
  for (const demo of demoUsers) {
    const result = await gqlAs<{ login: { token: string; user: { id: string; role: Role } } }>(server, null, LOGIN, { email: demo.email, password: server.config.demoPassword });
    if (!result.data?.login) throw new Error(`login of ${demo.email} failed: ${JSON.stringify(result.errors)}`);
    const row = await server.dataSource.getRepository(User).findOneByOrFail({ email: demo.email });
    const organization = row.organizationId === null ? null : await server.dataSource.getRepository(Organization).findOneByOrFail({ id: row.organizationId });
    if (result.data.login.user.role !== row.role || result.data.login.user.id !== toGlobalId('User', row.id)) throw new Error(`login of ${demo.email} returned another user`);
    users.push({
      email: demo.email,
      role: row.role,
      token: result.data.login.token,
      userId: row.id,
      tenantId: row.tenantId,
      organizationId: row.organizationId,
      path: organization?.path ?? '',
      memberId: row.memberId,
    });
  }
  return users;
}
