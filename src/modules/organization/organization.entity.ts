import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { OrganizationKind } from '../../domain/enums';
import { Node } from '../node/node.interface';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDateScalar } from '../../graphql/scalars';
import type { Projection } from '../../graphql/projection';

/**
 * A party organization in the tree. `path` is a materialized path of ids ("/1/7/42/"), so
 * "everything under X" is one indexed `path LIKE '/1/7/%'` on every database.
 */
@Entity('organization')
@ObjectType({ implements: Node, description: 'A party organization: committee or school cell' })
export class Organization implements Node {
  @PrimaryGeneratedColumn()
  id!: number;

  get nodeId(): string {
    return toGlobalId('Organization', this.id);
  }

  /** The tenant: id of the top committee this organization belongs to. */
  @Index('idx_organization_tenant')
  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Column({ name: 'parent_id', type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'varchar', length: 255 })
  path!: string;

  @Field(() => Int, { description: 'Depth in the tree; the tenant root is 0' })
  @Column({ type: 'int' })
  depth!: number;

  @Field({ description: 'Vietnamese name, e.g. "Chi bộ Trường THCS Bình Thành"' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ name: 'search_name', type: 'varchar', length: 255 })
  searchName!: string;

  @Column({ name: 'sort_name', type: 'varchar', length: 255 })
  sortName!: string;

  @Field(() => String, { nullable: true, description: 'Code unique within the tenant (natural key for imports)' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  code!: string | null;

  @Field(() => OrganizationKind)
  @Column({ type: 'varchar', length: 32 })
  kind!: OrganizationKind;

  @Field({ description: 'Whether this organization may sign admission decisions for its subtree' })
  @Column({ name: 'may_decide_admission', type: 'boolean', default: false })
  mayDecideAdmission!: boolean;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;

  @Field(() => Int, { description: 'Optimistic concurrency version' })
  @VersionColumn()
  version!: number;

  /** Ids of the ancestors from the root down, read off the path. */
  get ancestorIds(): number[] {
    return this.path.split('/').filter(Boolean).map(Number).slice(0, -1);
  }
}

/** What a list reads of an organization for the fields asked of it (see Projection). */
export const ORGANIZATION_PROJECTION: Projection = {
  // The permission view (id, path, parentId) and the tenant.
  always: ['id', 'tenantId', 'parentId', 'path'],
  reads: { kindLabel: ['kind'], parent: [], tenant: [], school: ['kind'] },
};

/** One move of an organization to another parent; the tree's history. */
@Entity('organization_move')
@ObjectType({ description: 'A move of an organization to another parent' })
export class OrganizationMove {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('idx_organization_move_org')
  @Column({ name: 'organization_id', type: 'int' })
  organizationId!: number;

  @Column({ name: 'from_parent_id', type: 'int', nullable: true })
  fromParentId!: number | null;

  @Column({ name: 'to_parent_id', type: 'int' })
  toParentId!: number;

  @Column({ name: 'from_path', type: 'varchar', length: 255 })
  fromPath!: string;

  @Column({ name: 'to_path', type: 'varchar', length: 255 })
  toPath!: string;

  @Field(() => LocalDateScalar, { description: 'When the move took effect' })
  @Column({ name: 'moved_on', type: 'date' })
  movedOn!: string;

  @Column({ name: 'moved_by_user_id', type: 'int', nullable: true })
  movedByUserId!: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
