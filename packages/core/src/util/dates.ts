import { SyraqError, type ErrorCode } from "../errors.ts";

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True when `text` is a real calendar date written YYYY-MM-DD (proleptic Gregorian): 2017-02-29, 2017-02-30 and
 * 2017-04-31 are not; 2016-02-29 is. `Date.parse` alone accepts day 31 in every month, so it is not used.
 *
 * @example
 * ```ts
 * import { isIsoCalendarDate } from "@syraq/core";
 * isIsoCalendarDate("2016-02-29"); // true
 * isIsoCalendarDate("2017-02-29"); // false
 * ```
 */
export function isIsoCalendarDate(text: string): boolean {
  const m = ISO_DATE_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/**
 * Checks a YYYY-MM-DD date (the one check behind --date, front and crossing files and figure specs) and returns it.
 * `what` names the option or field in the message ("--date", "figure spec field 'date'").
 *
 * Throws `code` (default BAD_OPTION, exit 2) for anything else.
 *
 * @example
 * ```ts
 * import { checkIsoDate } from "@syraq/core";
 * checkIsoDate("2017-09-20"); // "2017-09-20"
 * checkIsoDate("20/09/2017", "--date"); // throws SyraqError BAD_OPTION
 * ```
 */
export function checkIsoDate(date: unknown, what = "--date", code: ErrorCode = "BAD_OPTION"): string {
  if (typeof date !== "string" || !ISO_DATE_RE.test(date)) {
    const shown = typeof date === "string" ? `'${date.slice(0, 40)}'` : `a ${date === null ? "null" : typeof date}`;
    throw new SyraqError(code, `${what} ${shown} is not a date: use YYYY-MM-DD, e.g. 2017-10-01`, { field: what });
  }
  if (!isIsoCalendarDate(date)) {
    throw new SyraqError(code, `${what} '${date}' is not a day of the calendar (that month has fewer days)`, {
      field: what,
      date,
    });
  }
  return date;
}
