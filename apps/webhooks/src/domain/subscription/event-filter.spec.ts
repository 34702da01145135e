import { DELIVERABLE_TYPES } from './deliverable-types';
import { eventTypeProblems, filterMatches, SUBSCRIBABLE_PATTERNS } from './event-filter';

describe('event type filters', () => {
  it('match exact types and trailing wildcards only', () => {
    expect(filterMatches(['iop.admissions.*'], 'iop.admissions.PatientAdmitted.v1')).toBe(true);
    expect(filterMatches(['iop.admissions.PatientAdmitted.*'], 'iop.admissions.PatientAdmitted.v2')).toBe(true);
    expect(filterMatches(['iop.admissions.*'], 'iop.admissionsx.PatientAdmitted.v1')).toBe(false);
    expect(filterMatches(['iop.scheduling.AttendanceRecorded.v1'], 'iop.scheduling.AttendanceRecorded.v2')).toBe(false);
  });

  it('name each problem at its index', () => {
    expect(eventTypeProblems(['iop.admissions.*', 'iop.admissions.*', 'iop.ad*', 'iop.nothing.*'])).toEqual([
      { path: 'eventTypes.1', message: 'iop.admissions.* is listed twice' },
      { path: 'eventTypes.2', message: expect.stringContaining('may only end the type') },
      { path: 'eventTypes.3', message: expect.stringContaining('not an event type') },
    ]);
    expect(eventTypeProblems([])).toEqual([{ path: 'eventTypes', message: 'must list at least one event type' }]);
  });

  it('lists, for the OpenAPI document, exactly the entries a filter accepts', () => {
    expect(SUBSCRIBABLE_PATTERNS.filter((p) => eventTypeProblems([p]).length > 0)).toEqual([]);
    expect(SUBSCRIBABLE_PATTERNS).toEqual(expect.arrayContaining([...DELIVERABLE_TYPES, 'iop.*', 'iop.admissions.*', 'iop.admissions.PatientAdmitted.*']));
    // Every other dotted prefix with a wildcard is refused: a type's own last segment, or a family with no member.
    const near = DELIVERABLE_TYPES.flatMap((t) => [`${t}.*`, `${t.slice(0, t.lastIndexOf('.'))}x.*`]);
    expect(near.filter((p) => eventTypeProblems([p]).length === 0)).toEqual([]);
  });
});
