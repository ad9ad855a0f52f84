/** Vietnamese text: normalization, diacritic-free search keys, a sort key that agrees on every database, and the characters no text input may hold. */

/**
 * Apostrophes as people type them: ASCII ', the typographic ’ and ‘, the modifier letter ʼ,
 * backtick, acute accent, prime, fullwidth '. Central Highlands names (K’Bang, H’Hen Niê) and
 * O'Brien arrive with any of them.
 */
const APOSTROPHES = "'\u2019\u2018\u02BC\u0060\u00B4\u2032\u201B\uFF07\u02B9\u02BB";
/** One stored apostrophe, the typographic one, between letters (quotes around words are left alone). */
export const APOSTROPHE = '\u2019';
const APOSTROPHE_IN_WORD = new RegExp(`(?<=\\p{L}\\p{M}*)[${APOSTROPHES}](?=\\p{L})`, 'gu');
const ANY_APOSTROPHE = new RegExp(`[${APOSTROPHES}]`, 'g');

/**
 * NFC, trimmed, spaces collapsed, an apostrophe inside a word folded to ’: "Trần  Thị Mai" typed
 * with combining marks equals the precomposed one, and "K'Bang" equals "K’Bang". Line breaks
 * (which only multi-line fields such as notes may hold) are kept, as LF, one blank line at most.
 */
export function normalizeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(APOSTROPHE_IN_WORD, APOSTROPHE)
    .trim();
}

/** Combining marks of Latin letters (the Vietnamese tones and hats among them). */
const COMBINING_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/**
 * Lowercase without diacritics or apostrophes ("Trần Thị Mai" → "tran thi mai", "K’Bang" →
 * "kbang"), for search that ignores marks, case and how the apostrophe was typed. Letters of
 * other scripts are kept as they are ("Vương 王 Minh" → "vuong 王 minh").
 */
