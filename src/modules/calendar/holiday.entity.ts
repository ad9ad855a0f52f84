import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../graphql/scalars';

/** A day off for public employees (Tết, 30/4, 2/9...): data, so deadlines follow each year's announcement. */
@Entity('public_holiday')
@ObjectType({ description: 'A public holiday (ngày nghỉ lễ, Tết)' })
export class PublicHoliday {
  @PrimaryGeneratedColumn()
  id!: number;

  @Field(() => LocalDateScalar)
  @Column({ name: 'holiday_on', type: 'date' })
  holidayOn!: string;

  @Field()
  @Column({ type: 'varchar', length: 255 })
  name!: string;
}
