import { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeText, sortKey } from '../src/common/text';

/** The tables with a sort key, and the column of the name it is computed from. */
const TABLES: { table: string; name: string }[] = [
  { table: 'organization', name: 'name' },
  { table: 'school', name: 'name' },
  { table: 'member', name: 'full_name' },
  { table: 'candidate', name: 'full_name' },
];

/** Rows read and rewritten at a time. */
const BATCH = 500;

/**
 * Sort keys in dictionary order: a word that is a prefix of another sorts first ("Nguyễn An"
 * before "Nguyễn Anh", "Phường 1" before "Phường 11"; the end of the letters sorted after them
 * before) and numbers sort by value ("Phường 2" before "Phường 10"). Every existing row's key is
 * computed again from its name, in batches of 500 by id; the keys that changed are written with
 * one statement per batch. The keys stay printable ASCII within 250 characters: the columns
 * (varchar 255, ascii_bin on MySQL) are unchanged.
 */
export class DictionarySortKeys1764547200000 implements MigrationInterface {
  name = 'DictionarySortKeys1764547200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, sortKey);
  }

  /** Back to the former keys (letters, then `|` and the tones; digits as they are). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await rebuild(queryRunner, formerSortKey);
  }
}

export async function rebuild(queryRunner: QueryRunner, key: (name: string) => string): Promise<void> {
  for (const { table, name } of TABLES) {
    let after = 0;
    for (;;) {
      const rows = (await queryRunner.query(`SELECT id, ${name} AS name, sort_name FROM ${table} WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after])) as { id: number | string; name: string; sort_name: string }[];
      if (rows.length === 0) break;
      // The batch's changed keys in one statement (a scale database holds some 150,000 names).
      const changed = rows.map((row) => ({ id: row.id, key: key(row.name) })).filter((row, i) => row.key !== rows[i].sort_name);
      if (changed.length > 0) {
        await queryRunner.query(
          `UPDATE ${table} SET sort_name = CASE id ${changed.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE id IN (${changed.map(() => '?').join(', ')})`,
          [...changed.flatMap((row) => [row.id, row.key]), ...changed.map((row) => row.id)],
        );
      }
      after = Number(rows[rows.length - 1].id);
    }
  }
}

/** The key before this migration, kept for `down` only. */
function formerSortKey(value: string): string {
  const alphabet = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];
  const letterCode = new Map(alphabet.map((letter, index) => [letter, String.fromCharCode(0x41 + index)]));
  const toneCode = new Map([['', '0'], ['\u0300', '1'], ['\u0309', '2'], ['\u0303', '3'], ['\u0301', '4'], ['\u0323', '5']]);
  const letterMarks = new Map([['a\u0306', 'ă'], ['a\u0302', 'â'], ['e\u0302', 'ê'], ['o\u0302', 'ô'], ['o\u031b', 'ơ'], ['u\u031b', 'ư']]);
  const letters: string[] = [];
  const tones: string[] = [];
  for (const char of normalizeText(value).toLowerCase()) {
    const decomposed = char.normalize('NFD');
    const base = decomposed[0];
    let letter = base;
    let tone = '';
    for (const mark of decomposed.slice(1)) {
      const combined = letterMarks.get(letter + mark);
      if (combined) letter = combined;
      else if (toneCode.has(mark)) tone = mark;
    }
    if (letter === 'đ' || base === 'đ') letter = 'đ';
    const code = letterCode.get(letter);
    if (code) {
      letters.push(code);
      tones.push(toneCode.get(tone) ?? '0');
    } else if (/[0-9]/.test(letter)) {
      letters.push(letter);
      tones.push('0');
    } else if (letter === ' ') {
      letters.push(' ');
    }
  }
  return `${letters.join('')}|${tones.join('')}`.slice(0, 250);
}
