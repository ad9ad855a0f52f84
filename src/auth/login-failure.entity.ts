import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A login attempt still counted against its account and address (a success clears the account's). */
@Entity('login_failure')
export class LoginFailure {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  /** Seconds since the epoch: compared the same way on every database. */
  @Column({ name: 'at_epoch', type: 'bigint' })
  atEpoch!: number;
}
