import { ageOn } from '@iop/calendar';
/**
 * What other services may learn about a patient's identity (minimum necessary, HIPAA): a roster name and an age band.
 * The full name, date of birth and phone stay in admissions.
 */

/** First name and last initial (`Alex R.`): enough for a session roster, the contracts cap it at 80 characters. */
export const displayNameOf = (firstName: string, lastName: string): string => {
  const initial = Array.from(lastName.trim())[0]?.toUpperCase() ?? '';
  return `${firstName.trim().slice(0, 76)} ${initial}.`;
};

/** Upper bounds of the five-year bands between the adolescent band and 65+ (the analytics stream's top band). */
const BANDS: readonly [from: number, to: number][] = [
  [18, 24], [25, 29], [30, 34], [35, 39], [40, 44], [45, 49], [50, 54], [55, 59], [60, 64],
];

/** Age band on a day (`0-17`, `18-24`, `25-29` ... `60-64`, `65+`); the date of birth never leaves admissions. */
export const ageBandAt = (dateOfBirth: string, on: string): string => {
  const age = ageOn(dateOfBirth, on);
  if (age < 18) return '0-17';
  if (age >= 65) return '65+';
  const [from, to] = BANDS.find(([, upper]) => age <= upper)!;
  return `${from}-${to}`;
};
