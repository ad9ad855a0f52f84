import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Reports count a member's admission and recognition from the roster unless the same person has
 * a history (statistics.sql.ts, rosterSteps): the candidate is found by the member it made and by
 * national ID within the tenant, from these indexes instead of a scan of the tenant's candidates
 * per member, and the members admitted or recognised in the period from the tenant's dates.
 * Imports look candidates up by national ID too.
 */
export class CandidatePersonIndexes1764633600000 implements MigrationInterface {
  name = 'CandidatePersonIndexes1764633600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('candidate', new TableIndex({ name: 'idx_candidate_member', columnNames: ['member_id'] }));
    await queryRunner.createIndex('candidate', new TableIndex({ name: 'idx_candidate_tenant_national_id', columnNames: ['tenant_id', 'national_id'] }));
    // The members admitted or recognised in a period, read by date within the tenant from the
    // index alone (with what the report groups by and what finds the person's history).
    await queryRunner.createIndex(
      'member',
      new TableIndex({ name: 'idx_member_tenant_admitted', columnNames: ['tenant_id', 'admitted_on', 'organization_id', 'category', 'candidate_id', 'national_id'] }),
    );
    await queryRunner.createIndex(
      'member',
      new TableIndex({ name: 'idx_member_tenant_official', columnNames: ['tenant_id', 'official_on', 'status', 'organization_id', 'category', 'candidate_id', 'national_id'] }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('member', 'idx_member_tenant_official');
    await queryRunner.dropIndex('member', 'idx_member_tenant_admitted');
    await queryRunner.dropIndex('candidate', 'idx_candidate_tenant_national_id');
    await queryRunner.dropIndex('candidate', 'idx_candidate_member');
  }
}
