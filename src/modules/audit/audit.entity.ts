import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';

/** Who changed what, when: one row per write, in the same transaction as the write. */
@Entity('audit_log')
@ObjectType({ description: 'One write: who changed what, when' })
@Index('idx_audit_tenant_at', ['tenantId', 'id'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'tenant_id', type: 'int', nullable: true })
  tenantId!: number | null;

  /** The organization the changed object belongs to (for committees reading their subtree's log). */
  @Column({ name: 'organization_id', type: 'int', nullable: true })
  organizationId!: number | null;

  @Column({ name: 'user_id', type: 'int', nullable: true })
  userId!: number | null;

  @Field({ description: 'e.g. candidate.create, organization.move' })
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Field({ description: 'Organization, School, Member, Candidate or User' })
  @Column({ name: 'subject_type', type: 'varchar', length: 32 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'int', nullable: true })
  subjectId!: number | null;

  /** JSON of the changed fields: { field: [before, after] }. */
  @Column({ type: 'text', nullable: true })
  changes!: string | null;

  @Field()
  @CreateDateColumn({ name: 'at', type: 'datetime' })
  at!: Date;
}
