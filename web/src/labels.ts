/**
 * Vietnamese labels of the API's enumerations, as the forms and reports say them. The API
 * gives `Candidate.stageLabel` and `Organization.kindLabel` itself; these are for the places
 * where only the code comes back (figures by stage, filters, roles...). The labels the API's
 * exports and imports use too are the domain's own (src/domain/labels.ts, which imports nothing,
 * so the client bundles it); the ones below are the client's. No generated types, so that the
 * formatting tests run without a build.
 */
import { STAGE_LABELS } from '../../src/domain/labels';

export { CATEGORY_LABELS, EDUCATION_LABELS, GENDER_LABELS, ROLE_LABELS, SCHOOL_LEVEL_LABELS, STAGE_LABELS, STALL_REASON_LABELS } from '../../src/domain/labels';

export type Stage = keyof typeof STAGE_LABELS;

export const ACTIVE_STAGES: readonly Stage[] = ['SOURCE', 'SYMPATHIZER', 'TRAINED', 'DOSSIER', 'CELL_RESOLVED', 'COMMITTEE_RESOLVED', 'ADMITTED', 'PROBATIONARY'];

/** Short names for tables and charts. */
export const STAGE_SHORT_LABELS: Record<Stage, string> = {
  SOURCE: 'Tạo nguồn',
  SYMPATHIZER: 'Cảm tình Đảng',
  TRAINED: 'Đã học lớp',
  DOSSIER: 'Hồ sơ',
  CELL_RESOLVED: 'NQ chi bộ',
  COMMITTEE_RESOLVED: 'NQ đảng ủy',
  ADMITTED: 'Có QĐ kết nạp',
  PROBATIONARY: 'Dự bị',
  OFFICIAL: 'Chính thức',
  DROPPED: 'Dừng',
  REJECTED: 'Không kết nạp',
  PROBATION_NOT_RECOGNIZED: 'Xóa tên',
};

export const DEADLINE_LABELS = {
  DECISION: 'Quyết định kết nạp',
  CEREMONY: 'Lễ kết nạp',
  RECOGNITION_RESOLUTION: 'Chi bộ xét công nhận chính thức',
  RECOGNITION_DECISION: 'Quyết định công nhận chính thức',
} as const;

/** A label for a code, or the code itself when the API has grown a value this client does not know yet. */
export function labelOf<T extends Record<string, string>>(labels: T, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return (labels as Record<string, string>)[code] ?? code;
}
