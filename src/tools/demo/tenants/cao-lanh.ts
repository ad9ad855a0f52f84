/** Thành ủy Cao Lãnh (seed 000): 54 schools, 1,347 members of 1,920 staff, 48 admissions since 2021. */
import type { EntityManager } from 'typeorm';
import { CandidateStage as S, PersonCategory, SchoolLevel, StallReason } from '../../../domain/enums';
import { formatDate } from '../../../common/dates';
import { addDays, addYears, dateBetween, onWeekday } from '../dates';
import { allocate, createTenant, seedTree, type CommuneSpec } from '../tree';
import { cellByTag, type ActiveSpec, type CandidatePlan, type Tenant } from '../model';
import { seedMembers } from '../members';
import { activePlan, admittedPlan, insertPlanned, memberOf, student, teacher } from '../candidates';
import { standardUsers } from '../users';

const CAO_LANH_COMMUNES: CommuneSpec[] = [
  { name: 'Đảng ủy Phường 1', code: 'P1', schools: ['THPT:Thành phố Cao Lãnh', 'THCS:Kim Hồng', 'TH:Kim Đồng', 'TH:Trần Quốc Toản', 'MN:Sen Hồng'] },
  { name: 'Đảng ủy Phường 2', code: 'P2', schools: ['THPT:Thiên Hộ Dương', 'THCS:Nguyễn Du', 'TH:Nguyễn Trãi', 'TH:Lê Văn Tám', 'MN:Hoa Sen'] },
  { name: 'Đảng ủy Phường 3', code: 'P3', schools: ['THCS:Lê Quý Đôn', 'TH:Chu Văn An', 'TH:Võ Thị Sáu', 'MN:Tuổi Thơ', 'MN:Họa Mi'] },
  { name: 'Đảng ủy Phường 4', code: 'P4', schools: ['THCS:Phạm Hữu Lầu', 'TH:Phù Đổng', 'TH:Lý Tự Trọng', 'MN:Hương Sen'] },
  { name: 'Đảng ủy Phường 6', code: 'P6', schools: ['THPT:Đỗ Công Tường', 'THCS:Nguyễn Văn Khải', 'TH:Nguyễn Văn Trỗi', 'MN:Rạng Đông', 'MN:Măng Non'] },
  { name: 'Đảng ủy Phường 11', code: 'P11', schools: ['THCS:Phường 11', 'TH:Phường 11', 'TH:Đinh Bộ Lĩnh', 'MN:Phường 11'] },
  { name: 'Đảng ủy Phường Hòa Thuận', code: 'HT', schools: ['THCS:Hòa Thuận', 'TH:Hòa Thuận', 'TH:Trần Phú', 'MN:Hòa Thuận'] },
  { name: 'Đảng ủy xã Mỹ Tân', code: 'MT', schools: ['THCS:Mỹ Tân', 'TH:Mỹ Tân 1', 'TH:Mỹ Tân 2', 'MN:Mỹ Tân', 'MN:Bông Sen'] },
  { name: 'Đảng ủy xã Tịnh Thới', code: 'TTH', schools: ['THCS:Tịnh Thới', 'TH:Tịnh Thới 1', 'TH:Tịnh Thới 2', 'MN:Tịnh Thới'] },
  { name: 'Đảng ủy xã Tân Thuận Đông', code: 'TTD', schools: ['THCS:Tân Thuận Đông', 'TH:Tân Thuận Đông 1', 'TH:Tân Thuận Đông 2', 'MN:Tân Thuận Đông', 'MN:Sơn Ca'] },
  { name: 'Đảng ủy xã Tân Thuận Tây', code: 'TTT', schools: ['THCS:Tân Thuận Tây', 'TH:Tân Thuận Tây', 'MN:Tân Thuận Tây', 'MN:Vành Khuyên'] },
  { name: 'Đảng ủy xã Mỹ Trà', code: 'MTR', schools: ['THCS:Mỹ Trà', 'TH:Mỹ Trà', 'MN:Mỹ Trà', 'MN:Hoa Mai'] },
];

/** The 6 students admitted since 2021 (ADMITTED dates), in the THPT cells. */
const CAO_LANH_STUDENT_ADMISSIONS = ['2021-05-12', '2022-04-20', '2023-05-10', '2024-03-27', '2024-05-15', '2025-04-23'];
/** Months of the teachers' admission decisions (none in Aug-Oct, so no probation ends near today). */
const DECISION_MONTHS = [1, 2, 3, 4, 5, 6, 7, 11];

