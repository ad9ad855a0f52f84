import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { SchoolLevel } from '../../domain/enums';
import { Node } from '../node/node.interface';
import { toGlobalId } from '../../graphql/global-id';
import type { Projection } from '../../graphql/projection';

/**
 * A school. `organizationId` places it in the tree: its own cell or school committee when it
 * has a party organization, otherwise the committee whose area it is in.
 */
@Entity('school')
@ObjectType({ implements: Node, description: 'A school (trường học)' })
export class School implements Node {
  @PrimaryGeneratedColumn()
  id!: number;

  get nodeId(): string {
    return toGlobalId('School', this.id);
  }

  @Index('idx_school_tenant')
  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Index('idx_school_organization')
  @Column({ name: 'organization_id', type: 'int' })
  organizationId!: number;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'search_name', type: 'varchar', length: 255 })
  searchName!: string;

  @Column({ name: 'sort_name', type: 'varchar', length: 255 })
  sortName!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Field(() => SchoolLevel)
  @Column({ type: 'varchar', length: 32 })
  level!: SchoolLevel;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @Field(() => Int)
  @VersionColumn()
  version!: number;
}

/** What a list reads of a school for the fields asked of it (see Projection). */
export const SCHOOL_PROJECTION: Projection = {
  always: ['id', 'tenantId', 'organizationId'],
  reads: { organization: [] },
};

/** Headcounts of a school for one school year (năm học, September to August). */
@Entity('school_headcount')
@Unique('uq_school_headcount_year', ['schoolId', 'schoolYear'])
@ObjectType({ description: 'Headcounts of a school for one school year' })
export class SchoolHeadcount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'school_id', type: 'int' })
  schoolId!: number;

  /** The calendar year the school year starts in: 2021 for năm học 2021-2022. */
  @Field(() => Int, { description: 'Year the school year starts in (2021 for 2021-2022)' })
  @Column({ name: 'school_year', type: 'int' })
  schoolYear!: number;

  @Field({ description: 'The school year as written, e.g. "2021-2022"' })
  get schoolYearLabel(): string {
    return `${this.schoolYear}-${this.schoolYear + 1}`;
  }

  @Field(() => Int, { description: 'Cán bộ quản lý' })
  @Column({ type: 'int', default: 0 })
  managers!: number;

  @Field(() => Int, { description: 'Giáo viên' })
  @Column({ type: 'int', default: 0 })
  teachers!: number;

  @Field(() => Int, { description: 'Nhân viên' })
  @Column({ type: 'int', default: 0 })
  staff!: number;

  @Field(() => Int, { description: 'Học sinh' })
  @Column({ type: 'int', default: 0 })
  students!: number;

  @Field(() => Int, { description: 'Học sinh lớp 12' })
  @Column({ name: 'grade12_students', type: 'int', default: 0 })
  grade12Students!: number;
}
