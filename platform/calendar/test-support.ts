/** For tests here and of the cases that count on this calendar. */
import type { HolidayYear } from './working-calendar.ts';

/**
 * A 2027 arrangement made up for the tests (the real notice is not in the shipped data), shaped like
 * a notice: 元旦 1/1–1/3; 春节 2/5–2/14, bridging 2/11–2/12, with make-up days Sun 1/31 and Sat 2/20.
 */
export const ARRANGEMENT_2027: HolidayYear = {
  source: 'test arrangement for 2027',
  confirmed: true,
  holidays: [
    ...['01-01', '01-02', '01-03'].map((d) => `2027-${d}`),
    ...['05', '06', '07', '08', '09', '10', '11', '12', '13', '14'].map((d) => `2027-02-${d}`),
  ],
  makeupWorkdays: ['2027-01-31', '2027-02-20'],
};
