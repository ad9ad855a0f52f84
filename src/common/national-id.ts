/**
 * A national ID (số định danh cá nhân): exactly 12 digits on a citizen identity card (CCCD),
 * or exactly 9 on an old identity card (CMND). Nothing else is one: a shorter number is refused,
 * never padded with zeros, since a guessed number would name another person.
 */
export const NATIONAL_ID = /^(?:[0-9]{9}|[0-9]{12})$/;

export const NATIONAL_ID_RULE = 'a national ID has exactly 12 digits (CCCD) or 9 (old CMND)';

/** Why `value` is not a national ID, or null when it is one. */
export function nationalIdProblem(value: string): string | null {
  if (NATIONAL_ID.test(value)) return null;
  if (/^[0-9]+$/.test(value)) return `${value.length} digits: ${NATIONAL_ID_RULE}`;
  return `not only digits: ${NATIONAL_ID_RULE}`;
}
