import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../domain/enums';
import { Node } from '../node/node.interface';
import { toGlobalId } from '../../graphql/global-id';

/** Someone who logs in, acting for one organization in one role. */
@Entity('app_user')
@ObjectType({ implements: Node, description: 'A user of ketnap' })
export class User implements Node {
  @PrimaryGeneratedColumn()
  id!: number;

  get nodeId(): string {
    return toGlobalId('User', this.id);
  }

  @Field()
  @Index('uq_user_email', { unique: true })
  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Field()
  @Column({ name: 'display_name', type: 'varchar', length: 255 })
  displayName!: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  /** Null only for system administrators. */
  @Index('idx_user_tenant')
  @Column({ name: 'tenant_id', type: 'int', nullable: true })
  tenantId!: number | null;

  @Column({ name: 'organization_id', type: 'int', nullable: true })
  organizationId!: number | null;

  /** The member a mentor user is (the candidates they help are those whose mentor this is). */
  @Column({ name: 'member_id', type: 'int', nullable: true })
  memberId!: number | null;

  @Field()
  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Bumped when the password changes or the user is disabled: older tokens stop working. */
  @Column({ name: 'token_version', type: 'int', default: 1 })
  tokenVersion!: number;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'datetime' })
  updatedAt!: Date;
}
