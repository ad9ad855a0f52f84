import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';

/**
 * A Saturday or Sunday made a working day (ngày làm bù) in exchange for a weekday given off
 * beside a holiday: data, as each year's announcement says, so deadlines count it.
 */
@Entity('working_weekend_day')
@ObjectType({ description: 'A weekend day that is a working day (ngày làm bù), compensating a weekday given off' })
export class WorkingWeekendDay {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => LocalDateScalar)
  @Column({ name: 'work_on', type: 'date' })
  workOn!: string;

  @Field({ description: 'e.g. "Làm bù ngày 2/1/2026 (Tết Dương lịch)"' })
  @Column({ type: 'varchar', length: 255 })
  name!: string;
}
