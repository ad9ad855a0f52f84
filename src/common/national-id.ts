/**
 * A national ID (số định danh cá nhân): exactly 12 digits on a citizen identity card (CCCD),
 * or exactly 9 on an old identity card (CMND). Nothing else is one: a shorter number is refused,
 * never padded with zeros, since a guessed number would name another person.
 */
export const NATIONAL_ID = /^(?:[0-9]{9}|[0-9]{12})$/;

export const NATIONAL_ID_RULE = 'a national ID has exactly 12 digits (CCCD) or 9 (old CMND)';

/**
 * The digits of an ID written with the groups a card prints or a spreadsheet shows
 * ("026 185 444 003", "026.185.444.003"): spaces and dots dropped. The import reads its cells
 * through this; the GraphQL inputs take the digits only (see nationalIdProblem).
 */
export function withoutSeparators(text: string): string {
  return text.replace(/[\s.]/g, '');
}

/** Why `value` is not a national ID, or null when it is one. The same words in the import and in the GraphQL inputs. */
export function nationalIdProblem(value: string): string | null {
  if (NATIONAL_ID.test(value)) return null;
  if (/^[0-9]+$/.test(value)) return `${value.length} digits: ${NATIONAL_ID_RULE}`;
  if (NATIONAL_ID.test(withoutSeparators(value))) return `spaces or dots between the digits: send the digits only; ${NATIONAL_ID_RULE}`;
  return `not only digits: ${NATIONAL_ID_RULE}`;
}
