import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What a yearly target counts (seed 004: each THPT cell admits ≥ 1 student and sends ≥ 10 to the class). */
export enum TargetMetric {
  /** Admission decisions in the year. */
  ADMISSIONS = 'ADMISSIONS',
  STUDENT_ADMISSIONS = 'STUDENT_ADMISSIONS',
  /** People who completed the awareness class in the year. */
  AWARENESS_CLASS = 'AWARENESS_CLASS',
  STUDENT_AWARENESS_CLASS = 'STUDENT_AWARENESS_CLASS',
}

registerEnumType(TargetMetric, { name: 'TargetMetric', description: 'What a yearly target counts' });

/** A yearly target of one organization; a committee's target is the sum of its own and its subtree's. */
@Entity('target')
@ObjectType({ description: 'A yearly target (chỉ tiêu) of one organization' })
export class Target {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Column({ name: 'organization_id', type: 'int' })
  organizationId!: number;

  @Field(() => Int, { description: 'Calendar year' })
  @Column({ type: 'int' })
  year!: number;

  @Field(() => TargetMetric)
  @Column({ type: 'varchar', length: 32 })
  metric!: TargetMetric;

  @Field(() => Int)
  @Column({ type: 'int' })
  value!: number;

  @Column({ name: 'set_by_user_id', type: 'int', nullable: true })
  setByUserId!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
