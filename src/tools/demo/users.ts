/** The demo's users: the five every tenant has, and the line each tenant logs when it is done. */
import type { EntityManager } from 'typeorm';
import type { Organization } from '../../modules/organization/organization.entity';
import type { Member } from '../../modules/member/member.entity';
import { Role } from '../../domain/enums';
import { insertUser } from '../../modules/user/user.rows';
import type { Cell, DemoUser, Tenant } from './model';

export async function addUser(
  em: EntityManager,
  t: Tenant | null,
  passwordHash: string,
  seed: { email: string; displayName: string; role: Role; organization: Organization | null; member?: Member | null },
): Promise<DemoUser> {
  await insertUser(em, { ...seed, passwordHash });
  const user = { email: seed.email, role: seed.role, organizationName: seed.organization?.name ?? '', tenant: t?.name ?? '' };
  t?.users.push(user);
  return user;
}

/** The five users every tenant has: committee, commune, secretary and mentor of one cell, reporter. */
export async function standardUsers(em: EntityManager, t: Tenant, passwordHash: string, commune: Organization, cell: Cell): Promise<void> {
  const { secretary, mentors } = cell.members!;
  const mail = (who: string) => `${who}.${t.slug}@ketnap.demo`;
  await addUser(em, t, passwordHash, { email: mail('committee'), displayName: `Ban Tổ chức ${t.name}`, role: Role.COMMITTEE, organization: t.root });
  await addUser(em, t, passwordHash, { email: mail('commune'), displayName: `Văn phòng ${commune.name}`, role: Role.COMMITTEE, organization: commune });
  await addUser(em, t, passwordHash, { email: mail('secretary'), displayName: secretary.fullName, role: Role.CELL_SECRETARY, organization: cell.org, member: secretary });
  await addUser(em, t, passwordHash, { email: mail('mentor'), displayName: mentors[0].fullName, role: Role.MENTOR, organization: cell.org, member: mentors[0] });
  await addUser(em, t, passwordHash, { email: mail('reporter'), displayName: `Báo cáo thống kê ${t.name}`, role: Role.REPORTER, organization: t.root });
}

export function done(t: Tenant, log: (message: string) => void): Tenant {
  const c = t.counts;
  log(`${t.name}: ${c.organizations} organizations, ${c.schools} schools, ${c.members} members, ${c.candidates} candidates, ${t.users.length} users`);
  return t;
}
