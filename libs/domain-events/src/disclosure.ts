/**
 * What a Part 2 consent can cover, and the notice that travels with every disclosure. A consent (ConsentGranted)
 * lists categories of information (42 CFR 2.31(a)(3): "how much and what kind of information"); every public
 * event that concerns a patient names its category in its contract, or `null`: never disclosed outside the program.
 * An event type without a category is never disclosed either (deny by default): a new contract must be reviewed
 * and given one before any integrator can receive it.
 */
export const CONSENT_CATEGORIES = {
  admission: 'Referral, admission, enrollment and cancellation of an episode: that the patient is in the program.',
  attendance: 'Sessions attended or missed, weekly hours and breaches of the attendance rule.',
  diagnoses: 'Diagnoses on an episode: ICD-10-CM codes, their kind, class and severity, resolution and removal.',
  'level-of-care': 'ASAM level-of-care changes, continued-stay reviews and dimensional reassessments (ratings stay out).',
  'treatment-plan': 'Treatment plan signatures and goal statuses (never the plan\'s text).',
  notes: 'That a clinical note was signed or amended (never its text).',
  crisis: 'That a crisis was documented, and safety alerts opened, acknowledged, resolved or escalated (never any text).',
  measures: 'PHQ-9, GAD-7 and BAM administrations, safety alerts and drug screens (ids and times; no scores or results).',
  discharge: 'Discharge and alumni enrollment.',
  'follow-up': 'Post-discharge follow-ups: scheduled, completed, lost.',
} as const;

export type ConsentCategory = keyof typeof CONSENT_CATEGORIES;
export const CONSENT_CATEGORY_NAMES = Object.keys(CONSENT_CATEGORIES) as ConsentCategory[];
export const isConsentCategory = (value: unknown): value is ConsentCategory => typeof value === 'string' && value in CONSENT_CATEGORIES;

/**
 * The notice 42 CFR 2.32 requires with each disclosure made with the patient's consent (text of the 2024 final rule,
 * 2.32(a)(1)). Webhook payloads carry it as a field the recipient must keep with the information.
 */
export const REDISCLOSURE_NOTICE =
  'This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). ' +
  'These rules prohibit you from using or disclosing this record, or testimony that describes the information ' +
  'contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, ' +
  'State, or local authority, against the patient, unless authorized by the consent of the patient, except as ' +
  'provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, ' +
  'the federal rules prohibit you from making any other use or disclosure of this record unless at least one of ' +
  'the following applies: (A) Further use or disclosure is expressly permitted by the written consent of the ' +
  'individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. ' +
  '(B) You are a covered entity or business associate and have received the record for treatment, payment, or ' +
  'health care operations, or (C) You have received the record from a covered entity or business associate as ' +
  'permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other ' +
  'information is NOT sufficient to meet the required elements of written consent to further use or redisclose ' +
  'the record (see 42 CFR 2.31).';
