import ExcelJS from 'exceljs';
import { searchKey } from '../../common/text';
import { invalidUtf8Offset } from '../../common/utf8';
import { formatDate } from '../../common/dates';
import { AppError, ErrorCode } from '../../errors/app-error';
import type { ColumnSpec } from './columns';

/** One data row of the file: its number as the user sees it (the header is row 1) and its cells as text. */
export interface RawRow {
  row: number;
  values: Record<string, string>;
  /** The columns whose cell is a number in the workbook (it has lost any leading zeros). */
  numbers?: Set<string>;
  /** The columns whose cell holds a spreadsheet error (#REF!, #N/A...), by the error's text. */
  errors?: Map<string, string>;
}

export interface Problem {
  row: number;
  column: string | null;
  reason: string;
}

export interface SheetContent {
  rows: RawRow[];
  problems: Problem[];
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return formatDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('error' in value) return String(value.error);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
  }
  return String(value);
}

/** The error a cell holds (#REF!, #N/A, #DIV/0!...), typed or computed by a formula; null otherwise. */
function spreadsheetError(value: ExcelJS.CellValue): string | null {
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  if ('error' in value) return String(value.error);
  if ('result' in value && value.result !== null && typeof value.result === 'object' && !(value.result instanceof Date) && 'error' in value.result) return String(value.result.error);
  return null;
}

/** A number cell, typed or computed by a formula. */
function isNumber(value: ExcelJS.CellValue): boolean {
  if (typeof value === 'number') return true;
  return value !== null && typeof value === 'object' && !(value instanceof Date) && 'result' in value && typeof value.result === 'number';
}

/** A CSV file's text: UTF-8 only (a file saved in another encoding is refused, never read as U+FFFD). */
function csvText(content: Buffer): string {
  const offset = invalidUtf8Offset(content);
  if (offset >= 0) {
    const line = content.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    throw new AppError(ErrorCode.BAD_USER_INPUT, `The CSV file is not valid UTF-8 (line ${line}, byte ${offset}): save it as "CSV UTF-8"`, {
      problems: [{ field: 'file', message: `not valid UTF-8 at line ${line}, byte ${offset}` }],
    });
  }
  return content.toString('utf8');
}

/** A CSV text split into records (RFC 4180 quotes; ',' or ';' as found in the header line). */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Header cells to column keys; the required columns that are missing are problems of row 1. */
function mapHeaders(headers: string[], columns: ColumnSpec[]): { keys: (string | null)[]; problems: Problem[] } {
  const byHeader = new Map(columns.map((c) => [searchKey(c.header), c.key]));
  const keys = headers.map((h) => byHeader.get(searchKey(h)) ?? null);
  const problems = columns.filter((c) => c.required && !keys.includes(c.key)).map((c) => ({ row: 1, column: c.header, reason: 'missing column' }));
  return { keys, problems };
}

interface SheetRecord {
  row: number;
  cells: string[];
  /** The indexes of the cells that are numbers (XLSX only). */
  numbers?: Set<number>;
  /** The indexes of the cells that hold a spreadsheet error, with its text (XLSX only). */
  errors?: Map<number, string>;
}

function toRows(records: SheetRecord[], keys: (string | null)[]): RawRow[] {
  const rows: RawRow[] = [];
  for (const record of records) {
    if (record.cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    const numbers = new Set<string>();
    const errors = new Map<string, string>();
    keys.forEach((key, index) => {
      if (!key) return;
      values[key] = (record.cells[index] ?? '').trim();
      if (record.numbers?.has(index)) numbers.add(key);
      const error = record.errors?.get(index);
      if (error !== undefined) errors.set(key, error);
    });
    rows.push({ row: record.row, values, numbers, errors });
  }
  return rows;
}

/** The first visible sheet of an XLSX workbook, or a CSV file, as rows keyed by column. */
export async function readSheet(content: Buffer, columns: ColumnSpec[]): Promise<SheetContent> {
  const isXlsx = content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b;
  let headers: string[];
  let records: SheetRecord[];
  if (isXlsx) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(content as unknown as ArrayBuffer);
    } catch {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The file is not a readable XLSX workbook');
    }
    const sheet = book.worksheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
    if (!sheet) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The workbook has no sheet');
    const width = Math.max(sheet.columnCount, columns.length);
    const line = (row: ExcelJS.Row): string[] => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value));
    headers = line(sheet.getRow(1));
    records = [];
    const errorsOf = (row: ExcelJS.Row): Map<number, string> => {
      const found = new Map<number, string>();
      for (let i = 0; i < width; i += 1) {
        const error = spreadsheetError(row.getCell(i + 1).value);
        if (error !== null) found.set(i, error);
      }
      return found;
    };
    const numbers = (row: ExcelJS.Row): Set<number> => new Set(Array.from({ length: width }, (_, i) => i).filter((i) => isNumber(row.getCell(i + 1).value)));
    sheet.eachRow((row, number) => {
      if (number > 1) records.push({ row: number, cells: line(row), numbers: numbers(row), errors: errorsOf(row) });
    });
  } else {
    const all = parseCsv(csvText(content));
    headers = all[0] ?? [];
    records = all.slice(1).map((cells, index) => ({ row: index + 2, cells }));
  }
  const { keys, problems } = mapHeaders(headers, columns);
  return { rows: toRows(records, keys), problems };
}
