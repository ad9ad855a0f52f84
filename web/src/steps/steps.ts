import type { Client, OperationResult, TypedDocumentNode } from 'urql';
import { graphql } from '../gql';
import { STAGE_LABELS, STALL_REASON_LABELS } from '../labels';

/** A field of a step's form; dates are typed dd/mm/yyyy. */
export interface StepField {
  name: string;
  label: string;
  kind: 'date' | 'text' | 'textarea' | 'count' | 'member' | 'members' | 'select';
  required?: boolean;
  /** For `select`. */
  options?: { value: string; label: string }[];
}

/** One step of the path as a form: what it needs, which permission it takes, the mutation that records it. */
export interface StepSpec {
  title: string;
  /** The CASL action (`me.permissions`) the step takes on the candidate. */
  permission: string;
  fields: StepField[];
  run(client: Client, input: Record<string, unknown>): Promise<OperationResult>;
}

const CandidateAfterStep = graphql(`
  fragment CandidateAfterStep on Candidate { id version stage stageLabel stageSince }
`);
void CandidateAfterStep;

const MarkSympathizer = graphql(`mutation MarkSympathizer($input: MarkSympathizerInput!) { markSympathizer(input: $input) { ...CandidateAfterStep } }`);
const RecordAwarenessClass = graphql(`mutation RecordAwarenessClass($input: RecordAwarenessClassInput!) { recordAwarenessClass(input: $input) { ...CandidateAfterStep } }`);
const OpenDossier = graphql(`mutation OpenDossier($input: OpenDossierInput!) { openDossier(input: $input) { ...CandidateAfterStep } }`);
const RecordCellResolution = graphql(`mutation RecordCellResolution($input: CellResolutionInput!) { recordCellResolution(input: $input) { ...CandidateAfterStep } }`);
const RecordCommitteeResolution = graphql(`mutation RecordCommitteeResolution($input: CommitteeResolutionInput!) { recordCommitteeResolution(input: $input) { ...CandidateAfterStep } }`);
const RecordAdmissionDecision = graphql(`mutation RecordAdmissionDecision($input: AdmissionDecisionInput!) { recordAdmissionDecision(input: $input) { ...CandidateAfterStep } }`);
const RecordCeremony = graphql(`mutation RecordCeremony($input: CeremonyInput!) { recordCeremony(input: $input) { ...CandidateAfterStep } }`);
const RecordRecognitionResolution = graphql(`mutation RecordRecognitionResolution($input: RecognitionResolutionInput!) { recordRecognitionResolution(input: $input) { ...CandidateAfterStep } }`);
const CloseCandidate = graphql(`mutation CloseCandidate($input: CloseCandidateInput!) { closeCandidate(input: $input) { ...CandidateAfterStep } }`);
const RecordRecognitionDecision = graphql(`mutation RecordRecognitionDecision($input: RecognitionDecisionInput!) { recordRecognitionDecision(input: $input) { ...CandidateAfterStep } }`);

const note: StepField = { name: 'note', label: 'Ghi chú', kind: 'textarea' };
const vote = (date: string): StepField[] => [
  { name: date, label: 'Ngày họp chi bộ', kind: 'date', required: true },
  { name: 'present', label: 'Số đảng viên chính thức có mặt', kind: 'count', required: true },
  { name: 'votesFor', label: 'Số tán thành', kind: 'count', required: true },
  { name: 'votesAgainst', label: 'Số không tán thành', kind: 'count', required: true },
];

// The form builds each input from the step's fields (with candidateId and version): it has the mutation's shape.
const send =
  <D, I>(mutation: TypedDocumentNode<D, { input: I }>) =>
  (client: Client, input: Record<string, unknown>) =>
    client.mutation(mutation, { input: input as unknown as I }).toPromise();

