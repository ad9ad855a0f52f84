/** Vietnamese text: normalization, diacritic-free search keys and a sort key that agrees on every database. */

/** NFC, trimmed, inner whitespace collapsed: "Trần  Thị Mai" typed with combining marks equals the precomposed one. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Lowercase without diacritics ("Trần Thị Mai" → "tran thi mai"), for search that ignores marks and case. */
export function searchKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The Vietnamese alphabet in its order; ă, â, đ, ê, ô, ơ, ư are letters of their own. */
const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];
const LETTER_CODE = new Map(ALPHABET.map((letter, index) => [letter, String.fromCharCode(0x41 + index)]));
/** Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng. */
const TONE_CODE = new Map([['', '0'], ['\u0300', '1'], ['\u0309', '2'], ['\u0303', '3'], ['\u0301', '4'], ['\u0323', '5']]);
const LETTER_MARKS = new Map([['a\u0306', 'ă'], ['a\u0302', 'â'], ['e\u0302', 'ê'], ['o\u0302', 'ô'], ['o\u031b', 'ơ'], ['u\u031b', 'ư']]);

/**
 * An ASCII key whose binary order is the Vietnamese dictionary order of the name: letters first
 * (with ă after a, đ after d...), tones only to break ties. Stored beside the name so SQLite and
 * MySQL sort identically.
 */
export function sortKey(value: string): string {
  const letters: string[] = [];
  const tones: string[] = [];
  for (const char of normalizeText(value).toLowerCase()) {
    const decomposed = char.normalize('NFD');
    const base = decomposed[0];
    const marks = decomposed.slice(1);
    let letter = base;
    let tone = '';
    for (const mark of marks) {
      const combined = LETTER_MARKS.get(letter + mark);
      if (combined) letter = combined;
      else if (TONE_CODE.has(mark)) tone = mark;
    }
    if (letter === 'đ' || base === 'đ') letter = 'đ';
    const code = LETTER_CODE.get(letter);
    if (code) {
      letters.push(code);
      tones.push(TONE_CODE.get(tone) ?? '0');
    } else if (/[0-9]/.test(letter)) {
      letters.push(letter);
      tones.push('0');
    } else if (letter === ' ') {
      letters.push(' ');
    }
  }
  return `${letters.join('')}|${tones.join('')}`.slice(0, 250);
}

/** A search term for `LIKE '%term%'`: diacritic-free, with no wildcards of its own. */
export function likeSafe(value: string): string {
  return value.replace(/[%_\\]/g, '');
}

/** The search and sort keys stored beside a (normalized) name. */
export function nameKeys(name: string): { searchName: string; sortName: string } {
  return { searchName: searchKey(name), sortName: sortKey(name) };
}
