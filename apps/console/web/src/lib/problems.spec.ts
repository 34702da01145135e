import { fieldErrors } from './problems';

describe('fieldErrors', () => {
  const problem = (errors: { path: string; message: string }[]) => ({ type: 'https://iop.example/problems/validation', title: 'Invalid', status: 400, errors });

  it('keys the API errors by the field names the forms use', () => {
    expect(fieldErrors(problem([
      { path: 'patient.firstName', message: 'must not be empty' },
      { path: 'patient.firstName', message: 'is too long' },
      { path: '/ratings/d3', message: 'must be an integer from 0 to 4' },
      { path: '', message: 'must be an object' },
    ]))).toEqual({
      'patient.firstName': ['must not be empty', 'is too long'],
      'ratings.d3': ['must be an integer from 0 to 4'],
      _: ['must be an object'],
    });
  });

  it('drops a prefix, e.g. the record of a bulk request', () => {
    expect(fieldErrors(problem([{ path: 'records.3.minutesAttended', message: 'is required' }]), /^records\.\d+\./)).toEqual({ minutesAttended: ['is required'] });
  });

  it('is empty without a problem', () => {
    expect(fieldErrors(undefined)).toEqual({});
  });
});
