import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['organization', 'school', 'member', 'candidate'];

/**
 * The search keys hold every letter of a name, not only ASCII: "Vương 王 Minh" is searched as
 * "vuong 王 minh", and a name with a letter outside ASCII no longer fails to be written on MySQL
 * (the column was ascii_bin). utf8mb4 with a binary collation: the keys are already folded
 * (lowercase, no diacritics), so LIKE compares them as they are. SQLite stores any text: nothing
 * to change there.
 */
export class UnicodeSearchKeys1764374400000 implements MigrationInterface {
  name = 'UnicodeSearchKeys1764374400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`search_name\` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL`);
    }
  }

  /** Back to ASCII: refused by MySQL while a key holds a letter outside ASCII. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'mysql') return;
    for (const table of TABLES) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`search_name\` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL`);
    }
  }
}
