import type { EntityManager } from 'typeorm';
import type { Organization } from '../organization/organization.entity';
import { School, SchoolHeadcount } from './school.entity';
import type { SchoolLevel } from '../../domain/enums';
import { nameKeys, normalizeText } from '../../common/text';
import { placedIn } from '../organization/organization.rows';

/**
 * Low-level writers of school rows: they insert what they are told, computing its tenant and name keys,
 * without permission checks. The services call them after checking; the demo and scale tools
 * and test factories call them directly.
 */

export interface HeadcountSeed {
  schoolYear: number;
  managers: number;
  teachers: number;
  staff: number;
  students: number;
  grade12Students?: number;
}

export async function insertSchool(
  em: EntityManager,
  organization: Organization,
  seed: { name: string; level: SchoolLevel; code?: string; headcounts?: HeadcountSeed[] },
): Promise<School> {
  const name = normalizeText(seed.name);
  const school = await em.save(
    em.create(School, {
      ...placedIn(organization),
      name,
      ...nameKeys(name),
      code: seed.code ?? null,
      level: seed.level,
    }),
  );
  if (seed.headcounts?.length) {
    await em.insert(
      SchoolHeadcount,
      seed.headcounts.map((h) => ({ schoolId: school.id, grade12Students: 0, ...h })),
    );
  }
  return school;
}
