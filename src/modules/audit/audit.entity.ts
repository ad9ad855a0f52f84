import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when: one row per write, in the same transaction as the write. */
@Entity('audit_log')
@Index('idx_audit_tenant_at', ['tenantId', 'id'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'tenant_id', type: 'int', nullable: true })
  tenantId!: number | null;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'int', nullable: true })
  subjectId!: number | null;

  /** JSON of the changed fields: { field: [before, after] }. */
  @Column({ type: 'text', nullable: true })
  changes!: string | null;

  @CreateDateColumn({ name: 'at', type: 'datetime' })
  at!: Date;
}
