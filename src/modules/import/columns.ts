import ExcelJS from 'exceljs';
import { CandidateStage, EducationLevel, Gender, MemberStatus, ORGANIZATION_KIND_LABELS, PersonCategory, SchoolLevel, STAGE_LABELS } from '../../domain/enums';
import { formatDate, impossibleDateReason, isValidLocalDate } from '../../common/dates';
import { normalizeText, searchKey } from '../../common/text';

/**
 * The import templates' columns: Vietnamese headers, which ones are required, and the labels of
 * the enumerated values (shown in the drop-downs; the English codes are accepted too).
 */
export type ImportKind = 'organizations' | 'members' | 'candidates';
export const IMPORT_KINDS: readonly ImportKind[] = ['organizations', 'members', 'candidates'];

export const CATEGORY_LABELS: Record<PersonCategory, string> = { MANAGER: 'Cán bộ quản lý', TEACHER: 'Giáo viên', STAFF: 'Nhân viên', STUDENT: 'Học sinh' };
export const GENDER_LABELS: Record<Gender, string> = { MALE: 'Nam', FEMALE: 'Nữ' };
export const STATUS_LABELS: Record<MemberStatus, string> = { PROBATIONARY: 'Dự bị', OFFICIAL: 'Chính thức' };
export const EDUCATION_LABELS: Record<EducationLevel, string> = {
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'Trung học cơ sở',
  UPPER_SECONDARY: 'Trung học phổ thông',
  VOCATIONAL: 'Trung cấp',
  COLLEGE: 'Cao đẳng',
  UNIVERSITY: 'Đại học',
  POSTGRADUATE: 'Sau đại học',
};
export const SCHOOL_LEVEL_LABELS: Record<SchoolLevel, string> = {
  PRESCHOOL: 'Mầm non',
  PRIMARY: 'Tiểu học',
  LOWER_SECONDARY: 'Trung học cơ sở',
  UPPER_SECONDARY: 'Trung học phổ thông',
  CONTINUING: 'Giáo dục thường xuyên',
  HIGHER: 'Cao đẳng, đại học',
};
export const YES_NO: Record<'YES' | 'NO', string> = { YES: 'Có', NO: 'Không' };

type ColumnType = 'text' | 'code' | 'date' | 'enum' | 'bool' | 'int' | 'count' | 'year' | 'nationalId';

export interface ColumnSpec {
  key: string;
  header: string;
  type: ColumnType;
  required?: boolean;
  labels?: Record<string, string>;
  width?: number;
  example: string;
}

export const MEMBER_COLUMNS: ColumnSpec[] = [
  { key: 'fullName', header: 'Họ và tên', type: 'text', required: true, width: 28, example: 'Nguyễn Thị Lan' },
  { key: 'dateOfBirth', header: 'Ngày sinh', type: 'date', example: '15/08/1985' },
  { key: 'gender', header: 'Giới tính', type: 'enum', labels: GENDER_LABELS, example: GENDER_LABELS.FEMALE },
  { key: 'category', header: 'Đối tượng', type: 'enum', required: true, labels: CATEGORY_LABELS, width: 18, example: CATEGORY_LABELS.TEACHER },
  { key: 'status', header: 'Trạng thái', type: 'enum', labels: STATUS_LABELS, example: STATUS_LABELS.OFFICIAL },
  { key: 'admittedOn', header: 'Ngày vào Đảng', type: 'date', example: '19/05/2015' },
  { key: 'officialOn', header: 'Ngày chính thức', type: 'date', example: '19/05/2016' },
  { key: 'isSecretary', header: 'Bí thư', type: 'bool', labels: YES_NO, example: YES_NO.NO },
  { key: 'isPrincipal', header: 'Hiệu trưởng', type: 'bool', labels: YES_NO, example: YES_NO.NO },
  { key: 'nationalId', header: 'Số CCCD', type: 'nationalId', width: 16, example: '001185012345' },
  { key: 'cellCode', header: 'Mã chi bộ', type: 'code', required: true, width: 16, example: 'CB-THCS-01' },
];

