/**
 * The ICD-10-CM codes a diagnosis on an episode may carry: a deliberate SUBSET, not the code set. It holds the
 * substance-use-disorder codes F10-F19 that DSM-5(-TR) maps its use disorders to (uncomplicated and in remission;
 * not the intoxication, withdrawal and induced-disorder codes) and the co-occurring conditions an IOP treats most
 * often (depressive, bipolar, anxiety, trauma- and stressor-related, ADHD, borderline personality, psychotic). A code
 * outside it is refused (400) rather than guessed at; widening it is adding rows here (docs/DOMAIN.md section 7).
 *
 * DSM-5 severity from the code (DSM-5-TR, "Coding note" of each substance-related disorder): a mild use disorder is
 * coded F1x.10 (F1x.11 in remission), a moderate or a severe one F1x.20 (F1x.21 in remission): the code cannot tell
 * moderate from severe, so the clinician's specifier can, and nothing else. Tobacco use disorder is the exception:
 * mild is Z72.0 (outside this table), moderate or severe F17.2xx.
 */
export const DIAGNOSIS_CODE_SYSTEM = 'ICD-10-CM' as const;
export type DiagnosisCodeSystem = typeof DIAGNOSIS_CODE_SYSTEM;

export const DIAGNOSIS_KINDS = ['primary', 'secondary'] as const;
export type DiagnosisKind = (typeof DIAGNOSIS_KINDS)[number];

export const DIAGNOSIS_CATEGORIES = [
  'substance-use', 'depressive', 'bipolar', 'anxiety', 'trauma-stressor', 'adhd', 'personality', 'psychotic',
] as const;
export type DiagnosisCategory = (typeof DIAGNOSIS_CATEGORIES)[number];

/** DSM-5 substance classes, one per ICD-10-CM category F10-F19. */
export const SUBSTANCE_CLASSES = [
  'alcohol', 'opioid', 'cannabis', 'sedative-hypnotic-anxiolytic', 'cocaine', 'other-stimulant', 'hallucinogen', 'tobacco',
  'inhalant', 'other-substance',
] as const;
export type SubstanceClass = (typeof SUBSTANCE_CLASSES)[number];

/** What the code says of severity: F1x.1x mild, F1x.2x moderate or severe. */
export type CodedSeverity = 'mild' | 'moderate-or-severe';
/** DSM-5 severity as recorded: the code's, narrowed by the clinician's specifier where the code allows two. */
export const DSM5_SEVERITIES = ['mild', 'moderate', 'severe', 'moderate-or-severe'] as const;
export type Dsm5Severity = (typeof DSM5_SEVERITIES)[number];

export type DiagnosisCode = {
  code: string;
  display: string;
  category: DiagnosisCategory;
  /** Substance-use disorders only. */
  substance?: SubstanceClass;
  codedSeverity?: CodedSeverity;
  inRemission?: boolean;
};

/** The ICD-10-CM category of each substance class and the words its code titles use. */
const SUBSTANCES: readonly (readonly [string, SubstanceClass, string])[] = [
  ['F10', 'alcohol', 'Alcohol'],
  ['F11', 'opioid', 'Opioid'],
  ['F12', 'cannabis', 'Cannabis'],
  ['F13', 'sedative-hypnotic-anxiolytic', 'Sedative, hypnotic or anxiolytic'],
  ['F14', 'cocaine', 'Cocaine'],
  ['F15', 'other-stimulant', 'Other stimulant'],
  ['F16', 'hallucinogen', 'Hallucinogen'],
  ['F18', 'inhalant', 'Inhalant'],
  ['F19', 'other-substance', 'Other psychoactive substance'],
];

const useDisorders: DiagnosisCode[] = SUBSTANCES.flatMap(([category, substance, words]) => [
  { code: `${category}.10`, display: `${words} abuse, uncomplicated`, category: 'substance-use', substance, codedSeverity: 'mild', inRemission: false },
  { code: `${category}.11`, display: `${words} abuse, in remission`, category: 'substance-use', substance, codedSeverity: 'mild', inRemission: true },
  { code: `${category}.20`, display: `${words} dependence, uncomplicated`, category: 'substance-use', substance, codedSeverity: 'moderate-or-severe', inRemission: false },
  { code: `${category}.21`, display: `${words} dependence, in remission`, category: 'substance-use', substance, codedSeverity: 'moderate-or-severe', inRemission: true },
]);

const tobacco = (code: string, display: string, inRemission: boolean): DiagnosisCode =>
  ({ code, display, category: 'substance-use', substance: 'tobacco', codedSeverity: 'moderate-or-severe', inRemission });

