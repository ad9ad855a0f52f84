import { MigrationInterface, QueryRunner } from 'typeorm';

/** Working weekend days (make-up days) in the calendar: filled by issue 14 item 6. */
export class WorkingWeekendDays1764460800000 implements MigrationInterface {
  name = 'WorkingWeekendDays1764460800000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