export const CANDIDATE_COLUMNS: ColumnSpec[] = [
  { key: 'fullName', header: 'Họ và tên', type: 'text', required: true, width: 28, example: 'Trần Văn Minh' },
  { key: 'dateOfBirth', header: 'Ngày sinh', type: 'date', required: true, example: '10/03/1995' },
  { key: 'gender', header: 'Giới tính', type: 'enum', required: true, labels: GENDER_LABELS, example: GENDER_LABELS.MALE },
  { key: 'category', header: 'Đối tượng', type: 'enum', required: true, labels: CATEGORY_LABELS, width: 18, example: CATEGORY_LABELS.TEACHER },
  { key: 'educationLevel', header: 'Trình độ', type: 'enum', required: true, labels: EDUCATION_LABELS, width: 20, example: EDUCATION_LABELS.UNIVERSITY },
  { key: 'grade', header: 'Lớp', type: 'int', example: '' },
  { key: 'youthUnionMember', header: 'Đoàn viên', type: 'bool', labels: YES_NO, example: YES_NO.YES },
  { key: 'stage', header: 'Giai đoạn', type: 'enum', labels: STAGE_LABELS, width: 36, example: STAGE_LABELS.SYMPATHIZER },
  { key: 'stageOn', header: 'Ngày đạt giai đoạn', type: 'date', width: 18, example: '05/01/2026' },
  { key: 'nationalId', header: 'Số CCCD', type: 'nationalId', width: 16, example: '001095012345' },
  { key: 'phone', header: 'Điện thoại', type: 'text', width: 14, example: '0912345678' },
  { key: 'cellCode', header: 'Mã chi bộ', type: 'code', required: true, width: 16, example: 'CB-THCS-01' },
  // The dates of the steps already taken (optional; a new candidate's history is built from them).
  { key: 'sympathizerOn', header: 'Ngày cảm tình Đảng', type: 'date', width: 18, example: '05/01/2026' },
  { key: 'trainedOn', header: 'Ngày học lớp bồi dưỡng', type: 'date', width: 20, example: '' },
  { key: 'dossierOn', header: 'Ngày hoàn thiện hồ sơ', type: 'date', width: 20, example: '' },
  { key: 'cellResolvedOn', header: 'Ngày chi bộ xét', type: 'date', width: 16, example: '' },
  { key: 'committeeResolvedOn', header: 'Ngày đảng ủy xét', type: 'date', width: 16, example: '' },
  { key: 'admittedOn', header: 'Ngày quyết định kết nạp', type: 'date', width: 22, example: '' },
  { key: 'probationaryOn', header: 'Ngày kết nạp', type: 'date', width: 14, example: '' },
  { key: 'officialOn', header: 'Ngày chính thức', type: 'date', width: 16, example: '' },
];

/** The candidate columns of the steps' dates, in path order. */
export const STEP_DATE_COLUMNS: readonly { stage: CandidateStage; key: string }[] = [
  { stage: CandidateStage.SYMPATHIZER, key: 'sympathizerOn' },
  { stage: CandidateStage.TRAINED, key: 'trainedOn' },
  { stage: CandidateStage.DOSSIER, key: 'dossierOn' },
  { stage: CandidateStage.CELL_RESOLVED, key: 'cellResolvedOn' },
  { stage: CandidateStage.COMMITTEE_RESOLVED, key: 'committeeResolvedOn' },
  { stage: CandidateStage.ADMITTED, key: 'admittedOn' },
  { stage: CandidateStage.PROBATIONARY, key: 'probationaryOn' },
  { stage: CandidateStage.OFFICIAL, key: 'officialOn' },
];

/** Organizations and their schools; the school columns (with that year's headcounts) for school cells and committees. */
export const ORGANIZATION_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: 'Mã đơn vị', type: 'code', required: true, width: 16, example: 'CB-THCS-01' },
  { key: 'name', header: 'Tên đơn vị', type: 'text', required: true, width: 36, example: 'Chi bộ Trường THCS Hợp Châu' },
  { key: 'kind', header: 'Loại', type: 'enum', labels: ORGANIZATION_KIND_LABELS, width: 30, example: ORGANIZATION_KIND_LABELS.SCHOOL_CELL },
  { key: 'parentCode', header: 'Mã đơn vị cấp trên', type: 'code', required: true, width: 18, example: 'DU-HOP-CHAU' },
  { key: 'schoolName', header: 'Tên trường', type: 'text', width: 30, example: 'Trường THCS Hợp Châu' },
  { key: 'schoolLevel', header: 'Bậc học', type: 'enum', labels: SCHOOL_LEVEL_LABELS, width: 20, example: SCHOOL_LEVEL_LABELS.LOWER_SECONDARY },
  { key: 'schoolYear', header: 'Năm học', type: 'year', example: '2025' },
  { key: 'managers', header: 'Cán bộ quản lý', type: 'count', example: '3' },
  { key: 'teachers', header: 'Giáo viên', type: 'count', example: '42' },
  { key: 'staff', header: 'Nhân viên', type: 'count', example: '6' },
  { key: 'students', header: 'Học sinh', type: 'count', example: '650' },
  { key: 'grade12Students', header: 'Học sinh lớp 12', type: 'count', example: '0' },
];