const CAO_LANH_ACTIVE: ActiveSpec[] = [
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.SYMPATHIZER, on: '2026-03-16', born: '2008-05-10' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.SOURCE, on: '2026-09-21', born: '2009-02-14' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.DOSSIER, on: '2026-09-08' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.CELL_RESOLVED, on: '2026-10-05' },
  { tag: 'THPT:Thành phố Cao Lãnh', stage: S.COMMITTEE_RESOLVED, on: '2026-10-20' },
  { tag: 'THPT:Thiên Hộ Dương', stage: S.TRAINED, on: '2026-08-10', born: '2008-01-20' },
  { tag: 'THPT:Thiên Hộ Dương', stage: S.SOURCE, on: '2026-04-06', stall: [StallReason.NOT_WILLING, 'Chưa muốn vào Đảng, cần tiếp tục vận động'] },
  { tag: 'THPT:Đỗ Công Tường', stage: S.SYMPATHIZER, on: '2026-02-23', born: '2008-10-02' },
  { tag: 'THPT:Đỗ Công Tường', stage: S.DOSSIER, on: '2026-07-20' },
  { tag: 'THCS:Kim Hồng', stage: S.SOURCE, on: '2026-02-02', born: '1967-04-12', category: PersonCategory.TEACHER, stall: [StallReason.NEAR_RETIREMENT, 'Lớn tuổi, sắp nghỉ hưu'] },
  { tag: 'THCS:Mỹ Tân', stage: S.TRAINED, on: '2026-06-15', stall: [StallReason.BACKGROUND_ISSUE, 'Vướng lý lịch: chưa thẩm tra xong lý lịch người thân'] },
  { tag: 'TH:Kim Đồng', stage: S.SYMPATHIZER, on: '2026-05-11', stall: [StallReason.QUALIFICATION, 'Hạn chế về trình độ chuyên môn, đang học nâng chuẩn'] },
  { tag: 'TH:Mỹ Trà', stage: S.SOURCE, on: '2026-03-09', stall: [StallReason.FAMILY_OR_ECONOMIC, 'Gia đình đơn chiếc, chú trọng kinh tế gia đình'] },
  { tag: 'MN:Hoa Sen', stage: S.TRAINED, on: '2026-04-20' },
  { tag: 'THCS:Tịnh Thới', stage: S.CELL_RESOLVED, on: '2026-06-01' },
  { tag: 'TH:Hòa Thuận', stage: S.CELL_RESOLVED, on: '2026-09-14' },
  { tag: 'THCS:Nguyễn Du', stage: S.COMMITTEE_RESOLVED, on: '2026-10-12' },
  { tag: 'MN:Tân Thuận Đông', stage: S.DOSSIER, on: '2026-08-24' },
  { tag: 'TH:Tân Thuận Tây', stage: S.SYMPATHIZER, on: '2026-06-22' },
  { tag: 'THCS:Lê Quý Đôn', stage: S.SOURCE, on: '2026-05-04', category: PersonCategory.STAFF },
  { tag: 'TH:Phù Đổng', stage: S.DROPPED, on: '2026-04-13', after: S.SYMPATHIZER, reason: 'Chuyển công tác sang tỉnh khác' },
  { tag: 'THCS:Phạm Hữu Lầu', stage: S.REJECTED, on: '2026-05-18', after: S.DOSSIER, reason: 'Biểu quyết của chi bộ không đạt 2/3 số đảng viên chính thức' },
];

export async function seedCaoLanh(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Thành ủy Cao Lãnh', slug: 'caolanh', code: 'CL', prng: 0x0c4a0001, province: '087',
    decidedBy: 'Ban Thường vụ Thành ủy Cao Lãnh', signer: 'Nguyễn Văn Phúc', decisionSuffix: 'QĐ/TU',
    trainingCentre: 'Trung tâm Chính trị thành phố Cao Lãnh', memberAdmissions: ['1998-01-01', '2020-12-31'],
  });
  const { communes, cells } = await seedTree(em, t, CAO_LANH_COMMUNES, [], { staffTotal: 1920 });
  if (cells.length !== 54) throw new Error('Demo data: Cao Lãnh must have 54 schools');

  // The 48 admissions since 2021, planned first: their member rows are part of the 1,347.
  const admitted: CandidatePlan[] = [];
  const upper = cells.filter((c) => c.level === SchoolLevel.UPPER_SECONDARY);
  CAO_LANH_STUDENT_ADMISSIONS.forEach((on, i) => {
    const plan = admittedPlan(t, upper[i % upper.length], student(t, '2000-01-01'), onWeekday(on));
    const cellVote = plan.dates.find((d) => d.stage === S.CELL_RESOLVED)!.on;
    // Born early in the year that makes them 18 in grade 12, and 18 by the cell's vote.
    const dateOfBirth = dateBetween(t.rng, `${Number(cellVote.slice(0, 4)) - 18}-01-01`, addDays(addYears(cellVote, -18), -14));
    plan.person = { ...plan.person, dateOfBirth, nationalId: t.people.nationalId(plan.person.gender, dateOfBirth) };
    admitted.push(plan);
  });
  t.rng.shuffle(cells).slice(0, 42).forEach((cell, i) => {
    const year = 2021 + Math.floor((i * 5) / 42);
    const on = onWeekday(formatDate(year, t.rng.pick(DECISION_MONTHS), t.rng.int(1, 20)));
    admitted.push(admittedPlan(t, cell, teacher(t, cell), on));
  });

  // 1,347 members among the 1,920 managers, teachers and staff (70.16%), plus the 6 admitted students.
  const counts = allocate(1347 + CAO_LANH_STUDENT_ADMISSIONS.length, cells.map((c) => c.size));
  for (const [i, cell] of cells.entries()) {
    const fixed = admitted.filter((p) => p.cell === cell).map(memberOf);
    cell.members = await seedMembers(em, t, cell, { total: counts[i], fixed, staff: Math.round(counts[i] * 0.08) });
  }
  const decided = (plan: CandidatePlan) => plan.dates[plan.dates.length - 1].on;
  admitted.sort((a, b) => (decided(a) < decided(b) ? -1 : decided(a) > decided(b) ? 1 : 0));
  for (const plan of admitted) await insertPlanned(em, t, plan);
  for (const spec of CAO_LANH_ACTIVE) await insertPlanned(em, t, activePlan(t, cells, spec));

  await standardUsers(em, t, passwordHash, communes.get('P1')!, cellByTag(cells, 'THPT:Thành phố Cao Lãnh'));
  return t;
}
