/**
 * Cells of the spreadsheets the server writes (CSV exports), so that text typed by a user can
 * never run as a formula in Excel or LibreOffice (OWASP "CSV Injection"): a cell renamed
 * `=HYPERLINK(...)` or `+cmd|' /C calc'!A0` by one organization must reach the committee above
 * it as text.
 *
 * Text cells that start with a formula trigger (`=`, `+`, `-`, `@`, a tab or a carriage return,
 * also after leading spaces, and the full-width `＝＋－＠` some Excel locales accept) get a single
 * quote in front, and every text cell is quoted per RFC 4180 (`"` doubled), so a separator,
 * quote or line break inside it cannot start a new cell that begins with a trigger. Numbers
 * the server computes are written as numbers, untouched: `-3` stays `-3`.
 *
 * XLSX text cells get the same prefix and stay string cells (`t="s"`, which exceljs writes for
 * every JavaScript string; only an object `{ formula }` makes a formula, and none is built): Excel
 * never evaluates a string cell as it opens the workbook, but it would once someone edits the
 * cell (F2, Enter), pastes it elsewhere or saves the sheet as CSV; with the quote the text stays
 * text all the way, and both formats show the same text.
 */
const FORMULA_TRIGGER = /^[\t\r]|^[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The text with a leading `'` when a spreadsheet would read it as a formula. */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) ? `'${text}` : text;
}

/** A CSV cell holding text: neutralized, then always quoted with inner quotes doubled. */
export function csvText(text: string): string {
  return `"${neutralizeFormula(text).replace(/"/g, '""')}"`;
}

/** A CSV cell: text neutralized and quoted, a number the server computed written as it is, null empty. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return csvText(value);
}

/** One CSV record (RFC 4180: cells joined by commas; the caller ends lines with CRLF). */
export function csvRecord(cells: readonly (string | number | null)[]): string {
  return cells.map(csvCell).join(',');
}

/** An XLSX cell value: text neutralized (a string cell), a number or an empty cell as it is. */
export function xlsxValue(value: string | number | null): string | number | null {
  return typeof value === 'string' ? neutralizeFormula(value) : value;
}
