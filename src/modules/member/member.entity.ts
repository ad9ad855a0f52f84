import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { MemberStatus } from '../../domain/enums';
import { Node } from '../node/node.interface';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDateScalar } from '../../graphql/scalars';
import type { Projection } from '../../graphql/projection';
import { PersonRecord } from '../person/person.record';

/** A party member (đảng viên) of a cell. */
@Entity('member')
@Index('idx_member_tenant', ['tenantId'])
@Index('idx_member_org_sort', ['organizationId', 'sortName', 'id'])
@Index('idx_member_org_figures', ['organizationId', 'category', 'status', 'admittedOn', 'officialOn'])
@ObjectType({ implements: Node, description: 'A party member (đảng viên) of a cell' })
export class Member extends PersonRecord(false) implements Node {
  @PrimaryGeneratedColumn()
  id!: number;

  get nodeId(): string {
    return toGlobalId('Member', this.id);
  }

  @Field(() => MemberStatus)
  @Column({ type: 'varchar', length: 16 })
  status!: MemberStatus;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of the admission ceremony (ngày vào Đảng)' })
  @Column({ name: 'admitted_on', type: 'date', nullable: true })
  admittedOn!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of official recognition (ngày chính thức)' })
  @Column({ name: 'official_on', type: 'date', nullable: true })
  officialOn!: string | null;

  @Field({ description: 'Bí thư chi bộ' })
  @Column({ name: 'is_secretary', type: 'boolean', default: false })
  isSecretary!: boolean;

  @Field({ description: 'Hiệu trưởng of the school' })
  @Column({ name: 'is_principal', type: 'boolean', default: false })
  isPrincipal!: boolean;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Since when the member is in this cell (introducers need 12 months with the candidate)' })
  @Column({ name: 'joined_cell_on', type: 'date', nullable: true })
  joinedCellOn!: string | null;

  /** The candidate whose ceremony made this member. */
  @Column({ name: 'candidate_id', type: 'int', nullable: true })
  candidateId!: number | null;

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

/** What a list reads of a member for the fields asked of it (see Projection). */
export const MEMBER_PROJECTION: Projection = {
  // The permission view (id, the cell) and what nationalId's audit records.
  always: ['id', 'tenantId', 'organizationId'],
  reads: { cell: [] },
};
