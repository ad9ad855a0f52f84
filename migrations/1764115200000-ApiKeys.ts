import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';

/** API keys for reporting clients: scoped to a subtree, statistics only, stored hashed. */
export class ApiKeys1764115200000 implements MigrationInterface {
  name = 'ApiKeys1764115200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const ascii = mysql ? { charset: 'ascii', collation: 'ascii_bin' } : {};
    const vietnamese = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_vietnamese_ci' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'api_key',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'tenant_id', type: 'integer', isNullable: false },
          { name: 'organization_id', type: 'integer', isNullable: false },
          { name: 'name', type: 'varchar', length: '255', isNullable: false, ...vietnamese },
          { name: 'prefix', type: 'varchar', length: '16', isNullable: false, ...ascii },
          { name: 'key_hash', type: 'varchar', length: '64', isNullable: false, ...ascii },
          { name: 'created_by_user_id', type: 'integer', isNullable: true },
          { name: 'created_at', type: 'datetime', isNullable: false, default: mysql ? 'CURRENT_TIMESTAMP' : "(datetime('now'))" },
          { name: 'revoked_at', type: 'datetime', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'uq_api_key_prefix', columnNames: ['prefix'], isUnique: true }),
          new TableIndex({ name: 'idx_api_key_organization', columnNames: ['organization_id'] }),
        ],
        foreignKeys: [new TableForeignKey({ name: 'fk_api_key_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] })],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_key', true);
  }
}
