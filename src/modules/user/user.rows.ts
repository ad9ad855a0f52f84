import type { EntityManager } from 'typeorm';
import type { Organization } from '../organization/organization.entity';
import type { Member } from '../member/member.entity';
import { User } from './user.entity';
import type { Role } from '../../domain/enums';
import { normalizeText } from '../../common/text';

/**
 * Low-level writers of user account rows: they insert what they are told, computing their tenant,
 * without permission checks. The services call them after checking; the demo and scale tools
 * and test factories call them directly.
 */

export async function insertUser(
  em: EntityManager,
  seed: { email: string; displayName: string; role: Role; organization: Organization | null; member?: Member | null; passwordHash: string },
): Promise<User> {
  return em.save(
    em.create(User, {
      email: seed.email.toLowerCase(),
      displayName: normalizeText(seed.displayName),
      role: seed.role,
      tenantId: seed.organization?.tenantId ?? null,
      organizationId: seed.organization?.id ?? null,
      memberId: seed.member?.id ?? null,
      passwordHash: seed.passwordHash,
      disabled: false,
      tokenVersion: 1,
    }),
  );
}
