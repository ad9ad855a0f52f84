import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Reports count a member's admission and recognition from the roster unless the same person has
 * a history (statistics.sql.ts, rosterSteps): the candidate is found by the member it made and by
 * national ID within the tenant, from these indexes instead of a scan of the tenant's candidates
 * per member. Imports look candidates up by national ID too.
 */
export class CandidatePersonIndexes1764633600000 implements MigrationInterface {
  name = 'CandidatePersonIndexes1764633600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('candidate', new TableIndex({ name: 'idx_candidate_member', columnNames: ['member_id'] }));
    await queryRunner.createIndex('candidate', new TableIndex({ name: 'idx_candidate_tenant_national_id', columnNames: ['tenant_id', 'national_id'] }));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('candidate', 'idx_candidate_tenant_national_id');
    await queryRunner.dropIndex('candidate', 'idx_candidate_member');
  }
}
