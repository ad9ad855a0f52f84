import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Max, Min } from 'class-validator';
import { LocalDateScalar } from '../../graphql/scalars';
import { badInput } from '../../errors/app-error';

/**
 * A reporting period: a calendar year, a school year (năm học 2021-2022 = 1 September 2021 to
 * 31 August 2022) or any range of dates. Exactly one form is given.
 */
@InputType({ description: 'Exactly one of: year, schoolYear, or from + to' })
export class PeriodInput {
  @Field(() => Int, { nullable: true, description: 'A calendar year' })
  @IsOptional()
  @Min(1990)
  @Max(2100)
  year?: number;

  @Field(() => Int, { nullable: true, description: 'A school year by the year it starts in (2021 for 2021-2022)' })
  @IsOptional()
  @Min(1990)
  @Max(2100)
  schoolYear?: number;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  from?: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  to?: string;
}

@ObjectType({ simpleResolvers: true, description: 'The period a report covers' })
export class Period {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar)
  to!: string;

  @Field({ description: 'e.g. "2024", "năm học 2021-2022", "2024-01-01 – 2024-06-30"' })
  label!: string;

  /** The school year whose headcounts apply: the one containing the period's end. */
  @Field(() => Int, { description: 'The school year (by its start) whose headcounts the report uses' })
  headcountSchoolYear!: number;

  /** The calendar year whose targets apply: the year of the period's end. */
  @Field(() => Int, { description: 'The calendar year whose targets the report compares with' })
  targetYear!: number;
}

export function resolvePeriod(input: PeriodInput | undefined, today: string): Period {
  const forms = [input?.year !== undefined && input.year !== null, input?.schoolYear !== undefined && input.schoolYear !== null, Boolean(input?.from || input?.to)].filter(Boolean).length;
  if (forms > 1) throw badInput('Give the period as a year, a school year, or from + to: only one of them', [{ field: 'period', message: 'one form only' }]);
  let from: string;
  let to: string;
  let label: string;
  if (input?.year) {
    from = `${input.year}-01-01`;
    to = `${input.year}-12-31`;
    label = String(input.year);
  } else if (input?.schoolYear) {
    from = `${input.schoolYear}-09-01`;
    to = `${input.schoolYear + 1}-08-31`;
    label = `năm học ${input.schoolYear}-${input.schoolYear + 1}`;
  } else if (input?.from || input?.to) {
    if (!input.from || !input.to) throw badInput('A range needs both from and to', [{ field: input.from ? 'to' : 'from', message: 'required with the other' }]);
    if (input.from > input.to) throw badInput('from cannot be after to', [{ field: 'to', message: `must be on or after ${input.from}` }]);
    from = input.from;
    to = input.to;
    label = `${from} – ${to}`;
  } else {
    const year = Number(today.slice(0, 4));
    from = `${year}-01-01`;
    to = `${year}-12-31`;
    label = String(year);
  }
  if (from < '1990-01-01' || to > '2100-12-31') {
    throw badInput('A period must lie between 1990 and 2100', [{ field: 'period', message: 'out of range' }]);
  }
  const [endYear, endMonth] = to.split('-').map(Number);
  return { from, to, label, headcountSchoolYear: endMonth >= 9 ? endYear : endYear - 1, targetYear: endYear };
}
