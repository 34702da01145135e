import { type ConsentCategory, contractFor } from '@iop/domain-events';

/**
 * The consent category an event's disclosure needs, as its public contract names it (docs/DOMAIN.md, Privacy law).
 * Deny by default: an event that concerns a patient and whose contract names no category (or null) gets none, and a
 * message without a category is never sent, whatever consents exist. An event about no patient needs no consent.
 */
export const consentCategoryOf = (type: string): ConsentCategory | null => contractFor(type)?.consentCategory ?? null;
