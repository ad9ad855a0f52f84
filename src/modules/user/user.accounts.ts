/** The accounts behind session tokens, logins and the CLI's --user, as auth/'s AccountDirectory reads them. */
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Account } from '../../auth/principal';
import { Organization } from '../organization/organization.entity';
import { User } from './user.entity';

/** An account's columns and the path of the organization it acts for, in one statement. */
function accountQuery(dataSource: DataSource, extraColumns: string[] = []): SelectQueryBuilder<User> {
  return dataSource
    .getRepository(User)
    .createQueryBuilder('app_user')
    .leftJoin(Organization, 'org', 'org.id = app_user.organizationId')
    .select(['app_user.id', 'app_user.role', 'app_user.tenantId', 'app_user.organizationId', 'app_user.memberId', 'app_user.disabled', 'app_user.tokenVersion', ...extraColumns])
    .addSelect('org.path', 'org_path');
}

async function accountOf(query: SelectQueryBuilder<User>): Promise<{ account: Account; user: User } | null> {
  const { entities, raw } = await query.getRawAndEntities();
  const user = entities[0];
  if (!user) return null;
  const { id, role, tenantId, organizationId, memberId, disabled, tokenVersion } = user;
  return { user, account: { id, role, tenantId, organizationId, memberId, disabled, tokenVersion, organizationPath: (raw[0]?.org_path as string | null | undefined) ?? '' } };
}

export const userAccounts = {
  async accountById(dataSource: DataSource, id: number): Promise<Account | null> {
    return (await accountOf(accountQuery(dataSource).where('app_user.id = :id', { id })))?.account ?? null;
  },
  async accountByEmail(dataSource: DataSource, email: string): Promise<(Account & { passwordHash: string }) | null> {
    const found = await accountOf(accountQuery(dataSource, ['app_user.passwordHash']).where('app_user.email = :email', { email }));
    return found && { ...found.account, passwordHash: found.user.passwordHash };
  },
};
