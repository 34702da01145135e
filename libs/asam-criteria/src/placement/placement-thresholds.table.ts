import type { CriteriaEdition, DimensionKey } from '../criteria-edition';
import type { LevelOfCare } from '../level-of-care';
import type { Rating } from '../ratings';

/**
 * THE placement table: for each edition and dimension, the least intensive level of care that can safely manage a
 * rating, written as ceilings. A row reads "from `level` up, a `dimension` rating of at most `maxRating` is safely
 * managed"; a dimension's rows are ordered least to most intensive with rising ceilings, and the last one reaches 4.
 *
 * These thresholds are the platform's mapping of ASAM's narrative criteria, not ASAM text (docs/DOMAIN.md section 2).
 * The placement is a suggestion: a clinician may place elsewhere with a reason, which the admissions service records.
 *
 * The Level 2.1 rows encode the practical admission rule of docs/DOMAIN.md section 2,
 * `D1 <= 1 && D2 <= 1 && D3 <= 2 && (D4 >= 2 || D5 >= 2 || D6 >= 2)`: D1/D2 ceilings of 1 and a D3 ceiling of 2
 * below 2.1, and D4-D6 ceilings of 1 at Level 0.5, so 2.1 is reached only when one of D4-D6 is 2 or more. One
 * deliberate extension: a rating of 4 (imminent danger) in D4-D6 needs a 24-hour setting, because no outpatient level
 * can safely manage imminent danger.
 *
 * 4th edition mapping: readiness is no longer a dimension, so the "at least one of" group is D4 substance
 * use-related risks (the old relapse dimension), D5 recovery environment interactions (the old environment
 * dimension) and D6 person-centered considerations (barriers and preferences). D6 never pushes past 2.1: barriers
 * to care are met by service planning, not by a residential bed.
 */
export type PlacementThreshold = {
  id: string;
  edition: CriteriaEdition;
  dimension: DimensionKey;
  level: LevelOfCare;
  maxRating: Rating;
  criterion: string;
};

const E3 = 'ASAM 3rd ed.';
const E4 = 'ASAM 4th ed.';