const other = (category: DiagnosisCategory, rows: Record<string, string>): DiagnosisCode[] =>
  Object.entries(rows).map(([code, display]) => ({ code, display, category }));

export const DIAGNOSIS_CODES: readonly DiagnosisCode[] = [
  ...useDisorders,
  tobacco('F17.200', 'Nicotine dependence, unspecified, uncomplicated', false),
  tobacco('F17.201', 'Nicotine dependence, unspecified, in remission', true),
  tobacco('F17.210', 'Nicotine dependence, cigarettes, uncomplicated', false),
  tobacco('F17.211', 'Nicotine dependence, cigarettes, in remission', true),
  tobacco('F17.290', 'Nicotine dependence, other tobacco product, uncomplicated', false),
  ...other('depressive', {
    'F32.0': 'Major depressive disorder, single episode, mild',
    'F32.1': 'Major depressive disorder, single episode, moderate',
    'F32.2': 'Major depressive disorder, single episode, severe without psychotic features',
    'F32.9': 'Major depressive disorder, single episode, unspecified',
    'F32.A': 'Depression, unspecified',
    'F33.0': 'Major depressive disorder, recurrent, mild',
    'F33.1': 'Major depressive disorder, recurrent, moderate',
    'F33.2': 'Major depressive disorder, recurrent severe without psychotic features',
    'F33.9': 'Major depressive disorder, recurrent, unspecified',
    'F34.1': 'Dysthymic disorder',
  }),
  ...other('bipolar', { 'F31.81': 'Bipolar II disorder', 'F31.9': 'Bipolar disorder, unspecified' }),
  ...other('anxiety', {
    'F40.10': 'Social phobia, unspecified',
    'F41.0': 'Panic disorder [episodic paroxysmal anxiety]',
    'F41.1': 'Generalized anxiety disorder',
    'F41.9': 'Anxiety disorder, unspecified',
  }),
  ...other('trauma-stressor', {
    'F43.10': 'Post-traumatic stress disorder, unspecified',
    'F43.11': 'Post-traumatic stress disorder, acute',
    'F43.12': 'Post-traumatic stress disorder, chronic',
    'F43.21': 'Adjustment disorder with depressed mood',
    'F43.22': 'Adjustment disorder with anxiety',
    'F43.23': 'Adjustment disorder with mixed anxiety and depressed mood',
  }),
  ...other('adhd', {
    'F90.0': 'Attention-deficit hyperactivity disorder, predominantly inattentive type',
    'F90.1': 'Attention-deficit hyperactivity disorder, predominantly hyperactive type',
    'F90.2': 'Attention-deficit hyperactivity disorder, combined type',
    'F90.9': 'Attention-deficit hyperactivity disorder, unspecified type',
  }),
  ...other('personality', { 'F60.3': 'Borderline personality disorder' }),
  ...other('psychotic', { 'F20.9': 'Schizophrenia, unspecified', 'F25.9': 'Schizoaffective disorder, unspecified' }),
];

const BY_CODE = new Map(DIAGNOSIS_CODES.map((c) => [c.code, c]));

/** The table's row for a code as ICD-10-CM writes it (upper case, with its dot), or undefined outside the subset. */
export const diagnosisCode = (code: string): DiagnosisCode | undefined => BY_CODE.get(code);

/** ICD-10-CM's shape of a code (a letter, two characters, then up to four after the dot), for schemas and DTOs. */
export const ICD10CM_CODE_PATTERN = '^[A-Z][0-9][0-9A-Z](\\.[0-9A-Z]{1,4})?$';

/**
 * The DSM-5 severity a diagnosis records: the code's, or the clinician's specifier where the code allows it (moderate
 * or severe for F1x.2x). Undefined for a code without a severity; an error message when the specifier contradicts it.
 */
export function severityFor(entry: DiagnosisCode, specifier?: 'mild' | 'moderate' | 'severe'): { severity?: Dsm5Severity } | { error: string } {
  if (!entry.codedSeverity) return specifier ? { error: `${entry.code} is not a substance-use disorder: it has no DSM-5 severity` } : {};
  if (!specifier) return { severity: entry.codedSeverity };
  const allowed = entry.codedSeverity === 'mild' ? ['mild'] : ['moderate', 'severe'];
  return allowed.includes(specifier)
    ? { severity: specifier }
    : { error: `${entry.code} codes a ${entry.codedSeverity} use disorder: the severity must be ${allowed.join(' or ')}` };
}
