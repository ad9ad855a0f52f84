import { In, type DataSource } from 'typeorm';
import type { AppConfig } from '../../config';
import { DEFAULT_DEMO_PASSWORD } from '../../common/password';
import { User } from './user.entity';
import { Organization } from '../organization/organization.entity';

/** A demo login as the web client's login page lists it. */
export interface DemoLogin {
  email: string;
  role: string;
  displayName: string;
  organizationName: string | null;
}

/** What the login page may show: the demo's logins, only where the demo's published logins belong. */
export interface DemoInfo {
  /** The password, when it is the published one (otherwise the one who set DEMO_PASSWORD knows it). */
  password: string | null;
  logins: DemoLogin[];
}

const DEMO_DOMAIN = '@ketnap.demo';

/**
 * Development with the demo data only (embedded or `SEED_DEMO=true` outside production): a
 * production server never lists a login, whatever its data, so it never says who may log in.
 */
export function listsDemoLogins(config: AppConfig): boolean {
  return config.env !== 'production' && config.seedDemo;
}

export async function demoInfo(config: AppConfig, dataSource: DataSource): Promise<DemoInfo | null> {
  if (!listsDemoLogins(config)) return null;
  const users = await dataSource.getRepository(User).createQueryBuilder('u').where('u.email LIKE :domain', { domain: `%${DEMO_DOMAIN}` }).andWhere('u.disabled = :disabled', { disabled: false }).orderBy('u.id', 'ASC').getMany();
  if (users.length === 0) return null;
  const orgIds = [...new Set(users.map((u) => u.organizationId).filter((id): id is number => id !== null))];
  const organizations = orgIds.length ? await dataSource.getRepository(Organization).findBy({ id: In(orgIds) }) : [];
  const names = new Map(organizations.map((o) => [o.id, o.name]));
  return {
    password: config.demoPassword === DEFAULT_DEMO_PASSWORD ? config.demoPassword : null,
    logins: users.map((u) => ({ email: u.email, role: u.role, displayName: u.displayName, organizationName: u.organizationId === null ? null : (names.get(u.organizationId) ?? null) })),
  };
}
