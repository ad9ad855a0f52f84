import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** Reports ask of every cell whether its secretary is the principal: answered from an index. */
export class MemberSecretaryIndex1764201600000 implements MigrationInterface {
  name = 'MemberSecretaryIndex1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('member', new TableIndex({ name: 'idx_member_org_secretary', columnNames: ['organization_id', 'is_secretary', 'is_principal'] }));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('member', 'idx_member_org_secretary');
  }
}
