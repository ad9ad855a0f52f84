import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * The candidate's path: public holidays (working-day deadlines), the awareness-class
 * certificate and deadline columns on candidates, the kind of each history event and the
 * corrections of it, the member a ceremony creates, and the organization of each audit row.
 * Seeds the Vietnamese public holidays for 2021-2027 (Tết included) as data.
 */
export class CandidatePath1763856000000 implements MigrationInterface {
  name = 'CandidatePath1763856000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const vietnamese = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_vietnamese_ci' } : {};
    const ascii = mysql ? { charset: 'ascii', collation: 'ascii_bin' } : {};

    await queryRunner.createTable(
      new Table({
        name: 'public_holiday',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'holiday_on', type: 'date', isNullable: false },
          { name: 'name', type: 'varchar', length: '255', isNullable: false, ...vietnamese },
        ],
        indices: [new TableIndex({ name: 'uq_public_holiday_on', columnNames: ['holiday_on'], isUnique: true })],
      }),
    );
    for (const [day, name] of HOLIDAYS) {
      await queryRunner.query('INSERT INTO public_holiday (holiday_on, name) VALUES (?, ?)', [day, name]);
    }

    await queryRunner.addColumns('candidate', [
      new TableColumn({ name: 'awareness_certificate_number', type: 'varchar', length: '64', isNullable: true, ...vietnamese }),
      new TableColumn({ name: 'awareness_certificate_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'awareness_certificate_centre', type: 'varchar', length: '255', isNullable: true, ...vietnamese }),
      new TableColumn({ name: 'deadline_kind', type: 'varchar', length: '32', isNullable: true, ...ascii }),
      new TableColumn({ name: 'deadline_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'decision_extended', type: 'boolean', isNullable: false, default: mysql ? 0 : false }),
      new TableColumn({ name: 'probation_ends_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'recognition_resolved_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'member_id', type: 'integer', isNullable: true }),
    ]);
    await queryRunner.createIndex('candidate', new TableIndex({ name: 'idx_candidate_tenant_deadline', columnNames: ['tenant_id', 'deadline_on'] }));

    await queryRunner.addColumns('candidate_stage_event', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '32', isNullable: false, default: "'STEP'", ...ascii }),
      new TableColumn({ name: 'corrects_event_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'corrected', type: 'boolean', isNullable: false, default: mysql ? 0 : false }),
    ]);

    await queryRunner.addColumns('member', [
      new TableColumn({ name: 'joined_cell_on', type: 'date', isNullable: true }),
      new TableColumn({ name: 'candidate_id', type: 'integer', isNullable: true }),
    ]);

    await queryRunner.addColumn('audit_log', new TableColumn({ name: 'organization_id', type: 'integer', isNullable: true }));
    await queryRunner.createIndex('audit_log', new TableIndex({ name: 'idx_audit_organization', columnNames: ['organization_id', 'id'] }));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_log', 'idx_audit_organization');
    await queryRunner.dropColumn('audit_log', 'organization_id');
    await queryRunner.dropColumns('member', ['joined_cell_on', 'candidate_id']);
    await queryRunner.dropColumns('candidate_stage_event', ['kind', 'corrects_event_id', 'corrected']);
    await queryRunner.dropIndex('candidate', 'idx_candidate_tenant_deadline');
    await queryRunner.dropColumns('candidate', [
      'awareness_certificate_number',
      'awareness_certificate_on',
      'awareness_certificate_centre',
      'deadline_kind',
      'deadline_on',
      'decision_extended',
      'probation_ends_on',
      'recognition_resolved_on',
      'member_id',
    ]);
    await queryRunner.dropTable('public_holiday');
  }
}

const NEW_YEAR = 'Tết Dương lịch';
const TET = 'Tết Nguyên đán';
const HUNG_KINGS = 'Giỗ Tổ Hùng Vương';
const REUNIFICATION = 'Ngày Chiến thắng (30/4)';
const LABOUR = 'Ngày Quốc tế Lao động (1/5)';
const NATIONAL = 'Quốc khánh (2/9)';
const SWAP = 'Nghỉ bù';

/** Days off for public employees, as announced each year (weekend days of a break included). */
const HOLIDAYS: [string, string][] = [
  ['2021-01-01', NEW_YEAR],
  ...['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15', '2021-02-16'].map((d): [string, string] => [d, TET]),
  ['2021-04-21', HUNG_KINGS],
  ['2021-04-30', REUNIFICATION],
  ['2021-05-01', LABOUR],
  ['2021-05-03', SWAP],
  ['2021-09-02', NATIONAL],
  ['2021-09-03', NATIONAL],
  ['2022-01-01', NEW_YEAR],
  ['2022-01-03', SWAP],
  ...['2022-01-29', '2022-01-30', '2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04', '2022-02-05', '2022-02-06'].map((d): [string, string] => [d, TET]),
  ['2022-04-10', HUNG_KINGS],
  ['2022-04-11', SWAP],
  ['2022-04-30', REUNIFICATION],
  ['2022-05-01', LABOUR],
  ['2022-05-02', SWAP],
  ['2022-05-03', SWAP],
  ['2022-09-01', NATIONAL],
  ['2022-09-02', NATIONAL],
  ['2023-01-01', NEW_YEAR],
  ['2023-01-02', SWAP],
  ...['2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25', '2023-01-26'].map((d): [string, string] => [d, TET]),
  ['2023-04-29', HUNG_KINGS],
  ['2023-04-30', REUNIFICATION],
  ['2023-05-01', LABOUR],
  ['2023-05-02', SWAP],
  ['2023-05-03', SWAP],
  ['2023-09-01', NATIONAL],
  ['2023-09-02', NATIONAL],
  ['2023-09-04', SWAP],
  ['2024-01-01', NEW_YEAR],
  ...['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14'].map((d): [string, string] => [d, TET]),
  ['2024-04-18', HUNG_KINGS],
  ['2024-04-29', SWAP],
  ['2024-04-30', REUNIFICATION],
  ['2024-05-01', LABOUR],
  ['2024-09-02', NATIONAL],
  ['2024-09-03', NATIONAL],
  ['2025-01-01', NEW_YEAR],
  ...['2025-01-25', '2025-01-26', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02'].map((d): [string, string] => [d, TET]),
  ['2025-04-07', HUNG_KINGS],
  ['2025-04-30', REUNIFICATION],
  ['2025-05-01', LABOUR],
  ['2025-05-02', SWAP],
  ['2025-09-01', NATIONAL],
  ['2025-09-02', NATIONAL],
  ['2026-01-01', NEW_YEAR],
  ['2026-01-02', SWAP],
  ...['2026-02-14', '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22'].map((d): [string, string] => [d, TET]),
  ['2026-04-26', HUNG_KINGS],
  ['2026-04-27', SWAP],
  ['2026-04-30', REUNIFICATION],
  ['2026-05-01', LABOUR],
  ['2026-09-01', NATIONAL],
  ['2026-09-02', NATIONAL],
  ['2027-01-01', NEW_YEAR],
  ...['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10'].map((d): [string, string] => [d, TET]),
  ['2027-04-16', HUNG_KINGS],
  ['2027-04-30', REUNIFICATION],
  ['2027-05-01', LABOUR],
  ['2027-05-03', SWAP],
  ['2027-09-02', NATIONAL],
  ['2027-09-03', NATIONAL],
];
