import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

/**
 * The core platform: the party tree, schools with yearly headcounts, members, candidates with
 * their stage history, users and the audit log. Written with TypeORM's Table API so the same
 * migration runs on MySQL/MariaDB and SQLite; Vietnamese text columns get utf8mb4 with the
 * Vietnamese collation on MySQL, key columns (paths, sort keys) ASCII binary.
 */
export class CoreSchema1763769600000 implements MigrationInterface {
  name = 'CoreSchema1763769600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type === 'mysql';
    const c = columnHelpers(mysql);

    await queryRunner.createTable(
      new Table({
        name: 'organization',
        columns: [
          c.id(),
          c.int('tenant_id'),
          c.int('parent_id', true),
          c.key('path', 255),
          c.int('depth'),
          c.text('name', 255),
          c.key('search_name', 255),
          c.key('sort_name', 255),
          c.key('code', 64, true),
          c.key('kind', 32),
          c.bool('may_decide_admission'),
          ...c.timestamps(),
          c.int('version'),
        ],
        indices: [
          new TableIndex({ name: 'idx_organization_path', columnNames: ['path'] }),
          new TableIndex({ name: 'idx_organization_tenant', columnNames: ['tenant_id'] }),
          new TableIndex({ name: 'idx_organization_parent', columnNames: ['parent_id'] }),
          new TableIndex({ name: 'uq_organization_tenant_code', columnNames: ['tenant_id', 'code'], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_organization_parent', columnNames: ['parent_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'organization_move',
        columns: [
          c.id(),
          c.int('organization_id'),
          c.int('from_parent_id', true),
          c.int('to_parent_id'),
          c.key('from_path', 255),
          c.key('to_path', 255),
          c.date('moved_on'),
          c.int('moved_by_user_id', true),
          c.text('reason', 500, true),
          c.datetime('created_at'),
        ],
        indices: [new TableIndex({ name: 'idx_organization_move_org', columnNames: ['organization_id'] })],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_organization_move_org', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'school',
        columns: [
          c.id(),
          c.int('tenant_id'),
          c.int('organization_id'),
          c.text('name', 255),
          c.key('search_name', 255),
          c.key('sort_name', 255),
          c.key('code', 64, true),
          c.key('level', 32),
          ...c.timestamps(),
          c.int('version'),
        ],
        indices: [
          new TableIndex({ name: 'idx_school_tenant', columnNames: ['tenant_id'] }),
          new TableIndex({ name: 'idx_school_organization', columnNames: ['organization_id'] }),
          new TableIndex({ name: 'uq_school_tenant_code', columnNames: ['tenant_id', 'code'], isUnique: true }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_school_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'school_headcount',
        columns: [
          c.id(),
          c.int('school_id'),
          c.int('school_year'),
          c.int('managers', false, 0),
          c.int('teachers', false, 0),
          c.int('staff', false, 0),
          c.int('students', false, 0),
          c.int('grade12_students', false, 0),
        ],
        indices: [new TableIndex({ name: 'uq_school_headcount_year', columnNames: ['school_id', 'school_year'], isUnique: true })],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_headcount_school', columnNames: ['school_id'], referencedTableName: 'school', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'member',
        columns: [
          c.id(),
          c.int('tenant_id'),
          c.int('organization_id'),
          c.text('full_name', 255),
          c.key('search_name', 255),
          c.key('sort_name', 255),
          c.date('date_of_birth', true),
          c.key('gender', 16, true),
          c.key('category', 16),
          c.key('status', 16),
          c.date('admitted_on', true),
          c.date('official_on', true),
          c.bool('is_secretary'),
          c.bool('is_principal'),
          c.key('national_id', 20, true),
          ...c.timestamps(),
          c.int('version'),
        ],
        indices: [
          new TableIndex({ name: 'idx_member_tenant', columnNames: ['tenant_id'] }),
          new TableIndex({ name: 'idx_member_org_sort', columnNames: ['organization_id', 'sort_name', 'id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_member_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'candidate',
        columns: [
          c.id(),
          c.int('tenant_id'),
          c.int('organization_id'),
          c.text('full_name', 255),
          c.key('search_name', 255),
          c.key('sort_name', 255),
          c.date('date_of_birth'),
          c.key('gender', 16),
          c.key('category', 16),
          c.int('grade', true),
          c.key('stage', 32),
          c.date('stage_since'),
          c.int('mentor_id', true),
          c.bool('youth_union_member'),
          c.key('education_level', 32),
          c.key('national_id', 20, true),
          c.key('phone', 32, true),
          c.text('email', 255, true),
          c.text('address', 500, true),
          c.longText('notes'),
          ...c.timestamps(),
          c.int('version'),
        ],
        indices: [
          new TableIndex({ name: 'idx_candidate_org_sort', columnNames: ['organization_id', 'sort_name', 'id'] }),
          new TableIndex({ name: 'idx_candidate_tenant_stage', columnNames: ['tenant_id', 'stage'] }),
          new TableIndex({ name: 'idx_candidate_mentor', columnNames: ['mentor_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_candidate_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
          new TableForeignKey({ name: 'fk_candidate_mentor', columnNames: ['mentor_id'], referencedTableName: 'member', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'candidate_stall_reason',
        columns: [c.id(), c.int('candidate_id'), c.key('reason', 32), c.text('note', 500, true), c.date('recorded_on')],
        indices: [new TableIndex({ name: 'idx_stall_reason_candidate', columnNames: ['candidate_id'] })],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_stall_reason_candidate', columnNames: ['candidate_id'], referencedTableName: 'candidate', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'candidate_stage_event',
        columns: [
          c.id(),
          c.int('candidate_id'),
          c.int('tenant_id'),
          c.int('organization_id'),
          c.key('from_stage', 32, true),
          c.key('to_stage', 32),
          c.date('occurred_on'),
          c.datetime('recorded_at'),
          c.int('recorded_by_user_id', true),
          c.longText('facts'),
          c.text('note', 1000, true),
        ],
        indices: [
          new TableIndex({ name: 'idx_stage_event_candidate', columnNames: ['candidate_id', 'id'] }),
          new TableIndex({ name: 'idx_stage_event_tenant_stage_date', columnNames: ['tenant_id', 'to_stage', 'occurred_on'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_stage_event_candidate', columnNames: ['candidate_id'], referencedTableName: 'candidate', referencedColumnNames: ['id'] }),
          new TableForeignKey({ name: 'fk_stage_event_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'app_user',
        columns: [
          c.id(),
          c.key('email', 255),
          c.key('password_hash', 255),
          c.text('display_name', 255),
          c.key('role', 32),
          c.int('tenant_id', true),
          c.int('organization_id', true),
          c.int('member_id', true),
          c.bool('disabled'),
          c.int('token_version', false, 1),
          ...c.timestamps(),
        ],
        indices: [
          new TableIndex({ name: 'uq_user_email', columnNames: ['email'], isUnique: true }),
          new TableIndex({ name: 'idx_user_tenant', columnNames: ['tenant_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({ name: 'fk_user_organization', columnNames: ['organization_id'], referencedTableName: 'organization', referencedColumnNames: ['id'] }),
          new TableForeignKey({ name: 'fk_user_member', columnNames: ['member_id'], referencedTableName: 'member', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          c.id(),
          c.int('tenant_id', true),
          c.int('user_id', true),
          c.key('action', 64),
          c.key('subject_type', 32),
          c.int('subject_id', true),
          c.longText('changes'),
          c.datetime('at'),
        ],
        indices: [new TableIndex({ name: 'idx_audit_tenant_at', columnNames: ['tenant_id', 'id'] })],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'app_user', 'candidate_stage_event', 'candidate_stall_reason', 'candidate', 'member', 'school_headcount', 'school', 'organization_move', 'organization']) {
      await queryRunner.dropTable(table, true);
    }
  }
}

/** Column builders that give each column the right type, charset and collation per database. */
function columnHelpers(mysql: boolean) {
  const vietnamese = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_vietnamese_ci' } : {};
  const ascii = mysql ? { charset: 'ascii', collation: 'ascii_bin' } : {};
  return {
    id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
    int: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({
      name,
      type: 'integer',
      isNullable: nullable,
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
    }),
    bool: (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false, default: mysql ? 0 : false }),
    /** Vietnamese text: names, notes. */
    text: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...vietnamese }),
    longText: (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true, ...vietnamese }),
    /** ASCII keys compared byte by byte: paths, sort keys, enum values, codes. */
    key: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii }),
    date: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'date', isNullable: nullable }),
    datetime: (name: string): TableColumnOptions => ({ name, type: 'datetime', isNullable: false, default: mysql ? 'CURRENT_TIMESTAMP' : "(datetime('now'))" }),
    timestamps: (): TableColumnOptions[] => [
      { name: 'created_at', type: 'datetime', isNullable: false, default: mysql ? 'CURRENT_TIMESTAMP' : "(datetime('now'))" },
      { name: 'updated_at', type: 'datetime', isNullable: false, default: mysql ? 'CURRENT_TIMESTAMP' : "(datetime('now'))" },
    ],
  };
}
