import { ASAM_LEVELS, INSTRUMENTS, TRACKS } from './codes';
import { enumOf, integer, number, objectSchema, uuid, type PropertySchema } from './schema';

/** Property schemas that many contracts share, so each id is described the same way everywhere. */
export const episodeId = uuid('Episode of care (one IOP admission); the aggregate id of the episode stream.');
export const patientId = uuid('Patient id issued by admissions; an opaque id, never a medical record number.');
export const locationId = uuid('Program location (a clinic site of the tenant).');
export const sessionId = uuid('Scheduled session.');
/** A staff member's subject id as the identity provider issues it (the care team's `staffId`), e.g. `auth0|dr-lee`. */
export const staffId: PropertySchema = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$',
  description: 'Staff member (the token subject, as on the care team); never a patient.',
};
export const track = enumOf(TRACKS, 'Program track the patient attends at the location.');
export const asamLevel = (description: string): PropertySchema => enumOf(ASAM_LEVELS, `${description} ASAM level code.`);

/** Age bands instead of a date of birth: admissions computes it and the date of birth never leaves that service. */
export const ageBand: PropertySchema = {
  type: 'string',
  pattern: '^([0-9]{1,2}-[0-9]{1,2}|[0-9]{2}\\+)$',
  description:
    'Age band at admission (e.g. `25-29`, `65+`), computed by admissions; the date of birth never leaves that service.',
};

export const instrument = enumOf(INSTRUMENTS, 'Instrument administered.');

/** Score names are constrained too, so an object of scores cannot smuggle answers or text in its keys. */
export const scores: PropertySchema = {
  type: 'object',
  minProperties: 1,
  propertyNames: { pattern: '^[a-z][A-Za-z0-9]*$' },
  additionalProperties: integer('Score.', { minimum: 0 }),
  description: 'Scores by name: `total` for PHQ-9 and GAD-7; `use`, `risk` and `protective` subscales for BAM.',
};

export type HoursRule = { minHoursPerDay: number; minDaysPerWeek: number };

export const hoursRule = objectSchema<HoursRule>()({
  description: 'The hours rule in force at the location (default 3 h/day on 4 days/week).',
  required: ['minHoursPerDay', 'minDaysPerWeek'],
  properties: {
    minHoursPerDay: number('Minimum hours that make a program day count.', { minimum: 0 }),
    minDaysPerWeek: integer('Minimum qualifying days per week.', { minimum: 0, maximum: 7 }),
  },
});
