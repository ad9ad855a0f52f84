import { MigrationInterface, QueryRunner } from 'typeorm';
import { sortKey } from '../src/common/text';
import { rebuild } from './1764547200000-DictionarySortKeys';

/**
 * Numbers written in any script's digits sort by value: "Phường ２" (full-width) and "Phường ١٢"
 * (Arabic-Indic) sorted before "Phường 1", their digits left out of the key. Existing rows' keys
 * are computed again; only the rows whose key changes are written (names with such digits).
 */
export class SortKeyDigits1764720000000 implements MigrationInterface {
  name = 'SortKeyDigits1764720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, sortKey);
  }

  /** The former keys differ only for names with digits outside ASCII; they keep today's. */
  public async down(): Promise<void> {}
}
