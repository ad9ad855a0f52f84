/**
 * The demo data set: four tenants built from the source articles (shared/seeds).
 *
 * - Thành ủy Cao Lãnh (seed 000): 54 schools, 1,920 managers/teachers/staff, 1,347 members
 *   (70.16%), 48 admissions since 2021 (42 teachers, 6 students), candidates at every stage.
 * - Huyện ủy Tam Đảo (seed 001): 36 cells (35 under communes, 1 directly under the district),
 *   859 members = 74.6% of 1,151, 785 teachers, 29/36 secretaries are principals, 210 admitted
 *   between 2017 and 2022-05-17.
 * - Huyện ủy Định Hóa (seed 002): Chi bộ Trường THCS Bình Thành and its ceremony of 13/4/2022.
 * - Thị ủy Cai Lậy (seed 004): 3 THPT cells with 85 members, 4,410 pupils (1,410 in grade 12),
 *   student candidates turning 18 in their last school year.
 *
 * Deterministic: every tenant has its own seeded PRNG and all dates derive from fixed dates.
 * The demo's "today" is 2026-11-01: no step is dated on or after it.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config';
import { log } from '../../logger';
import { inTransaction } from '../../db/transaction';
import { hashPassword } from '../../auth/tokens';
import { Organization } from '../../modules/organization/organization.entity';
import { refreshDeadlines } from '../../modules/candidate/path/path.service';
import { Role } from '../../domain/enums';
import type { DemoSummary, Tenant } from './model';
import { addUser, done } from './users';
import { seedCaoLanh } from './tenants/cao-lanh';
import { seedTamDao } from './tenants/tam-dao';
import { seedDinhHoa } from './tenants/dinh-hoa';
import { seedCaiLay } from './tenants/cai-lay';
import { seedCaiLayTargets } from './tenants/cai-lay-targets';

/** Seeds the four demo tenants and their users; `em` is inside the caller's transaction. */
export async function seedDemoData(em: EntityManager, passwordHash: string, log: (message: string) => void = () => {}): Promise<DemoSummary> {
  const admin = await addUser(em, null, passwordHash, { email: 'admin@ketnap.demo', displayName: 'Quản trị hệ thống', role: Role.SYSTEM_ADMIN, organization: null });
  const tenants: Tenant[] = [];
  for (const seed of [seedCaoLanh, seedTamDao, seedDinhHoa, seedCaiLay]) tenants.push(done(await seed(em, passwordHash), log));
  const total = (key: keyof Tenant['counts']) => tenants.reduce((sum, t) => sum + t.counts[key], 0);
  return {
    users: [admin, ...tenants.flatMap((t) => t.users)],
    organizations: total('organizations'),
    schools: total('schools'),
    members: total('members'),
    candidates: total('candidates'),
  };
}

/** Seeds the demo data into an empty database; returns null when there was data already. */
export async function seedDemoIfEmpty(dataSource: DataSource, config: AppConfig): Promise<DemoSummary | null> {
  if ((await dataSource.getRepository(Organization).count()) > 0) return null;
  const passwordHash = await hashPassword(config.demoPassword);
  return inTransaction(dataSource, async (em) => {
    const summary = await seedDemoData(em, passwordHash, (message) => log('info', message));
    await seedCaiLayTargets(em);
    await refreshDeadlines(em, config.rules);
    return summary;
  });
}
