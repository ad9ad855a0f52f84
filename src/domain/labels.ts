/**
 * The Vietnamese labels of the domain's codes, as the forms, reports and imports say them: one
 * table per concept, read by the API (src/domain/enums.ts checks that every value has its label)
 * and by the web client (web/src/labels.ts), which is why this file imports nothing.
 */

export const ORGANIZATION_KIND_LABELS = {
  CITY_COMMITTEE: 'Thành ủy / Tỉnh ủy / Thị ủy / Huyện ủy',
  COMMUNE_COMMITTEE: 'Đảng ủy xã / phường / thị trấn',
  SCHOOL_COMMITTEE: 'Đảng bộ trường',
  SCHOOL_CELL: 'Chi bộ trường',
} as const;

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

/** School levels as tables and headings name them (THCS, THPT...). */
export const SCHOOL_LEVEL_LABELS = {
  PRESCHOOL: 'Mầm non',
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'THCS',
  UPPER_SECONDARY: 'THPT',
  CONTINUING: 'GDTX',
  HIGHER: 'Cao đẳng, đại học',
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
