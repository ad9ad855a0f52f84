import { startTestServer, ok, errorCode, type TestServer } from './support/server';
import type { CandidatePathView } from './support/path-steps';
import { buildCandidate, buildCell, buildMember, buildOrganization, buildUser, gid } from './factories';
import { CandidateStage, MemberStatus, Role } from '../src/domain/enums';
import { Member } from '../src/modules/member/member.entity';
import { AuditLog } from '../src/modules/audit/audit.entity';

/** A candidate's whole way, from outstanding person to official member, through the API. */
const FIELDS = `id stage stageSince version mentor { fullName } probationEndsOn recognitionResolvedOn
  nextStep { action stage actor role organization { name } }
  deadline { kind dueOn overdue workingDaysLeft }`;

interface CandidateView extends CandidatePathView {
  nextStep: { action: string; stage: string; actor: string; role: string; organization: { name: string } | null } | null;
}

describe('the full path from SOURCE to OFFICIAL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('takes a candidate under a commune through every step, each recorded by the right people', async () => {
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null, { name: 'Huyện ủy Định Hóa' });
    const commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Bình Thành' });
    const { cell } = await buildCell(ds, commune, { name: 'Chi bộ Trường THCS Bình Thành' });
    const officials = [];
    for (let i = 0; i < 9; i += 1) officials.push(await buildMember(ds, cell, { fullName: `Đảng viên ${i}`, admittedOn: '2010-01-01', officialOn: '2011-01-01' }));
    const secretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cell));
    const communeCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, commune));
    const cityCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
    const candidate = await buildCandidate(ds, cell, { fullName: 'Phan Đình Hùng', dateOfBirth: '1995-03-10', steps: [{ stage: CandidateStage.SOURCE, on: '2024-01-02' }] });
    const candidateId = gid.candidate(candidate);
    let version = candidate.version;

    async function step(mutation: string, inputType: string, input: Record<string, unknown>, token: string): Promise<CandidateView> {
      const response = await server.gql<Record<string, CandidateView>>(
        `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${FIELDS} } }`,
        { input: { candidateId, version, ...input } },
        token,
      );
      const view = ok(response)[mutation];
      expect(view.version).toBe(version + 1);
      version = view.version;
      return view;
    }

    const sympathizer = await step('markSympathizer', 'MarkSympathizerInput', { resolutionDate: '2024-02-01', mentorId: gid.member(officials[0]) }, secretary);
    expect(sympathizer).toMatchObject({ stage: 'SYMPATHIZER', stageSince: '2024-02-01', nextStep: { action: 'RECORD_AWARENESS_CLASS', stage: 'TRAINED' }, deadline: null });

    const trained = await step('recordAwarenessClass', 'RecordAwarenessClassInput', { certificateNumber: '125-CN/TTCT', certificateDate: '2024-03-01', issuingCentre: 'Trung tâm Chính trị huyện Định Hóa' }, secretary);
    expect(trained).toMatchObject({ stage: 'TRAINED', nextStep: { action: 'OPEN_DOSSIER', role: 'CELL_SECRETARY', organization: { name: 'Chi bộ Trường THCS Bình Thành' } } });

    const dossier = await step(
      'openDossier',
      'OpenDossierInput',
      { applicationDate: '2024-03-20', biographyDate: '2024-03-25', backgroundCheckResult: 'Lý lịch rõ ràng', backgroundCheckDate: '2024-04-01', introducerIds: [gid.member(officials[1]), gid.member(officials[2])] },
      secretary,
    );
    expect(dossier).toMatchObject({ stage: 'DOSSIER', stageSince: '2024-04-01', nextStep: { action: 'CELL_RESOLUTION' } });

    const resolved = await step('recordCellResolution', 'CellResolutionInput', { meetingDate: '2024-05-02', present: 8, votesFor: 6, votesAgainst: 2 }, secretary);
    expect(resolved).toMatchObject({
      stage: 'CELL_RESOLVED',
      nextStep: { action: 'COMMITTEE_RESOLUTION', actor: 'GRASSROOTS_COMMITTEE', organization: { name: 'Đảng ủy xã Bình Thành' } },
      deadline: { kind: 'DECISION', overdue: true },
    });

    const committee = await step('recordCommitteeResolution', 'CommitteeResolutionInput', { resolutionDate: '2024-05-10', resolutionNumber: '45-NQ/ĐU' }, communeCommittee);
    expect(committee).toMatchObject({ stage: 'COMMITTEE_RESOLVED', nextStep: { action: 'ADMISSION_DECISION', actor: 'DECIDING_COMMITTEE', organization: { name: 'Huyện ủy Định Hóa' } } });
    expect(committee.deadline?.dueOn).toBe(resolved.deadline?.dueOn);

    const admitted = await step('recordAdmissionDecision', 'AdmissionDecisionInput', { decisionDate: '2024-06-03', decisionNumber: '1234-QĐ/HU', signer: 'Nguyễn Văn Phúc' }, cityCommittee);
    expect(admitted).toMatchObject({ stage: 'ADMITTED', nextStep: { action: 'CEREMONY' }, deadline: { kind: 'CEREMONY' } });

    const probationary = await step('recordCeremony', 'CeremonyInput', { ceremonyDate: '2024-06-20' }, secretary);
    expect(probationary).toMatchObject({ stage: 'PROBATIONARY', probationEndsOn: '2025-06-20', nextStep: { action: 'RECOGNITION_RESOLUTION' }, deadline: { kind: 'RECOGNITION_RESOLUTION' } });
    const member = await ds.getRepository(Member).findOneByOrFail({ candidateId: candidate.id });
    expect(member).toMatchObject({ fullName: 'Phan Đình Hùng', status: MemberStatus.PROBATIONARY, admittedOn: '2024-06-20', organizationId: cell.id });
    const members = ok(await server.gql<{ members: { nodes: { fullName: string; status: string }[] } }>(`{ members(filter: { search: "phan dinh hung" }) { nodes { fullName status } } }`, {}, secretary));
    expect(members.members.nodes).toEqual([{ fullName: 'Phan Đình Hùng', status: 'PROBATIONARY' }]);

    const proposed = await step('recordRecognitionResolution', 'RecognitionResolutionInput', { meetingDate: '2025-06-25', present: 9, votesFor: 9, votesAgainst: 0 }, secretary);
    expect(proposed).toMatchObject({ stage: 'PROBATIONARY', nextStep: { action: 'RECOGNITION_DECISION' }, deadline: { kind: 'RECOGNITION_DECISION' } });

    const official = await step('recordRecognitionDecision', 'RecognitionDecisionInput', { decisionDate: '2025-07-10', decisionNumber: '2001-QĐ/HU' }, cityCommittee);
    expect(official).toMatchObject({ stage: 'OFFICIAL', nextStep: null, deadline: null });
    expect(await ds.getRepository(Member).findOneByOrFail({ id: member.id })).toMatchObject({ status: MemberStatus.OFFICIAL, officialOn: '2025-06-20' });

    const history = ok(
      await server.gql<{ candidate: { history: { kind: string; toStage: string; occurredOn: string; recordedBy: { email: string } | null }[] } }>(
        `query ($id: ID!) { candidate(id: $id) { history { kind toStage occurredOn recordedBy { email } } } }`,
        { id: candidateId },
        cityCommittee,
      ),
    ).candidate.history;
    expect(history.map((e) => [e.kind, e.toStage, e.occurredOn])).toEqual([
      ['STEP', 'SOURCE', '2024-01-02'],
      ['STEP', 'SYMPATHIZER', '2024-02-01'],
      ['STEP', 'TRAINED', '2024-03-01'],
      ['STEP', 'DOSSIER', '2024-04-01'],
      ['STEP', 'CELL_RESOLVED', '2024-05-02'],
      ['STEP', 'COMMITTEE_RESOLVED', '2024-05-10'],
      ['STEP', 'ADMITTED', '2024-06-03'],
      ['STEP', 'PROBATIONARY', '2024-06-20'],
      ['RECOGNITION_PROPOSED', 'PROBATIONARY', '2025-06-25'],
      ['STEP', 'OFFICIAL', '2025-07-10'],
    ]);
    expect(history.slice(1).every((e) => e.recordedBy !== null)).toBe(true);
    const audit = await ds.getRepository(AuditLog).countBy({ subjectType: 'Candidate', subjectId: candidate.id });
    expect(audit).toBe(9);
  });

  it('skips the committee resolution for a cell directly under the deciding committee', async () => {
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null, { name: 'Thị ủy Cai Lậy' });
    const { cell } = await buildCell(ds, city, { name: 'Chi bộ Trường THPT Tứ Kiệt' });
    for (let i = 0; i < 3; i += 1) await buildMember(ds, cell, { admittedOn: '2010-01-01' });
    const secretary = server.tokenFor(await buildUser(ds, Role.CELL_SECRETARY, cell));
    const cityCommittee = server.tokenFor(await buildUser(ds, Role.COMMITTEE, city));
    const candidate = await buildCandidate(ds, cell, {
      dateOfBirth: '2000-01-01',
      steps: [
        { stage: CandidateStage.SOURCE, on: '2025-01-02' },
        { stage: CandidateStage.SYMPATHIZER, on: '2025-02-03' },
        { stage: CandidateStage.TRAINED, on: '2025-03-03' },
        { stage: CandidateStage.DOSSIER, on: '2025-04-01' },
      ],
    });
    const vote = ok(
      await server.gql<{ recordCellResolution: CandidateView }>(
        `mutation ($input: CellResolutionInput!) { recordCellResolution(input: $input) { ${FIELDS} } }`,
        { input: { candidateId: gid.candidate(candidate), version: 1, meetingDate: '2025-04-15', present: 3, votesFor: 2, votesAgainst: 1 } },
        secretary,
      ),
    ).recordCellResolution;
    expect(vote.nextStep).toMatchObject({ action: 'ADMISSION_DECISION', organization: { name: 'Thị ủy Cai Lậy' } });
    const committee = await server.gql(
      `mutation ($input: CommitteeResolutionInput!) { recordCommitteeResolution(input: $input) { stage } }`,
      { input: { candidateId: gid.candidate(candidate), version: 2, resolutionDate: '2025-04-20', resolutionNumber: '1-NQ' } },
      cityCommittee,
    );
    expect(errorCode(committee)).toBe('RULE_VIOLATION');
    expect(committee.errors?.[0].extensions).toMatchObject({ rule: 'COMMITTEE_RESOLUTION_NOT_NEEDED' });
    const decision = ok(
      await server.gql<{ recordAdmissionDecision: CandidateView }>(
        `mutation ($input: AdmissionDecisionInput!) { recordAdmissionDecision(input: $input) { ${FIELDS} } }`,
        { input: { candidateId: gid.candidate(candidate), version: 2, decisionDate: '2025-05-05', decisionNumber: '77-QĐ/TU', signer: 'Phan Phùng Phú' } },
        cityCommittee,
      ),
    ).recordAdmissionDecision;
    expect(decision.stage).toBe('ADMITTED');
  });
});
