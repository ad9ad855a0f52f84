/** Thị ủy Cai Lậy (seed 004): 3 THPT cells with 85 members, 4,410 pupils, student candidates turning 18 in grade 12. */
import type { EntityManager } from 'typeorm';
import { CandidateStage as S } from '../../../domain/enums';
import { allocate, createTenant, seedTree, type CommuneSpec, type SchoolOverride } from '../tree';
import { cellByTag, type ActiveSpec, type Tenant } from '../model';
import { seedMembers } from '../members';
import { activePlan, insertPlanned } from '../candidates';
import { standardUsers } from '../users';

const CAI_LAY_THPT = ['THPT:Đốc Binh Kiều', 'THPT:Tứ Kiệt', 'THPT:Lê Văn Phẩm'];
/** 2025-2026: 4,410 pupils, 1,410 of them in grade 12. */
const CAI_LAY_OVERRIDES: Record<string, SchoolOverride> = {
  'THPT:Đốc Binh Kiều': { size: 96, students: 1620, grade12: 520 },
  'THPT:Tứ Kiệt': { size: 88, students: 1500, grade12: 480 },
  'THPT:Lê Văn Phẩm': { size: 76, students: 1290, grade12: 410 },
};
const CAI_LAY_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy Phường 1', code: 'P1', schools: ['TH:Đinh Bộ Lĩnh', 'THCS:Phường 1'] },
  { name: 'Đảng ủy Phường 2', code: 'P2', schools: ['TH:Phường 2'] },
  { name: 'Đảng ủy Phường 4', code: 'P4', schools: ['TH:Phường 4', 'THCS:Phường 4'] },
  { name: 'Đảng ủy Phường 5', code: 'P5', schools: ['THCS:Phường 5'] },
  { name: 'Đảng ủy xã Nhị Mỹ', code: 'NM', schools: ['TH:Nhị Mỹ', 'THCS:Nhị Mỹ'] },
];
const CAI_LAY_ACTIVE: ActiveSpec[] = [
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SYMPATHIZER, on: '2026-01-19', born: '2008-03-15' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SOURCE, on: '2025-10-13', born: '2008-09-30' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.SOURCE, on: '2026-09-28', born: '2009-04-22' },
  { tag: 'THPT:Đốc Binh Kiều', stage: S.DOSSIER, on: '2026-08-10' },
  { tag: 'THPT:Tứ Kiệt', stage: S.SYMPATHIZER, on: '2026-03-09', born: '2008-12-01' },
  { tag: 'THPT:Tứ Kiệt', stage: S.SOURCE, on: '2026-10-05', born: '2009-07-08' },
  { tag: 'THPT:Lê Văn Phẩm', stage: S.SOURCE, on: '2025-11-17', born: '2008-06-18' },
  { tag: 'THPT:Lê Văn Phẩm', stage: S.SYMPATHIZER, on: '2026-10-12', born: '2009-01-25' },
  { tag: 'THCS:Phường 4', stage: S.SYMPATHIZER, on: '2026-05-25' },
];

export async function seedCaiLay(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Thị ủy Cai Lậy', slug: 'cailay', code: 'CLY', prng: 0xca1a0004, province: '082',
    decidedBy: 'Ban Thường vụ Thị ủy Cai Lậy', signer: 'Lê Thanh Tùng', decisionSuffix: 'QĐ/TU',
    trainingCentre: 'Trung tâm Chính trị thị xã Cai Lậy', memberAdmissions: ['1998-01-01', '2024-06-30'],
  });
  const { communes, cells } = await seedTree(em, t, CAI_LAY_COMMUNES, CAI_LAY_THPT, { overrides: CAI_LAY_OVERRIDES });
  const upper = CAI_LAY_THPT.map((tag) => cellByTag(cells, tag));
  const counts = allocate(85, upper.map((c) => c.size));
  for (const [i, cell] of upper.entries()) cell.members = await seedMembers(em, t, cell, { total: counts[i], staff: 2 });
  for (const cell of cells.filter((c) => !upper.includes(c))) {
    cell.members = await seedMembers(em, t, cell, { total: Math.round(cell.size * 0.62), staff: 1 });
  }
  for (const spec of CAI_LAY_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('P4')!, upper[0]);
  return t;
}
