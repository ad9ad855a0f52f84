/** Huyện ủy Định Hóa (seed 002): Chi bộ Trường THCS Bình Thành and its ceremony of 13/4/2022. */
import type { EntityManager } from 'typeorm';
import { CandidateStage as S, EducationLevel, Gender, StallReason } from '../../../domain/enums';
import { createTenant, seedTree } from '../tree';
import { cellByTag, type CandidatePlan, type Tenant } from '../model';
import { recognitionAfter, seedMembers } from '../members';
import { activePlan, insertPlanned, memberOf, pathTo, stepsOn, teacher } from '../candidates';
import { standardUsers } from '../users';

export async function seedDinhHoa(em: EntityManager, passwordHash: string): Promise<Tenant> {
  const t = await createTenant(em, {
    name: 'Huyện ủy Định Hóa', slug: 'dinhhoa', code: 'DH', prng: 0xd10a0003, province: '019',
    decidedBy: 'Ban Thường vụ Huyện ủy Định Hóa', signer: 'Ma Văn Thắng', decisionSuffix: 'QĐ/HU',
    trainingCentre: 'Trung tâm Chính trị huyện Định Hóa', memberAdmissions: ['1998-01-01', '2020-12-31'],
  });
  const { communes, cells } = await seedTree(
    em,
    t,
    [
      { name: 'Đảng ủy xã Bình Thành', code: 'BT', schools: ['THCS:Bình Thành'] },
      { name: 'Đảng ủy thị trấn Chợ Chu', code: 'CC', schools: ['THCS:Chợ Chu', 'TH:Chợ Chu'] },
    ],
    [],
    { overrides: { 'THCS:Bình Thành': { size: 30, students: 412 } } },
  );
  const binhThanh = cellByTag(cells, 'THCS:Bình Thành');

  // Phan Đình Hùng and Trần Thị Mai: decision of the district standing committee, ceremony on 13/4/2022;
  // their probation ended on 13/4/2023, official from that day, recognised by decisions of 20/4 and 8/5/2023.
  const path = (recognisedOn: string): Omit<CandidatePlan, 'person' | 'facts'> => ({
    cell: binhThanh,
    // SOURCE, SYMPATHIZER, TRAINED, DOSSIER, CELL_RESOLVED, COMMITTEE_RESOLVED, ADMITTED
    dates: stepsOn('2020-09-14', '2020-11-16', '2021-07-09', '2021-11-22', '2022-01-10', '2022-02-21', '2022-03-15'),
    ceremony: '2022-04-13',
    recognition: recognitionAfter('2023-04-13', recognisedOn),
  });
  const hung: CandidatePlan = {
    ...path('2023-04-20'),
    person: teacher(t, binhThanh, { fullName: 'Phan Đình Hùng', gender: Gender.MALE, dateOfBirth: '1992-08-19', educationLevel: EducationLevel.UNIVERSITY }),
    facts: { [S.ADMITTED]: { decisionNumber: '1234-QĐ/HU' }, [S.COMMITTEE_RESOLVED]: { resolutionNumber: '45-NQ/ĐU' } },
  };
  const mai: CandidatePlan = {
    ...path('2023-05-08'),
    person: teacher(t, binhThanh, { fullName: 'Trần Thị Mai', gender: Gender.FEMALE, dateOfBirth: '1994-03-02', educationLevel: EducationLevel.UNIVERSITY }),
    facts: { [S.ADMITTED]: { decisionNumber: '1235-QĐ/HU' }, [S.COMMITTEE_RESOLVED]: { resolutionNumber: '46-NQ/ĐU' } },
  };

  binhThanh.members = await seedMembers(em, t, binhThanh, {
    total: 18,
    secretary: { fullName: 'Trần Văn Hùng', gender: Gender.MALE },
    fixed: [memberOf(hung), memberOf(mai)],
    staff: 1,
  });
  for (const cell of cells.filter((c) => c !== binhThanh)) {
    cell.members = await seedMembers(em, t, cell, { total: Math.round(cell.size * 0.65), staff: 1 });
  }
  await insertPlanned(em, t, hung);
  await insertPlanned(em, t, mai);
  // Sent to the awareness class in school year 2021-2022, then stalled.
  await insertPlanned(em, t, {
    cell: binhThanh,
    person: teacher(t, binhThanh),
    dates: pathTo(t.rng, binhThanh, S.TRAINED, '2021-12-10'),
    stall: { reason: StallReason.FAMILY_OR_ECONOMIC, note: 'Hoàn cảnh gia đình khó khăn, xin lùi thời gian', recordedOn: '2022-09-12' },
  });
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Bình Thành', stage: S.SYMPATHIZER, on: '2026-03-23' }));
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Bình Thành', stage: S.SOURCE, on: '2026-09-14' }));
  await insertPlanned(em, t, activePlan(t, cells, { tag: 'THCS:Chợ Chu', stage: S.SOURCE, on: '2026-10-05' }));

  await standardUsers(em, t, passwordHash, communes.get('BT')!, binhThanh);
  return t;
}