export const PLACEMENT_THRESHOLDS: readonly PlacementThreshold[] = [
  // 3rd edition (2013)
  { edition: 3, dimension: 'd1', level: '0.5', maxRating: 0, id: 'd1.no-withdrawal-risk',
    criterion: `${E3}, Dimension 1, Level 0.5: no withdrawal risk` },
  { edition: 3, dimension: 'd1', level: '1', maxRating: 1, id: 'd1.withdrawal-risk-manageable-outpatient',
    criterion: `${E3}, Dimension 1, Levels 1 and 2.1 admission: minimal risk of severe withdrawal` },
  { edition: 3, dimension: 'd1', level: '2.5', maxRating: 2, id: 'd1.withdrawal-manageable-with-daily-monitoring',
    criterion: `${E3}, Dimension 1, Level 2.5 (2-WM): moderate withdrawal risk, managed with daily on-site monitoring` },
  { edition: 3, dimension: 'd1', level: '3.7', maxRating: 3, id: 'd1.withdrawal-needs-24h-medical-monitoring',
    criterion: `${E3}, Dimension 1, Level 3.7 (3.7-WM): severe withdrawal risk needing 24-hour nursing and physicians` },
  { edition: 3, dimension: 'd1', level: '4', maxRating: 4, id: 'd1.withdrawal-needs-hospital-care',
    criterion: `${E3}, Dimension 1, Level 4 (4-WM): severe, unstable withdrawal needing 24-hour medically managed care` },
  { edition: 3, dimension: 'd2', level: '0.5', maxRating: 0, id: 'd2.no-biomedical-conditions',
    criterion: `${E3}, Dimension 2, Level 0.5: no biomedical conditions that distract from recovery` },
  { edition: 3, dimension: 'd2', level: '1', maxRating: 1, id: 'd2.biomedical-conditions-stable',
    criterion: `${E3}, Dimension 2, Levels 1 and 2.1 admission: none or stable biomedical conditions` },
  { edition: 3, dimension: 'd2', level: '2.5', maxRating: 2, id: 'd2.biomedical-conditions-need-daily-medical-access',
    criterion: `${E3}, Dimension 2, Level 2.5: biomedical conditions that distract from recovery but need no 24-hour care` },
  { edition: 3, dimension: 'd2', level: '3.7', maxRating: 3, id: 'd2.biomedical-needs-24h-medical-monitoring',
    criterion: `${E3}, Dimension 2, Level 3.7: biomedical problems needing 24-hour medical monitoring, not hospital treatment` },
  { edition: 3, dimension: 'd2', level: '4', maxRating: 4, id: 'd2.biomedical-needs-hospital-care',
    criterion: `${E3}, Dimension 2, Level 4: biomedical conditions needing 24-hour medical and nursing care in a hospital` },
  { edition: 3, dimension: 'd3', level: '0.5', maxRating: 0, id: 'd3.no-emotional-behavioral-conditions',
    criterion: `${E3}, Dimension 3, Level 0.5: no emotional, behavioral or cognitive conditions` },
  // Level 1 holds a moderate D3 only with concurrent mental health monitoring in place (3rd ed. Level 1, D3).
  { edition: 3, dimension: 'd3', level: '1', maxRating: 2, id: 'd3.conditions-stable-or-monitored',
    criterion: `${E3}, Dimension 3, Levels 1 and 2.1 admission: at most mild-to-moderate conditions that need monitoring` },
  { edition: 3, dimension: 'd3', level: '3.5', maxRating: 3, id: 'd3.conditions-need-24h-structure',
    criterion: `${E3}, Dimension 3, Level 3.5: unstable conditions needing stabilization in a 24-hour structured setting` },
  { edition: 3, dimension: 'd3', level: '4', maxRating: 4, id: 'd3.conditions-need-24h-psychiatric-care',
    criterion: `${E3}, Dimension 3, Level 4: severe conditions needing 24-hour psychiatric care with addiction treatment` },
  { edition: 3, dimension: 'd4', level: '0.5', maxRating: 1, id: 'd4.ready-or-willing-to-explore',
    criterion: `${E3}, Dimension 4, Levels 0.5 and 1: willing to explore or engaged in change without a structured program` },
  { edition: 3, dimension: 'd4', level: '2.1', maxRating: 3, id: 'd4.ambivalence-needs-structured-program',
    criterion: `${E3}, Dimension 4, Level 2.1 admission: ambivalence that needs a structured program` },
  { edition: 3, dimension: 'd4', level: '3.5', maxRating: 4, id: 'd4.opposition-needs-24h-motivating-setting',
    criterion: `${E3}, Dimension 4, Level 3.5: opposition with imminently dangerous consequences; motivating in a 24-hour setting` },
  { edition: 3, dimension: 'd5', level: '0.5', maxRating: 1, id: 'd5.relapse-potential-manageable-with-minimal-support',
    criterion: `${E3}, Dimension 5, Levels 0.5 and 1: able to maintain recovery goals with minimal support` },
  { edition: 3, dimension: 'd5', level: '2.1', maxRating: 3, id: 'd5.relapse-likely-without-close-monitoring',
    criterion: `${E3}, Dimension 5, Level 2.1 admission: high likelihood of relapse without close monitoring` },
  { edition: 3, dimension: 'd5', level: '3.5', maxRating: 4, id: 'd5.unable-to-control-use-needs-24h-structure',
    criterion: `${E3}, Dimension 5, Level 3.5: unable to control use without 24-hour structure; imminently dangerous` },
  { edition: 3, dimension: 'd6', level: '0.5', maxRating: 1, id: 'd6.environment-supportive',
    criterion: `${E3}, Dimension 6, Levels 0.5 and 1: supportive environment, or the skills to cope with it` },
  { edition: 3, dimension: 'd6', level: '2.1', maxRating: 3, id: 'd6.unsupportive-environment-copable-with-structure',
    criterion: `${E3}, Dimension 6, Level 2.1 admission: an unsupportive environment the patient can cope with given structure` },
  { edition: 3, dimension: 'd6', level: '3.1', maxRating: 4, id: 'd6.environment-dangerous-needs-24h-living-support',
    criterion: `${E3}, Dimension 6, Level 3.1: an environment dangerous to recovery, needing 24-hour structured living support` },
  // 4th edition (2023)
  { edition: 4, dimension: 'd1', level: '0.5', maxRating: 0, id: 'd1.no-withdrawal-risk',
    criterion: `${E4}, Dimension 1, Level 0.5: no intoxication or withdrawal risk` },
  { edition: 4, dimension: 'd1', level: '1', maxRating: 1, id: 'd1.withdrawal-risk-manageable-outpatient',
    criterion: `${E4}, Dimension 1, Levels 1 and 2.1: minimal risk of severe withdrawal; medications manageable outpatient` },
  { edition: 4, dimension: 'd1', level: '2.5', maxRating: 2, id: 'd1.withdrawal-manageable-with-daily-monitoring',
    criterion: `${E4}, Dimension 1, Level 2.5: moderate withdrawal risk, manageable with daily on-site monitoring` },
  { edition: 4, dimension: 'd1', level: '3.7', maxRating: 3, id: 'd1.withdrawal-needs-24h-medical-monitoring',
    criterion: `${E4}, Dimension 1, Level 3.7: severe withdrawal risk needing medically managed residential care` },
  { edition: 4, dimension: 'd1', level: '4', maxRating: 4, id: 'd1.withdrawal-needs-hospital-care',
    criterion: `${E4}, Dimension 1, Level 4: unstable withdrawal needing medically managed intensive inpatient care` },
  { edition: 4, dimension: 'd2', level: '0.5', maxRating: 0, id: 'd2.no-biomedical-conditions',
    criterion: `${E4}, Dimension 2, Level 0.5: no biomedical conditions affecting treatment` },
  { edition: 4, dimension: 'd2', level: '1', maxRating: 1, id: 'd2.biomedical-conditions-stable',
    criterion: `${E4}, Dimension 2, Levels 1 and 2.1: none or stable biomedical conditions` },
  { edition: 4, dimension: 'd2', level: '2.5', maxRating: 2, id: 'd2.biomedical-conditions-need-daily-medical-access',
    criterion: `${E4}, Dimension 2, Level 2.5: biomedical conditions needing daily medical access but no 24-hour care` },
  { edition: 4, dimension: 'd2', level: '3.7', maxRating: 3, id: 'd2.biomedical-needs-24h-medical-monitoring',
    criterion: `${E4}, Dimension 2, Level 3.7: biomedical conditions needing 24-hour medical management in a residential setting` },
  { edition: 4, dimension: 'd2', level: '4', maxRating: 4, id: 'd2.biomedical-needs-hospital-care',
    criterion: `${E4}, Dimension 2, Level 4: biomedical conditions needing hospital-level care` },
  { edition: 4, dimension: 'd3', level: '0.5', maxRating: 0, id: 'd3.no-psychiatric-conditions',
    criterion: `${E4}, Dimension 3, Level 0.5: no psychiatric or cognitive conditions` },
  // Level 1 holds a moderate D3 only with concurrent mental health monitoring in place (3rd ed. Level 1, D3).
  { edition: 4, dimension: 'd3', level: '1', maxRating: 2, id: 'd3.conditions-stable-or-monitored',
    criterion: `${E4}, Dimension 3, Levels 1 and 2.1: at most mild-to-moderate conditions that need monitoring` },
  { edition: 4, dimension: 'd3', level: '3.5', maxRating: 3, id: 'd3.conditions-need-24h-structure',
    criterion: `${E4}, Dimension 3, Level 3.5: psychiatric conditions needing a 24-hour co-occurring capable setting` },
  { edition: 4, dimension: 'd3', level: '4', maxRating: 4, id: 'd3.conditions-need-24h-psychiatric-care',
    criterion: `${E4}, Dimension 3, Level 4: acute psychiatric conditions needing 24-hour medically managed care` },
  { edition: 4, dimension: 'd4', level: '0.5', maxRating: 1, id: 'd4.use-risks-low',
    criterion: `${E4}, Dimension 4, Levels 0.5 and 1: low substance use-related risks` },
  { edition: 4, dimension: 'd4', level: '2.1', maxRating: 3, id: 'd4.use-risks-need-close-monitoring',
    criterion: `${E4}, Dimension 4, Level 2.1: substance use-related risks that need close monitoring and structure` },
  { edition: 4, dimension: 'd4', level: '3.5', maxRating: 4, id: 'd4.use-risks-imminent-need-24h-structure',
    criterion: `${E4}, Dimension 4, Level 3.5: imminently dangerous use that needs a 24-hour structured setting` },
  { edition: 4, dimension: 'd5', level: '0.5', maxRating: 1, id: 'd5.environment-supportive',
    criterion: `${E4}, Dimension 5, Levels 0.5 and 1: a recovery environment the patient can function in` },
  { edition: 4, dimension: 'd5', level: '2.1', maxRating: 3, id: 'd5.unsupportive-environment-copable-with-structure',
    criterion: `${E4}, Dimension 5, Level 2.1: an unsupportive environment the patient can cope with given structure` },
  { edition: 4, dimension: 'd5', level: '3.1', maxRating: 4, id: 'd5.environment-dangerous-needs-24h-living-support',
    criterion: `${E4}, Dimension 5, Level 3.1: an environment unsafe for recovery, needing 24-hour structured living support` },
  { edition: 4, dimension: 'd6', level: '0.5', maxRating: 1, id: 'd6.person-centered-needs-met-without-structure',
    criterion: `${E4}, Dimension 6, Levels 0.5 and 1: barriers and preferences that need no structured program` },
  { edition: 4, dimension: 'd6', level: '2.1', maxRating: 4, id: 'd6.person-centered-needs-structured-program',
    criterion: `${E4}, Dimension 6, Level 2.1: barriers to care or motivational needs that a structured program addresses` },
];

/** A dimension's rows for an edition, least to most intensive (the table is written in that order). */
export const thresholdsFor = (edition: CriteriaEdition, dimension: DimensionKey): PlacementThreshold[] =>
  PLACEMENT_THRESHOLDS.filter((t) => t.edition === edition && t.dimension === dimension);
