import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Failed logins per account and per address, for throttling that holds across instances. */
export class LoginAttempts1764028800000 implements MigrationInterface {
  name = 'LoginAttempts1764028800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const ascii = mysql ? { charset: 'ascii', collation: 'ascii_bin' } : {};
    await queryRunner.createTable(
      new Table({
        name: 'login_failure',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'email', type: 'varchar', length: '255', isNullable: false, ...ascii },
          { name: 'address', type: 'varchar', length: '64', isNullable: false, ...ascii },
          { name: 'at_epoch', type: 'bigint', isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'idx_login_failure_email', columnNames: ['email', 'at_epoch'] }),
          new TableIndex({ name: 'idx_login_failure_address', columnNames: ['address', 'at_epoch'] }),
        ],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('login_failure', true);
  }
}
