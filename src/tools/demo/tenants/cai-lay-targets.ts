import { IsNull, type EntityManager } from 'typeorm';
import { Organization } from '../../../modules/organization/organization.entity';
import { cellsOfLevelUnder } from '../../../modules/school/school.service';
import { SchoolLevel } from '../../../domain/enums';
import { Target, TargetMetric } from '../../../modules/report/target.entity';

/**
 * Cai Lậy's plan (seed 004): in 2024-2025 and every year of 2026-2030, each upper-secondary
 * cell admits at least one student and sends at least ten to the awareness class.
 */
export async function seedCaiLayTargets(em: EntityManager): Promise<number> {
  const root = await em.findOneBy(Organization, { name: 'Thị ủy Cai Lậy', parentId: IsNull() });
  if (!root) return 0;
  const cells = await cellsOfLevelUnder(em, root, SchoolLevel.UPPER_SECONDARY);
  const rows: Partial<Target>[] = [];
  for (const cell of cells) {
    for (let year = 2024; year <= 2030; year += 1) {
      rows.push({ tenantId: cell.tenantId, organizationId: cell.id, year, metric: TargetMetric.STUDENT_ADMISSIONS, value: 1 });
      rows.push({ tenantId: cell.tenantId, organizationId: cell.id, year, metric: TargetMetric.STUDENT_AWARENESS_CLASS, value: 10 });
    }
  }
  if (rows.length) await em.insert(Target, rows);
  return rows.length;
}