export function columnsOf(kind: ImportKind): ColumnSpec[] {
  return kind === 'organizations' ? ORGANIZATION_COLUMNS : kind === 'members' ? MEMBER_COLUMNS : CANDIDATE_COLUMNS;
}

/** An organization's code, as the API takes it (organization.inputs.ts): ASCII letters, digits, ".", "_", "-". */
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const PHONE = /^\+?[0-9 .-]{8,20}$/;

export type DateCell = { date: string } | { problem: string };

/**
 * dd/mm/yyyy (also d/m/yyyy, with '-' or '.') or yyyy-mm-dd, to yyyy-mm-dd. A text in one of these
 * shapes that names no day of the calendar (31/02/1990, 10/13/2020) is an impossible date, not a bad format.
 */
export function parseDateCell(text: string): DateCell {
  const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const isoMatch = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!vn && !isoMatch) return { problem: `date in the wrong format (dd/mm/yyyy or yyyy-mm-dd): ${text}` };
  const [year, month, day] = vn ? [Number(vn[3]), Number(vn[2]), Number(vn[1])] : [Number(isoMatch![1]), Number(isoMatch![2]), Number(isoMatch![3])];
  const iso = formatDate(year, month, day);
  if (isValidLocalDate(iso)) return { date: iso };
  const impossible = impossibleDateReason(year, month, day);
  if (impossible) return { problem: `impossible date (${impossible}): ${text}` };
  return { problem: `date out of range (years 1900 to 2200): ${text}` };
}

/** An enumerated value from its code or its Vietnamese label (case and diacritics of the code ignored). */
export function parseEnum(text: string, labels: Record<string, string>): string | null {
  const upper = text.trim().toUpperCase();
  if (upper in labels) return upper;
  const wanted = normalizeText(text).toLowerCase();
  for (const [code, label] of Object.entries(labels)) if (label.toLowerCase() === wanted) return code;
  const loose = searchKey(text);
  const matches = Object.entries(labels).filter(([, label]) => searchKey(label) === loose);
  return matches.length === 1 ? matches[0][0] : null;
}

export function parseBool(text: string): boolean | null {
  const key = searchKey(text);
  if (['co', 'x', 'yes', 'true', '1', 'c'].includes(key)) return true;
  if (['khong', 'no', 'false', '0', 'k'].includes(key)) return false;
  return null;
}

const LISTS_SHEET = 'Danh mục';

/** The template: headers, one example row, drop-downs (from a hidden sheet) for the enumerated columns. */
export async function templateWorkbook(kind: ImportKind, rows = 1000): Promise<Buffer> {
  const columns = columnsOf(kind);
  const book = new ExcelJS.Workbook();
  book.creator = 'ketnap';
  const sheet = book.addWorksheet(kind === 'organizations' ? 'Đơn vị' : kind === 'members' ? 'Đảng viên' : 'Quần chúng');
  const lists = book.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow(columns.map((c) => c.example || null));
  columns.forEach((column, index) => {
    const letter = sheet.getColumn(index + 1).letter;
    if (column.type === 'nationalId' || column.type === 'date' || column.key === 'phone' || column.key.endsWith('ode')) {
      // Text, so Excel keeps the leading zeros of an ID and does not reinterpret dates.
      sheet.getColumn(index + 1).numFmt = '@';
    }
    if (!column.labels) return;
    const values = Object.values(column.labels);
    lists.getColumn(index + 1).values = [column.header, ...values];
    const range = `'${LISTS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`;
    const validations = (sheet as unknown as { dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
    validations.add(`${letter}2:${letter}${rows + 1}`, {
      type: 'list',
      allowBlank: !column.required,
      formulae: [range],
      showErrorMessage: true,
      errorTitle: column.header,
      error: `Chọn một giá trị trong danh sách (${column.header})`,
    });
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