/** By `Candidate.nextStep.action`. */
export const STEPS: Record<string, StepSpec> = {
  MARK_SYMPATHIZER: {
    title: 'Nghị quyết chi bộ công nhận cảm tình Đảng',
    permission: 'recordCellStep',
    fields: [{ name: 'resolutionDate', label: 'Ngày nghị quyết', kind: 'date', required: true }, { name: 'mentorId', label: 'Đảng viên được phân công giúp đỡ', kind: 'member', required: true }, note],
    run: send(MarkSympathizer),
  },
  RECORD_AWARENESS_CLASS: {
    title: 'Học lớp bồi dưỡng nhận thức về Đảng',
    permission: 'recordAwarenessClass',
    fields: [
      { name: 'certificateDate', label: 'Ngày cấp giấy chứng nhận', kind: 'date', required: true },
      { name: 'certificateNumber', label: 'Số giấy chứng nhận', kind: 'text', required: true },
      { name: 'issuingCentre', label: 'Trung tâm chính trị cấp', kind: 'text', required: true },
      note,
    ],
    run: send(RecordAwarenessClass),
  },
  OPEN_DOSSIER: {
    title: 'Hoàn thiện hồ sơ (đơn, lý lịch, thẩm tra, giới thiệu)',
    permission: 'recordCellStep',
    fields: [
      { name: 'applicationDate', label: 'Ngày làm đơn (mẫu 1-KNĐ)', kind: 'date', required: true },
      { name: 'biographyDate', label: 'Ngày khai lý lịch (mẫu 2-KNĐ)', kind: 'date', required: true },
      { name: 'backgroundCheckDate', label: 'Ngày kết luận thẩm tra lý lịch', kind: 'date', required: true },
      { name: 'backgroundCheckResult', label: 'Kết luận thẩm tra lý lịch', kind: 'textarea', required: true },
      { name: 'introducerIds', label: 'Đảng viên chính thức giới thiệu (hai; một khi Đoàn giới thiệu)', kind: 'members', required: true },
      { name: 'youthUnion.committeeName', label: 'Đoàn giới thiệu: Ban Chấp hành Đoàn (nếu có)', kind: 'text' },
      { name: 'youthUnion.resolutionDate', label: 'Ngày nghị quyết giới thiệu của Đoàn', kind: 'date' },
      note,
    ],
    run: send(OpenDossier),
  },
  CELL_RESOLUTION: {
    title: 'Nghị quyết chi bộ đề nghị kết nạp',
    permission: 'recordCellStep',
    fields: [...vote('meetingDate'), note],
    run: send(RecordCellResolution),
  },
  COMMITTEE_RESOLUTION: {
    title: 'Nghị quyết của đảng ủy cơ sở',
    permission: 'resolveAsCommittee',
    fields: [{ name: 'resolutionDate', label: 'Ngày nghị quyết', kind: 'date', required: true }, { name: 'resolutionNumber', label: 'Số nghị quyết (ví dụ 45-NQ/ĐU)', kind: 'text', required: true }, note],
    run: send(RecordCommitteeResolution),
  },
  ADMISSION_DECISION: {
    title: 'Quyết định kết nạp',
    permission: 'decide',
    fields: [
      { name: 'decisionDate', label: 'Ngày quyết định', kind: 'date', required: true },
      { name: 'decisionNumber', label: 'Số quyết định (ví dụ 1234-QĐ/HU)', kind: 'text', required: true },
      { name: 'signer', label: 'Người ký', kind: 'text', required: true },
      note,
    ],
    run: send(RecordAdmissionDecision),
  },
  CEREMONY: {
    title: 'Lễ kết nạp',
    permission: 'recordCellStep',
    fields: [{ name: 'ceremonyDate', label: 'Ngày tổ chức lễ kết nạp', kind: 'date', required: true }, note],
    run: send(RecordCeremony),
  },
  RECOGNITION_RESOLUTION: {
    title: 'Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức',
    permission: 'recordCellStep',
    fields: [...vote('meetingDate'), note],
    run: send(RecordRecognitionResolution),
  },
  RECOGNITION_DECISION: {
    title: 'Quyết định công nhận đảng viên chính thức',
    permission: 'decide',
    fields: [{ name: 'decisionDate', label: 'Ngày quyết định', kind: 'date', required: true }, { name: 'decisionNumber', label: 'Số quyết định', kind: 'text', required: true }, note],
    run: send(RecordRecognitionDecision),
  },
};

/** The ways out (Điều lệ: dừng, không kết nạp, xóa tên): from which stages, and who may record each (any of the actions). */
const WAYS_OUT = [
  { outcome: 'DROPPED', from: ['SOURCE', 'SYMPATHIZER', 'TRAINED', 'DOSSIER', 'CELL_RESOLVED', 'COMMITTEE_RESOLVED', 'ADMITTED'], actions: ['recordCellStep', 'close'] },
  { outcome: 'REJECTED', from: ['DOSSIER', 'CELL_RESOLVED', 'COMMITTEE_RESOLVED'], actions: ['recordCellStep', 'close', 'decide'] },
  { outcome: 'PROBATION_NOT_RECOGNIZED', from: ['PROBATIONARY'], actions: ['decide'] },
] as const;

/** The form closing a candidate, with the ways out this user may take from the candidate's stage; null when there is none. */
export function closeSpec(stage: string, may: (action: string) => boolean): StepSpec | null {
  const ways = WAYS_OUT.filter((w) => (w.from as readonly string[]).includes(stage) && w.actions.some(may));
  if (ways.length === 0) return null;
  return {
    title: 'Kết thúc: dừng phát triển, không kết nạp hoặc xóa tên',
    permission: ways[0]!.actions[0],
    fields: [
      { name: 'outcome', label: 'Kết thúc', kind: 'select', required: true, options: ways.map((w) => ({ value: w.outcome, label: STAGE_LABELS[w.outcome] })) },
      { name: 'date', label: 'Ngày', kind: 'date', required: true },
      { name: 'reason', label: 'Lý do (theo danh mục)', kind: 'select', options: Object.entries(STALL_REASON_LABELS).map(([value, label]) => ({ value, label })) },
      { name: 'reasonText', label: 'Lý do cụ thể', kind: 'textarea', required: true },
      note,
    ],
    run: send(CloseCandidate),
  };
}
