/**
 * The statistics report as a spreadsheet (XLSX: a sheet of totals, a sheet of the children, a
 * sheet of the school levels) or CSV (one table: the organizations, or with `table=levels` the
 * school levels), over `GET /reports/statistics.xlsx|csv?organizationId=...&year=...`, with the
 * same bearer token and exactly the same scope as the GraphQL query. Every export is audited.
 */
import ExcelJS from 'exceljs';
import type { Express, Request, Response } from 'express';
import type { ContextDeps } from '../../graphql/context';
import { buildContext, requirePrincipal } from '../../graphql/context';
import { AppError, ErrorCode } from '../../errors/app-error';
import { decodeId } from '../../graphql/ids';
import { impossibleDateReason, isValidLocalDate } from '../../common/dates';
import { csvCell, csvRecord, xlsxValue } from '../../common/spreadsheet';
import { clientAddressOf, requestIdOf } from '../../errors/http';
import { recordAudit } from '../audit/audit.service';
import { CandidateStage, CATEGORY_LABELS, PersonCategory, SCHOOL_LEVEL_LABELS as LEVEL_LABELS, STAGE_LABELS, StallReason } from '../../domain/enums';
import { statisticsFor } from './report.service';
import type { PeriodInput } from './period';
import type { Statistics } from './statistics.types';
import type { Organization } from '../organization/organization.entity';

const REASON_LABELS: Record<StallReason, string> = {
  BACKGROUND_ISSUE: 'Vướng lý lịch',
  QUALIFICATION: 'Hạn chế trình độ chuyên môn',
  UNDER_AGE: 'Chưa đủ tuổi',
  NEAR_RETIREMENT: 'Sắp nghỉ hưu',
  FAMILY_OR_ECONOMIC: 'Hoàn cảnh gia đình, kinh tế',
  NOT_WILLING: 'Chưa muốn vào Đảng',
  TRANSFERRED: 'Chuyển công tác',
  OTHER: 'Lý do khác',
};

type Cell = string | number | null;

/** The totals as (label, value, isRatio) rows, in Vietnamese. */
export function totalRows(statistics: Statistics, organizationName: string): [string, Cell, boolean?][] {
  const s = statistics;
  const rows: [string, Cell, boolean?][] = [
    ['Đơn vị', organizationName],
    ['Kỳ báo cáo', s.period.label],
    ['Từ ngày', s.period.from],
    ['Đến ngày', s.period.to],
    ['Số trường', s.schools.total],
    ['Số trường có tổ chức đảng', s.schools.withPartyOrganization],
    ...s.schools.byLevel.map((l): [string, Cell] => [`Trường ${LEVEL_LABELS[l.level]}`, l.schools]),
    ['Số chi bộ trường học', s.cells.total],
    ['Chi bộ có Bí thư là Hiệu trưởng', s.cells.withPrincipalSecretary],
    ['Cán bộ quản lý', s.staff.managers],
    ['Giáo viên', s.staff.teachers],
    ['Nhân viên', s.staff.staff],
    ['Tổng số CBQL, GV, NV', s.staff.total],
    ['Đảng viên trong CBQL, GV, NV', s.staff.members],
    ['Đảng viên chính thức', s.staff.officialMembers],
    ['Đảng viên dự bị', s.staff.probationaryMembers],
    ['Đảng viên là giáo viên', s.staff.teacherMembers],
    ['Tỷ lệ đảng viên / CBQL, GV, NV', s.staff.membersRatio, true],
    ...s.staff.byLevel.flatMap((l): [string, Cell, boolean?][] => [
      [`CBQL, GV, NV trường ${LEVEL_LABELS[l.level]}`, l.total],
      [`Đảng viên trường ${LEVEL_LABELS[l.level]}`, l.members],
      [`Tỷ lệ đảng viên trường ${LEVEL_LABELS[l.level]}`, l.membersRatio, true],
    ]),
    ['Kết nạp trong kỳ', s.admissions.total],
    ...s.admissions.byCategory.map((c): [string, Cell] => [`Kết nạp: ${CATEGORY_LABELS[c.category]}`, c.count]),
    ...s.admissions.byLevel.map((l): [string, Cell] => [`Kết nạp tại trường ${LEVEL_LABELS[l.level]}`, l.count]),
    ['Công nhận đảng viên chính thức trong kỳ', s.officialRecognitions.total],
    ['Học lớp bồi dưỡng nhận thức về Đảng', s.awarenessClass.total],
    ['Trong đó học sinh', s.awarenessClassStudents],
    ...s.candidatesByStage.map((c): [string, Cell] => [`Cuối kỳ: ${STAGE_LABELS[c.stage as CandidateStage]}`, c.count]),
    ...s.stalledByReason.map((r): [string, Cell] => [`Chưa phát triển được: ${REASON_LABELS[r.reason]}`, r.count]),
    ['Quá hạn (hiện tại)', s.overdueDeadlines],
    ...s.targets.flatMap((t): [string, Cell][] => [
      [`Chỉ tiêu ${t.metric}`, t.target],
      [`Kết quả ${t.metric}`, t.result],
    ]),
  ];
  return rows;
}

