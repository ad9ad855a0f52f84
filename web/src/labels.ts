/**
 * Vietnamese labels of the API's enumerations, as the forms and reports say them. The API
 * gives `Candidate.stageLabel` and `Organization.kindLabel` itself; these are for the places
 * where only the code comes back (figures by stage, filters, roles...). Self-contained (no
 * generated types) so that the formatting tests run without a build.
 */
export const STAGE_LABELS = {
  SOURCE: 'Quần chúng ưu tú (tạo nguồn)',
  SYMPATHIZER: 'Cảm tình Đảng',
  TRAINED: 'Đã học lớp bồi dưỡng nhận thức về Đảng',
  DOSSIER: 'Hoàn thiện hồ sơ',
  CELL_RESOLVED: 'Chi bộ đã ra nghị quyết đề nghị kết nạp',
  COMMITTEE_RESOLVED: 'Đảng ủy cơ sở đã ra nghị quyết',
  ADMITTED: 'Đã có quyết định kết nạp',
  PROBATIONARY: 'Đảng viên dự bị',
  OFFICIAL: 'Đảng viên chính thức',
  DROPPED: 'Dừng phát triển',
  REJECTED: 'Không được kết nạp',
  PROBATION_NOT_RECOGNIZED: 'Không công nhận đảng viên chính thức (xóa tên)',
} as const;
export type Stage = keyof typeof STAGE_LABELS;

/** The path in order, then the ways out. */
export const STAGES = Object.keys(STAGE_LABELS) as Stage[];
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

export const ROLE_LABELS = {
  SYSTEM_ADMIN: 'Quản trị hệ thống',
  COMMITTEE: 'Cấp ủy',
  CELL_SECRETARY: 'Bí thư chi bộ',
  MENTOR: 'Đảng viên giúp đỡ',
  REPORTER: 'Báo cáo thống kê',
} as const;

export const CATEGORY_LABELS = { MANAGER: 'Cán bộ quản lý', TEACHER: 'Giáo viên', STAFF: 'Nhân viên', STUDENT: 'Học sinh' } as const;
export const GENDER_LABELS = { MALE: 'Nam', FEMALE: 'Nữ' } as const;
export const EDUCATION_LABELS = {
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'Trung học cơ sở',
  UPPER_SECONDARY: 'Trung học phổ thông',
  VOCATIONAL: 'Trung cấp',
  COLLEGE: 'Cao đẳng',
  UNIVERSITY: 'Đại học',
  POSTGRADUATE: 'Sau đại học',
} as const;
export const SCHOOL_LEVEL_LABELS = {
  PRESCHOOL: 'Mầm non',
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'THCS',
  UPPER_SECONDARY: 'THPT',
  CONTINUING: 'GDTX',
  HIGHER: 'Cao đẳng, đại học',
} as const;
export const DEADLINE_LABELS = {
  DECISION: 'Quyết định kết nạp',
  CEREMONY: 'Lễ kết nạp',
  RECOGNITION_RESOLUTION: 'Chi bộ xét công nhận chính thức',
  RECOGNITION_DECISION: 'Quyết định công nhận chính thức',
} as const;
export const STALL_REASON_LABELS = {
  BACKGROUND_ISSUE: 'Vướng lý lịch',
  QUALIFICATION: 'Trình độ chuyên môn',
  UNDER_AGE: 'Chưa đủ 18 tuổi',
  NEAR_RETIREMENT: 'Sắp nghỉ hưu',
  FAMILY_OR_ECONOMIC: 'Hoàn cảnh gia đình, kinh tế',
  NOT_WILLING: 'Chưa có nguyện vọng',
  TRANSFERRED: 'Chuyển công tác',
  OTHER: 'Lý do khác',
} as const;

/** A label for a code, or the code itself when the API has grown a value this client does not know yet. */
export function labelOf<T extends Record<string, string>>(labels: T, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return (labels as Record<string, string>)[code] ?? code;
}