export function searchKey(value: string): string {
  return value
    .replace(ANY_APOSTROPHE, '')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The Vietnamese alphabet in its order; ă, â, đ, ê, ô, ơ, ư are letters of their own. */
const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z'];
const LETTER_CODE = new Map(ALPHABET.map((letter, index) => [letter, String.fromCharCode(0x41 + index)]));
/** Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng. */
const TONE_CODE = new Map([['', '0'], ['\u0300', '1'], ['\u0309', '2'], ['\u0303', '3'], ['\u0301', '4'], ['\u0323', '5']]);
const LETTER_MARKS = new Map([['a\u0306', 'ă'], ['a\u0302', 'â'], ['e\u0302', 'ê'], ['o\u0302', 'ô'], ['o\u031b', 'ơ'], ['u\u031b', 'ư']]);

/** Ends the letters of a sort key, before the tones: lower than any other character of a key, so a prefix sorts first ("An" before "Anh"). */
const TONES_FOLLOW = '!';
/** Between two words of a sort key: after the end of the letters, before digits and letters ("Phường 1" before "Phường 1A", "An Bình" before "Anh"). */
const WORD_BREAK = '"';
/** Longest digit run a key compares by value; longer runs are cut (a key holds 250 characters anyway). */
const MAX_DIGITS = 99;
/** Characters that join the letters of a word rather than separate words (K’Bang). */
const IN_WORD = new RegExp(`[${APOSTROPHES}]`);
/** Characters that separate words: spaces, punctuation, symbols ("Bà Rịa-Vũng Tàu", "Chi bộ 10/2"). */
const SEPARATOR = /[\s\p{P}\p{S}]/u;

/**
 * The value of every decimal digit of any script (full-width ２, Arabic-Indic ١٢...), so a number
 * sorts by value whatever digits write it. Unicode encodes each script's decimal digits as
 * consecutive runs of ten starting at zero, so a digit's value is its place in its run.
 */
const DIGIT_VALUE: ReadonlyMap<string, string> = (() => {
  const values = new Map<string, string>();
  const decimal = /\p{Nd}/u;
  let run = 0;
  for (let code = 0; code <= 0x1ffff; code += 1) {
    const char = String.fromCodePoint(code);
    if (decimal.test(char)) {
      values.set(char, String(run % 10));
      run += 1;
    } else run = 0;
  }
  return values;
})();

/**
 * A number in a sort key: its digit count (two digits) then its digits without leading zeros,
 * so that a shorter number (a smaller value) sorts first: "2" → "012", "10" → "0210".
 */
function numberCode(digits: string): string {
  const value = (digits.replace(/^0+/, '') || '0').slice(0, MAX_DIGITS);
  return String(value.length).padStart(2, '0') + value;
}

/**
 * An ASCII key whose binary order is the Vietnamese dictionary order of the name: letters first
 * (with ă after a, đ after d...), tones only to break ties; words compared one by one, a word
 * that is a prefix of another first ("Nguyễn An" < "Nguyễn Anh" < "Nguyễn Anh Thư"), numbers by
 * value ("Phường 2" < "Phường 10"). Stored beside the name so SQLite and MySQL sort identically:
 * every character of a key is printable ASCII above the space (MySQL's PAD SPACE collations
 * compare a shorter key as padded with spaces, which then still sorts first, as in SQLite).
 *
 * Layout: the words' codes (a letter is one character from A, in the alphabet's order; a number
 * is its length and its digits; `"` between words), `!`, then one tone digit per letter.
 */
export function sortKey(value: string): string {
  const letters: string[] = [];
  const tones: string[] = [];
  let digits = '';
  let pendingBreak = false;
  const flushDigits = () => {
    if (digits) letters.push(numberCode(digits));
    digits = '';
  };
  const startToken = () => {
    if (pendingBreak && letters.length > 0) letters.push(WORD_BREAK);
    pendingBreak = false;
  };
  for (const char of normalizeText(value).toLowerCase()) {
    const digit = DIGIT_VALUE.get(char);
    if (digit !== undefined) {
      if (!digits) startToken();
      digits += digit;
      continue;
    }
    flushDigits();
    const decomposed = char.normalize('NFD');
    const base = decomposed[0];
    let letter = base;
    let tone = '';
    for (const mark of decomposed.slice(1)) {
      const combined = LETTER_MARKS.get(letter + mark);
      if (combined) letter = combined;
      else if (TONE_CODE.has(mark)) tone = mark;
    }
    const code = LETTER_CODE.get(letter);
    if (code) {
      startToken();
      letters.push(code);
      tones.push(TONE_CODE.get(tone) ?? '0');
    } else if (IN_WORD.test(char)) {
      // an apostrophe joins the letters around it
    } else if (SEPARATOR.test(char)) {
      pendingBreak = true;
    }
    // letters of other scripts are left out of the key
  }
  flushDigits();
  return `${letters.join('')}${TONES_FOLLOW}${tones.join('')}`.slice(0, 250);
}

/** A search term for `LIKE '%term%'`: diacritic-free, with no wildcards of its own. */
export function likeSafe(value: string): string {
  return value.replace(/[%_\\]/g, '');
}

/** The search and sort keys stored beside a (normalized) name. */
export function nameKeys(name: string): { searchName: string; sortName: string } {
  return { searchName: searchKey(name), sortName: sortKey(name) };
}

/**
 * What a text input may hold. `line`: names, codes, numbers, emails, searches (no tab or line
 * break); `multiLine`: notes and reasons (tab and line breaks allowed); `secret`: passwords, taken
 * as typed (only well-formed Unicode required).
 */
export type TextKind = 'line' | 'multiLine' | 'secret';

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 controls and DEL; tab, LF and CR are judged apart. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
/** Embeddings, overrides and isolates, and the invisible direction marks (LRM, RLM, ALM). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
/**
 * Other invisible format characters (zero-width space, word joiner, BOM, soft hyphen, line and
 * paragraph separators...), and the noncharacters. ZWNJ and ZWJ (U+200C, U+200D) stay: scripts
 * and emoji need them.
 */
const INVISIBLE = /[\u00AD\u200B\u2028\u2029\u2060-\u2064\u206A-\u206F\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF\uFDD0-\uFDEF]/;
/**
 * The same classes in every plane, by their Unicode properties: every format character (Cf: tags,
 * prepended number marks, the Mongolian vowel separator...), every default-ignorable one (the
 * Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner, U+17B4...),
 * every noncharacter (U+1FFFE too), and the blank Braille pattern U+2800: each can make a name
 * look like another or like nothing. ZWNJ, ZWJ and the variation selectors stay (scripts and
 * emoji need them).
 */
const INVISIBLE_ANY_PLANE = /(?![\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\u2800]/u;

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a text input is refused, or null when it may be stored. Blank values are judged by the caller. */
export function textProblem(value: string, kind: TextKind = 'line'): string | null {
  const unpaired = UNPAIRED_SURROGATE.exec(value);
  if (unpaired) return `is not valid Unicode (an unpaired surrogate ${codePoint(unpaired[0])})`;
  if (value.includes('\uFFFD')) return 'holds U+FFFD, the mark of bytes that were not valid UTF-8';
  if (kind === 'secret') return null;
  const control = CONTROL.exec(value);
  if (control) return `holds a control character (${codePoint(control[0])})`;
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) return `holds a bidirectional control character (${codePoint(bidi[0])})`;
  const invisible = INVISIBLE.exec(value) ?? INVISIBLE_ANY_PLANE.exec(value);
  if (invisible) return `holds an invisible format character (${codePoint(invisible[0])})`;
  if (kind === 'line' && LINE_BREAK_OR_TAB.test(value)) return 'may not hold a tab or a line break';
  return null;
}

/** Whether a text is empty once trimmed (spaces of every kind count as nothing). */
export function isBlank(value: string): boolean {
  return value.trim() === '';
}
