/** The spreadsheet import over HTTP as the tests send it: a workbook of rows, posted to /imports/<kind>, and the report it answers. */
import ExcelJS from 'exceljs';
import type { TestServer } from './server';
import type { ImportReport } from '../../src/modules/import/import.service';

export type { ImportReport };

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook of one sheet: the header row, then the rows. */
export async function workbook(sheetName: string, headers: string[], rows: (string | number | Date | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Posts `body` to /imports/<kind> under the organization `organizationId`, as the bearer of `token`. */
export async function postImport(
  server: TestServer,
  kind: string,
  body: Buffer | string,
  options: { organizationId: string; token: string; query?: Record<string, string>; type?: string },
): Promise<{ status: number; body: ImportReport }> {
  const params = new URLSearchParams({ organizationId: options.organizationId, ...options.query });
  const response = await fetch(`${server.app.url.replace(/\/graphql$/, '')}/imports/${kind}?${params}`, {
    method: 'POST',
    headers: { 'content-type': options.type ?? XLSX, authorization: `Bearer ${options.token}` },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: (await response.json()) as ImportReport };
}