export const CHILD_COLUMNS = [
  'Đơn vị',
  'Số trường',
  'Trường có tổ chức đảng',
  'Chi bộ',
  'Chi bộ có BT là HT',
  'CBQL, GV, NV',
  'Đảng viên',
  'Tỷ lệ đảng viên',
  'Kết nạp',
  'Kết nạp học sinh',
  'Học lớp bồi dưỡng',
  'Quá hạn',
];
/** The index of 'Tỷ lệ đảng viên' in CHILD_COLUMNS. */
const RATIO_COLUMN = 7;

export function childRow(s: Statistics, name: string): Cell[] {
  return [
    name,
    s.schools.total,
    s.schools.withPartyOrganization,
    s.cells.total,
    s.cells.withPrincipalSecretary,
    s.staff.total,
    s.staff.members,
    s.staff.membersRatio,
    s.admissions.total,
    s.admissions.byCategory.find((c) => c.category === PersonCategory.STUDENT)?.count ?? 0,
    s.awarenessClass.total,
    s.overdueDeadlines,
  ];
}

/** The school levels' table (staff.byLevel of the report's root). */
export const LEVEL_COLUMNS = ['Cấp học', 'Cán bộ quản lý', 'Giáo viên', 'Nhân viên', 'CBQL, GV, NV', 'Đảng viên', 'Đảng viên là giáo viên', 'Tỷ lệ đảng viên'];
/** The index of 'Tỷ lệ đảng viên' in LEVEL_COLUMNS. */
const LEVEL_RATIO_COLUMN = 7;

export function levelRows(s: Statistics): Cell[][] {
  return s.staff.byLevel.map((l) => [LEVEL_LABELS[l.level], l.managers, l.teachers, l.staff, l.total, l.members, l.teacherMembers, l.membersRatio]);
}

