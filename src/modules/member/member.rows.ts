import type { EntityManager } from 'typeorm';
import type { Organization } from '../organization/organization.entity';
import { Member } from './member.entity';
import { MemberStatus, type Gender, type PersonCategory } from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';

/**
 * Low-level writers of member rows: they insert what they are told, computing their tenant and name keys,
 * without permission checks. The services call them after checking; the demo and scale tools
 * and test factories call them directly.
 */

export interface MemberSeed {
  fullName: string;
  /** Since when the member is in the cell (the ceremony for a member admitted there). */
  joinedCellOn?: string | null;
  category: PersonCategory;
  status?: MemberStatus;
  gender?: Gender | null;
  dateOfBirth?: string | null;
  admittedOn?: string | null;
  officialOn?: string | null;
  isSecretary?: boolean;
  isPrincipal?: boolean;
  nationalId?: string | null;
}

function memberRow(cell: Organization, seed: MemberSeed): Partial<Member> {
  const fullName = normalizeText(seed.fullName);
  return {
    tenantId: cell.tenantId,
    organizationId: cell.id,
    fullName,
    ...nameKeys(fullName),
    category: seed.category,
    status: seed.status ?? MemberStatus.OFFICIAL,
    gender: seed.gender ?? null,
    dateOfBirth: seed.dateOfBirth ?? null,
    admittedOn: seed.admittedOn ?? null,
    officialOn: seed.officialOn ?? null,
    isSecretary: seed.isSecretary ?? false,
    isPrincipal: seed.isPrincipal ?? false,
    nationalId: seed.nationalId ?? null,
    joinedCellOn: seed.joinedCellOn ?? null,
    version: 1,
  };
}

export async function insertMember(em: EntityManager, cell: Organization, seed: MemberSeed): Promise<Member> {
  return em.save(em.create(Member, memberRow(cell, seed)));
}

/** Many members at once (bulk insert, chunked): for the hundreds of members of a district. */
export async function insertMembers(em: EntityManager, cell: Organization, seeds: MemberSeed[]): Promise<void> {
  const rows = seeds.map((seed) => memberRow(cell, seed));
  for (let i = 0; i < rows.length; i += 200) {
    await em.insert(Member, rows.slice(i, i + 200));
  }
}
