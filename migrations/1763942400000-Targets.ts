import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** Yearly targets of admissions and awareness-class attendance, per organization (seed 004's plan). */
export class Targets1763942400000 implements MigrationInterface {
  name = 'Targets1763942400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const ascii = mysql ? { charset: 'ascii', collation: 'ascii_bin' } : {};
    const now = mysql ? 'CURRENT_TIMESTAMP' : "(datetime('now'))";
    await queryRunner.createTable(
      new Table({
        name: 'target',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'tenant_id', type: 'integer', isNullable: false },
          { name: 'organization_id', type: 'integer', isNullable: false },
          { name: 'year', type: 'integer', isNullable: false },
          { name: 'metric', type: 'varchar', length: '32', isNullable: false, ...ascii },
          { name: 'value', type: 'integer', isNullable: false },
          { name: 'set_by_user_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime', isNullable: false, default: now },
          { name: 'updated_at', type: 'datetime', isNullable: false, default: now },
        ],
        indices: [
          new TableIndex({ name: 'uq_target_org_year_metric', columnNames: ['organization_id', 'year', 'metric'], isUnique: true }),
          new TableIndex({ name: 'idx_target_tenant_year', columnNames: ['tenant_id', 'year'] }),
        ],
        foreignKeys: [new TableForeignKey({ name: 'fk_target_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] })],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('target', true);
  }
}