async function workbook(statistics: Statistics, names: Map<number, string>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'ketnap';
  const totals = book.addWorksheet('Tổng hợp');
  totals.columns = [
    { header: 'Chỉ tiêu', key: 'label', width: 48 },
    { header: 'Số liệu', key: 'value', width: 22 },
  ];
  for (const [label, value, ratio] of totalRows(statistics, names.get(statistics.organizationId) ?? '')) {
    const row = totals.addRow({ label: xlsxValue(label), value: xlsxValue(value) });
    if (ratio) row.getCell(2).numFmt = '0.00%';
  }
  const children = book.addWorksheet('Đơn vị trực thuộc');
  children.columns = CHILD_COLUMNS.map((header, index) => ({ header, key: `c${index}`, width: index === 0 ? 44 : 16 }));
  for (const child of statistics.children) {
    const row = children.addRow(childRow(child, names.get(child.organizationId) ?? '').map(xlsxValue));
    row.getCell(RATIO_COLUMN + 1).numFmt = '0.00%';
  }
  const levels = book.addWorksheet('Theo cấp học');
  levels.columns = LEVEL_COLUMNS.map((header, index) => ({ header, key: `c${index}`, width: index === 0 ? 24 : 16 }));
  for (const values of levelRows(statistics)) {
    const row = levels.addRow(values.map(xlsxValue));
    row.getCell(LEVEL_RATIO_COLUMN + 1).numFmt = '0.00%';
  }
  for (const sheet of [totals, children, levels]) sheet.getRow(1).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A figure of the CSV: the ratio column as a percentage, user text neutralized (see common/spreadsheet). */
function csvFigure(value: Cell, ratio: boolean): string {
  return ratio && typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : csvCell(value);
}

/** The tables a CSV can hold (one per file): the organizations (the default) or the school levels. */
type CsvTable = 'units' | 'levels';

/**
 * CSV: the whole subtree first, then each child, or (levels) one row per school level of the
 * subtree; UTF-8 with a BOM so Excel reads the diacritics.
 */
function csv(statistics: Statistics, names: Map<number, string>, table: CsvTable): string {
  const lines =
    table === 'levels'
      ? [csvRecord(LEVEL_COLUMNS), ...levelRows(statistics).map((row) => row.map((value, index) => csvFigure(value, index === LEVEL_RATIO_COLUMN)).join(','))]
      : [
          csvRecord(CHILD_COLUMNS),
          ...[statistics, ...statistics.children].map((s) => childRow(s, names.get(s.organizationId) ?? '').map((value, index) => csvFigure(value, index === RATIO_COLUMN)).join(',')),
        ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function tableFrom(query: Request['query'], format: string): CsvTable {
  const table = query.table;
  if (table === undefined) return 'units';
  if (format !== 'csv') throw new AppError(ErrorCode.BAD_USER_INPUT, 'table is for the CSV only: the workbook has every table');
  if (table !== 'units' && table !== 'levels') throw new AppError(ErrorCode.BAD_USER_INPUT, 'table must be units or levels');
  return table;
}

function periodFrom(query: Request['query']): PeriodInput {
  const text = (name: string): string | undefined => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const int = (name: string): number | undefined => {
    const raw = text(name);
    if (raw === undefined) return undefined;
    if (!/^\d{4}$/.test(raw)) throw new AppError(ErrorCode.BAD_USER_INPUT, `${name} must be a year like 2024`);
    return Number(raw);
  };
  const date = (name: string): string | undefined => {
    const raw = text(name);
    if (raw === undefined || isValidLocalDate(raw)) return raw;
    const [year, month, day] = raw.split('-').map(Number);
    const impossible = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? impossibleDateReason(year, month, day) : null;
    throw new AppError(ErrorCode.BAD_USER_INPUT, impossible ? `${name} is an impossible date (${impossible}): ${raw}` : `${name} must be a date written YYYY-MM-DD`);
  };
  return { year: int('year'), schoolYear: int('schoolYear'), from: date('from'), to: date('to') };
}

/**
 * An export is one report: it runs within the request's time budget (REQUEST_TIMEOUT_MS) like the
 * GraphQL query. Its errors go to the app's error handler (errors/http.ts), as GraphQL tells them.
 */
export function registerExportRoutes(app: Express, deps: ContextDeps): void {
  app.get('/reports/statistics.:format', async (req: Request, res: Response) => {
    const format = req.params.format;
    if (format !== 'xlsx' && format !== 'csv') throw new AppError(ErrorCode.NOT_FOUND, 'Exports are statistics.xlsx or statistics.csv');
    const ctx = await buildContext(deps, req.headers.authorization, requestIdOf(res), clientAddressOf(req));
    requirePrincipal(ctx);
    if (typeof req.query.organizationId !== 'string') throw new AppError(ErrorCode.BAD_USER_INPUT, 'organizationId is required');
    const table = tableFrom(req.query, format);
    const statistics = await statisticsFor(ctx, decodeId(req.query.organizationId, 'Organization', 'organizationId'), periodFrom(req.query));
    const organizations = await ctx.loaders.organization.loadMany([statistics.organizationId, ...statistics.children.map((c) => c.organizationId)]);
    const names = new Map(organizations.filter((o): o is Organization => !(o instanceof Error) && o !== null).map((o) => [o.id, o.name]));
    await recordAudit(ctx.dataSource.manager, ctx, {
      action: 'report.export',
      subjectType: 'Organization',
      subjectId: statistics.organizationId,
      tenantId: ctx.principal?.tenantId ?? null,
      organizationId: statistics.organizationId,
      changes: { format, period: statistics.period.label, ...(table === 'levels' ? { table } : {}) },
    });
    const filename = `thong-ke-${table === 'levels' ? 'cap-hoc-' : ''}${statistics.organizationId}-${statistics.period.from}-${statistics.period.to}.${format}`;
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    if (format === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await workbook(statistics, names));
    } else {
      res.type('text/csv; charset=utf-8').send(csv(statistics, names, table));
    }
  });
}
