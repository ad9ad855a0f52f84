/**
 * Vietnamese formats: dates dd/mm/yyyy, numbers with `.` between thousands and `,` before
 * decimals (1.347; 70,16%), school years "2025-2026". The API speaks ISO dates (LocalDate
 * "2026-05-10") and instants (DateTimeISO); Vietnam has one time zone, UTC+7.
 */
const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 2 });
const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** "2026-05-10" → "10/05/2026"; an empty value gives "". */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = ISO_DATE.exec(isoDate.slice(0, 10));
  if (!match) return isoDate;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** An instant, as the clock in Vietnam read it: "05/12/2026 14:03". */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '';
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** "10/5/2026" or "10/05/2026" → "2026-05-10"; null when it is not a real date. */
export function parseDate(text: string): string | null {
  const match = VN_DATE.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 1347 → "1.347"; 1234.5 → "1.234,5"; null → "–". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return numberFormat.format(value);
}

/** A ratio from 0 to 1: 0.7016 → "70,16%"; null (no headcounts) → "–". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '–';
  return percentFormat.format(ratio);
}

/** Today's date in Vietnam, ISO. */
export function todayInVietnam(now: Date = new Date()): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The school year (by the year it starts in, as the API's PeriodInput.schoolYear) that holds a date: September to August. */
export function schoolYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return month >= 9 ? year : year - 1;
}

/** 2025 → "năm học 2025-2026". */
export function schoolYearLabel(startYear: number): string {
  return `năm học ${startYear}-${startYear + 1}`;
}

/** Working days left on a deadline, in words: "còn 3 ngày làm việc", "quá hạn 2 ngày làm việc", "đến hạn hôm nay". */
export function workingDaysText(workingDaysLeft: number): string {
  if (workingDaysLeft === 0) return 'đến hạn hôm nay';
  if (workingDaysLeft < 0) return `quá hạn ${formatNumber(-workingDaysLeft)} ngày làm việc`;
  return `còn ${formatNumber(workingDaysLeft)} ngày làm việc`;
}
