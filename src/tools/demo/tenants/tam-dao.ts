/** Huyện ủy Tam Đảo (seed 001): 36 cells, 859 members of 1,151 staff, 210 admitted between 2017 and 2022-05-17. */
import type { EntityManager } from 'typeorm';
import { CandidateStage as S, Role, StallReason } from '../../../domain/enums';
import { allocate, createTenant, seedTree, type CommuneSpec } from '../tree';
import { cellByTag, type ActiveSpec, type Tenant } from '../model';
import { seedMembers } from '../members';
import { activePlan, insertPlanned } from '../candidates';
import { addUser, standardUsers } from '../users';

const TAM_DAO_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy thị trấn Hợp Châu', code: 'HC', schools: ['MN:Hợp Châu', 'TH:Hợp Châu', 'THCS:Hợp Châu', 'MN:Hoa Mai'] },
  { name: 'Đảng ủy thị trấn Đại Đình', code: 'DD', schools: ['MN:Đại Đình', 'TH:Đại Đình', 'THCS:Đại Đình', 'MN:Hoa Sen'] },
  { name: 'Đảng ủy thị trấn Tam Đảo', code: 'TTTD', schools: ['MN:Thị trấn Tam Đảo', 'TH:Thị trấn Tam Đảo'] },
  { name: 'Đảng ủy xã Hồ Sơn', code: 'HS', schools: ['MN:Hồ Sơn', 'TH:Hồ Sơn', 'THCS:Hồ Sơn', 'MN:Sơn Ca'] },
  { name: 'Đảng ủy xã Tam Quan', code: 'TQ', schools: ['MN:Tam Quan', 'TH:Tam Quan', 'THCS:Tam Quan', 'TH:Tam Quan 2'] },
  { name: 'Đảng ủy xã Đạo Trù', code: 'DT', schools: ['MN:Đạo Trù', 'TH:Đạo Trù', 'THCS:Đạo Trù', 'TH:Đạo Trù Thượng', 'MN:Hoa Ban'] },
  { name: 'Đảng ủy xã Yên Dương', code: 'YD', schools: ['MN:Yên Dương', 'TH:Yên Dương', 'THCS:Yên Dương', 'MN:Yên Dương 2'] },
  { name: 'Đảng ủy xã Bồ Lý', code: 'BL', schools: ['MN:Bồ Lý', 'TH:Bồ Lý', 'THCS:Bồ Lý', 'TH:Bồ Lý 2'] },
  { name: 'Đảng ủy xã Minh Quang', code: 'MQ', schools: ['MN:Minh Quang', 'TH:Minh Quang', 'THCS:Minh Quang', 'TH:Minh Quang 2'] },
];
const TAM_DAO_DIRECT = 'THCS=Trường PTDTNT THCS Tam Đảo';
/** Cells whose secretary is a vice-principal (7 of 36; the other 29 secretaries are principals). */
const TAM_DAO_VICE_PRINCIPAL_SECRETARIES = new Set([2, 7, 12, 17, 22, 27, 32]);

const TAM_DAO_ACTIVE: ActiveSpec[] = [
  { tag: 'THCS:Hợp Châu', stage: S.SYMPATHIZER, on: '2026-04-13' },
  { tag: 'THCS:Hợp Châu', stage: S.SOURCE, on: '2026-09-07' },
  { tag: 'THCS:Hợp Châu', stage: S.TRAINED, on: '2026-07-06' },
  { tag: 'THCS:Hợp Châu', stage: S.DOSSIER, on: '2026-09-21' },
  { tag: TAM_DAO_DIRECT, stage: S.SYMPATHIZER, on: '2026-03-02' },
  { tag: TAM_DAO_DIRECT, stage: S.CELL_RESOLVED, on: '2026-09-28' },
  { tag: 'TH:Đại Đình', stage: S.SOURCE, on: '2026-05-18', stall: [StallReason.FAMILY_OR_ECONOMIC, 'Hoàn cảnh gia đình khó khăn'] },
  { tag: 'TH:Đại Đình', stage: S.TRAINED, on: '2026-06-08' },
  { tag: 'MN:Hồ Sơn', stage: S.DOSSIER, on: '2026-08-17' },
  { tag: 'MN:Hồ Sơn', stage: S.COMMITTEE_RESOLVED, on: '2026-10-19' },
];

export async function seedTamDao(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Huyện ủy Tam Đảo', slug: 'tamdao', code: 'TD', prng: 0x7a3d0002, province: '026',
    decidedBy: 'Ban Thường vụ Huyện ủy Tam Đảo', signer: 'Trần Quốc Khánh', decisionSuffix: 'QĐ/HU',
    trainingCentre: 'Trung tâm Chính trị huyện Tam Đảo', memberAdmissions: ['1996-01-01', '2016-12-30'],
  });
  const { communes, cells } = await seedTree(em, t, TAM_DAO_COMMUNES, [TAM_DAO_DIRECT], { staffTotal: 1151 });
  if (cells.length !== 36) throw new Error('Demo data: Tam Đảo must have 36 cells');

  // 859 members; non-teachers: 36 secretaries + 7 other principals (MANAGER) + 31 STAFF = 74, so 785 teachers.
  const counts = allocate(859, cells.map((c) => c.size));
  const recent = allocate(210, cells.map((c) => c.size));
  for (const [i, cell] of cells.entries()) {
    cell.members = await seedMembers(em, t, cell, {
      total: counts[i],
      secretaryIsPrincipal: !TAM_DAO_VICE_PRINCIPAL_SECRETARIES.has(i),
      staff: i < 31 ? 1 : 0,
      // The article's 210 from 2017 to its date; the later ones from 2023 to the end of the school year 2025-2026.
      windows: [
        { count: recent[i], from: '2017-01-01', to: '2022-05-17' },
        { count: i % 2, from: '2023-01-01', to: '2026-08-31' },
      ],
    });
  }
  for (const spec of TAM_DAO_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('HC')!, cellByTag(cells, 'THCS:Hợp Châu'));
  const direct = cellByTag(cells, TAM_DAO_DIRECT);
  await addUser(em, t, passwordHash, {
    email: 'secretary-direct.tamdao@ketnap.demo', displayName: direct.members!.secretary.fullName,
    role: Role.CELL_SECRETARY, organization: direct.org, member: direct.members!.secretary,
  });
  return t;
}
