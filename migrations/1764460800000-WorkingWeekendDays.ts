import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Working weekend days (ngày làm bù): a Saturday or Sunday the government makes a working day
 * in exchange for a weekday given off next to a holiday. Data beside the public holidays, so
 * working-day deadlines count them. Seeds the make-up days of the swaps already stored as
 * holidays ("Nghỉ bù" days given in exchange).
 */
export class WorkingWeekendDays1764460800000 implements MigrationInterface {
  name = 'WorkingWeekendDays1764460800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const vietnamese = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_vietnamese_ci' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'working_weekend_day',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'work_on', type: 'date', isNullable: false },
          { name: 'name', type: 'varchar', length: '255', isNullable: false, ...vietnamese },
        ],
        indices: [new TableIndex({ name: 'uq_working_weekend_day_on', columnNames: ['work_on'], isUnique: true })],
      }),
    );
    for (const [day, name] of MAKE_UP_DAYS) {
      await queryRunner.query('INSERT INTO working_weekend_day (work_on, name) VALUES (?, ?)', [day, name]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('working_weekend_day');
  }
}

/** Make-up Saturdays announced for public employees (công chức, viên chức). */
const MAKE_UP_DAYS: [string, string][] = [
  // 2450/VPCP-KGVX: Monday 29/4/2024 off, worked on Saturday 4/5/2024.
  ['2024-05-04', 'Làm bù ngày 29/4/2024 (nghỉ lễ 30/4 - 1/5)'],
  // Friday 2/5/2025 off, worked on Saturday 26/4/2025.
  ['2025-04-26', 'Làm bù ngày 2/5/2025 (nghỉ lễ 30/4 - 1/5)'],
  // 12729/VPCP-KGVX: Friday 2/1/2026 off, worked on Saturday 10/1/2026.
  ['2026-01-10', 'Làm bù ngày 2/1/2026 (Tết Dương lịch)'],
];
