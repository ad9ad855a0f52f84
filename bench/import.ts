import 'reflect-metadata';
import ExcelJS from 'exceljs';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/bootstrap';
import { ENTITIES } from '../src/modules/entities';
import '../src/modules/subjects';
import { contextFor } from '../src/graphql/context';
import { principalOf } from '../src/auth/authenticate';
import { inTransaction } from '../src/db/transaction';
import { insertOrganization } from '../src/modules/organization/organization.rows';
import { insertSchool } from '../src/modules/school/school.rows';
import { insertUser } from '../src/modules/user/user.rows';
import { OrganizationKind, Role, SchoolLevel } from '../src/domain/enums';
import { MEMBER_COLUMNS } from '../src/modules/import/columns';
import { runImport, type ImportReport } from '../src/modules/import/import.service';
import type { Organization } from '../src/modules/organization/organization.entity';

/**
 * `npm run bench:import [-- --rows 10000 --cells 36]`: the spreadsheet import of members, timed.
 * Builds a tenant of its own ("Huyện ủy Benchmark <time>", 36 school cells; nothing else is
 * touched), writes an XLSX file of N members spread over its cells, and imports it through the
 * service (dry run, real run, re-import) against DATABASE_URL, or an in-memory SQLite database
 * when it is not set (SQLITE_PATH for a file). Prints the timings; nothing is asserted.
 */
function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thu', 'Ngọc', 'Đức', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Cúc', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Lan', 'Mai', 'Nam', 'Oanh', 'Phúc', 'Quân', 'Sơn', 'Trang', 'Yến'];
const CATEGORIES = ['Giáo viên', 'Giáo viên', 'Giáo viên', 'Cán bộ quản lý', 'Nhân viên'];

async function membersFile(rows: number, cells: Organization[], stamp: number): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Đảng viên');
  sheet.addRow(MEMBER_COLUMNS.map((c) => c.header));
  for (let i = 0; i < rows; i++) {
    const year = 1965 + (i % 35);
    const day = `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}`;
    const name = `${FAMILY[i % 10]} ${MIDDLE[(i >> 3) % 8]} ${GIVEN[(i >> 5) % 16]} ${i}`;
    const nationalId = `0${String(stamp % 1000).padStart(3, '0')}${String(i).padStart(8, '0')}`;
    sheet.addRow([name, `${day}/${year}`, i % 3 ? 'Nữ' : 'Nam', CATEGORIES[i % 5], 'Chính thức', `${day}/${year + 25}`, `${day}/${year + 26}`, 'Không', 'Không', nationalId, cells[i % cells.length].code]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const rows = arg('rows', 10_000);
  const cellCount = arg('cells', 36);
  const config = loadConfig({ JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', ...process.env, SQLITE_PATH: process.env.SQLITE_PATH || ':memory:' });
  const dataSource = await openDatabase(config, ENTITIES);
  try {
    const stamp = Date.now();
    const { root, cells, user } = await inTransaction(dataSource, async (em) => {
      const root = await insertOrganization(em, null, { name: `Huyện ủy Benchmark ${stamp}`, kind: OrganizationKind.CITY_COMMITTEE, code: `BENCH-${stamp}` });
      const cells: Organization[] = [];
      for (let i = 0; i < cellCount; i++) {
        const cell = await insertOrganization(em, root, { name: `Chi bộ Trường Benchmark ${i + 1}`, kind: OrganizationKind.SCHOOL_CELL, code: `BENCH-${stamp}-${i + 1}` });
        await insertSchool(em, cell, { name: `Trường Benchmark ${i + 1}`, level: SchoolLevel.LOWER_SECONDARY });
        cells.push(cell);
      }
      const user = await insertUser(em, { email: `bench.${stamp}@bench.ketnap`, displayName: 'Benchmark', role: Role.COMMITTEE, organization: root, passwordHash: 'x' });
      return { root, cells, user };
    });
    const ctx = contextFor({ config, dataSource }, await principalOf({ config, dataSource }, { userEmail: user.email }));
    let started = Date.now();
    const content = await membersFile(rows, cells, stamp);
    console.log(`database: ${config.database.type}; file: ${rows} rows over ${cellCount} cells, ${(content.length / 1024).toFixed(0)} KiB, written in ${Date.now() - started} ms`);
    const timed = async (label: string, dryRun: boolean): Promise<void> => {
      started = Date.now();
      const report: ImportReport = await runImport(ctx, { kind: 'members', organizationId: root.id, content, dryRun, validOnly: false, fileName: 'bench.xlsx' });
      const { created, updated, unchanged, rejected } = report;
      console.log(`${label.padEnd(10)} ${String(Date.now() - started).padStart(7)} ms  created ${created}, updated ${updated}, unchanged ${unchanged}, rejected ${rejected}`);
    };
    await timed('dry run', true);
    await timed('real run', false);
    await timed('re-import', false);
    console.log(`(tenant ${root.code} left in the database)`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
