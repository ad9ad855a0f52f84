/**
 * What a candidate and a member both are: a person of a cell. Their columns and GraphQL fields
 * are declared here once, with the names and types the migrations gave them in both tables.
 */
import { Column } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Gender, PersonCategory } from '../../domain/enums';
import { LocalDateScalar } from '../../graphql/scalars';

/** A value a record must hold (`Required` true) or may leave unknown (null). */
type Held<Required extends boolean, T> = Required extends true ? T : T | null;

/**
 * The base class of a person's record. A candidate's birth date and gender are always known (the
 * Charter's age rules read them); a member's may not be (rosters kept before ketnap), so
 * `birthAndGenderRequired` decides whether those two columns and fields are nullable.
 */
export function PersonRecord<Required extends boolean>(birthAndGenderRequired: Required) {
  @ObjectType()
  abstract class Person {
    @Column({ name: 'tenant_id', type: 'int' })
    tenantId!: number;

    /** The person's cell (a candidate's: the cell developing them). */
    @Column({ name: 'organization_id', type: 'int' })
    organizationId!: number;

    @Field()
    @Column({ name: 'full_name', type: 'varchar', length: 255 })
    fullName!: string;

    /** The name's keys (common/text nameKeys), kept beside it for searches and the Vietnamese order. */
    @Column({ name: 'search_name', type: 'varchar', length: 255 })
    searchName!: string;

    @Column({ name: 'sort_name', type: 'varchar', length: 255 })
    sortName!: string;

    @Field(() => LocalDateScalar, { nullable: !birthAndGenderRequired })
    @Column({ name: 'date_of_birth', type: 'date', nullable: !birthAndGenderRequired })
    dateOfBirth!: Held<Required, string>;

    @Field(() => Gender, { nullable: !birthAndGenderRequired })
    @Column({ type: 'varchar', length: 16, nullable: !birthAndGenderRequired })
    gender!: Held<Required, Gender>;

    @Field(() => PersonCategory)
    @Column({ type: 'varchar', length: 16 })
    category!: PersonCategory;

    /** Sensitive: số CCCD; each type's resolver exposes it to those who may read it. */
    @Column({ name: 'national_id', type: 'varchar', length: 20, nullable: true })
    nationalId!: string | null;
  }
  return Person;
}
