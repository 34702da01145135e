import type { SessionType } from '@iop/domain-events';

/**
 * Sessions for one patient (or one patient's family): one seat. Individual, family and psychiatric sessions are the
 * ones booked on top of the track's groups (the source page: psychiatric consults "in addition to group and family
 * therapy"); case management and crisis intervention are one-to-one as well.
 */
export const ONE_TO_ONE_TYPES: readonly SessionType[] = [
  'individual-therapy', 'family-therapy', 'psychiatric-consultation', 'case-management', 'crisis-intervention',
];

export const sessionIsOneToOne = (type: SessionType): boolean => ONE_TO_ONE_TYPES.includes(type);
