import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';

/** A reporting client's key: statistics of one subtree, nothing else. Only its hash is stored. */
@Entity('api_key')
@ObjectType({ description: 'An API key of a reporting client (statistics of a subtree only)' })
export class ApiKey {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => ID, { name: 'id' })
  get keyId(): string {
    return toGlobalId('ApiKey', this.id);
  }

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Column({ name: 'organization_id', type: 'int' })
  organizationId!: number;

  @Field({ description: 'What the key is for, e.g. "Bảng điều khiển Ban Tổ chức"' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Field({ description: 'The first characters of the key, to recognise it' })
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  /** SHA-256 of the whole key. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  @Column({ name: 'created_by_user_id', type: 'int', nullable: true })
  createdByUserId!: number | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: 'datetime', nullable: true })
  revokedAt!: Date | null;
}
