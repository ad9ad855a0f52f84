import { CandidateStage, STAGE_LABELS } from '../../../domain/enums';

/**
 * What the Vietnamese messages call things: the stages by their labels and the dates of a step
 * by the names the forms give them. The English messages keep the API's field names; the
 * Vietnamese ones never show a code or an identifier.
 */

/** A date field of a step: its name in the API and in the forms. */
export interface DateField {
  name: string;
  vi: string;
}

function field(name: string, vi: string): DateField {
  return { name, vi };
}

export const DATE_FIELDS = {
  sympathizerResolution: field('resolutionDate', 'Ngày nghị quyết công nhận cảm tình Đảng'),
  certificate: field('certificateDate', 'Ngày cấp giấy chứng nhận'),
  application: field('applicationDate', 'Ngày làm đơn xin vào Đảng'),
  biography: field('biographyDate', 'Ngày khai lý lịch'),
  backgroundCheck: field('backgroundCheckDate', 'Ngày thẩm tra lý lịch'),
  youthUnionResolution: field('youthUnion.resolutionDate', 'Ngày nghị quyết giới thiệu của Đoàn'),
  cellMeeting: field('meetingDate', 'Ngày chi bộ họp xét kết nạp'),
  ageExceptionApproval: field('ageException.approvedOn', 'Ngày cấp có thẩm quyền đồng ý kết nạp ngoài độ tuổi'),
  committeeResolution: field('resolutionDate', 'Ngày nghị quyết của đảng ủy cơ sở'),
  admissionDecision: field('decisionDate', 'Ngày quyết định kết nạp'),
  extension: field('extendedOn', 'Ngày gia hạn'),
  ceremony: field('ceremonyDate', 'Ngày lễ kết nạp'),
  recognitionMeeting: field('meetingDate', 'Ngày chi bộ họp xét công nhận đảng viên chính thức'),
  recognitionDecision: field('decisionDate', 'Ngày quyết định công nhận đảng viên chính thức'),
  dropped: field('date', 'Ngày dừng phát triển'),
  rejected: field('date', 'Ngày không được kết nạp'),
  notRecognized: field('date', 'Ngày xóa tên'),
  mentorChange: field('date', 'Ngày phân công người giúp đỡ'),
  correctedStep: field('occurredOn', 'Ngày của bước được sửa'),
} as const;

/** The date field of a way out, by its outcome. */
export function closingDateField(outcome: CandidateStage): DateField {
  if (outcome === CandidateStage.REJECTED) return DATE_FIELDS.rejected;
  if (outcome === CandidateStage.PROBATION_NOT_RECOGNIZED) return DATE_FIELDS.notRecognized;
  return DATE_FIELDS.dropped;
}

/** A stage as a person reads it, quoted: “Hoàn thiện hồ sơ”. */
export function stageVi(stage: CandidateStage): string {
  return `“${STAGE_LABELS[stage]}”`;
}
