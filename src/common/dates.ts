/** Date arithmetic on calendar dates (YYYY-MM-DD strings), free of time zones. */

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidLocalDate(value: string): boolean {
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Why a year, month and day name no day of the calendar ("there is no month 13", "there is no
 * day 0", "02/1990 has 28 days"), or null when they name one (the years LocalDate takes are
 * the caller's check). The import and the exports say "impossible date" with it.
 */
export function impossibleDateReason(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1) return `there is no day ${day}`;
  if (day > daysInMonth(year, month)) return `${String(month).padStart(2, '0')}/${year} has ${daysInMonth(year, month)} days`;
  return null;
}

export function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Today in Vietnam (UTC+7), where the party documents are dated. */
export function todayInVietnam(now: Date = new Date()): string {
  const shifted = new Date(now.getTime() + 7 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}

/**
 * Adds whole months; a day that does not exist in the target month falls on its last day
 * (born 2008-02-29 → 18 years later is 2026-02-28).
 */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Full months from `from` to `to` (age in months on a given day). */
export function fullMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd && !(td === daysInMonth(ty, tm) && fd > td)) months -= 1;
  return months;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return formatDate(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/**
 * The latest birth date of someone who is `months` old by `on` (the inverse of addMonths):
 * on the last day of a month, everyone born up to the end of that month in the birth year
 * qualifies (born 29/2/2008 → 18 on 28/2/2026).
 */
export function latestBirthDateEligibleOn(months: number, on: string): string {
  const back = addMonths(on, -months);
  const [y, m, d] = parts(on);
  if (d !== daysInMonth(y, m)) return back;
  const [by, bm] = parts(back);
  return formatDate(by, bm, daysInMonth(by, bm));
}
