import { describeTrends, dimensionsThat } from '../ratings-trend';
import {
  GAD7_MEANINGFUL_CHANGE,
  PHQ9_MEANINGFUL_CHANGE,
  activeGoals,
  describeGoals,
  maximumBenefitReached,
  measureChange,
  showsProgress,
  thisLevelStillNeeded,
  trendOf,
  type Fact,
} from './continued-service.facts';
import type { ContinuedServiceCriterionResult, ContinuedServiceEvidence } from './continued-service.types';

/**
 * The continued-service criteria (docs/DOMAIN.md section 2, "Continued service (stay at 2.1) when any holds", a-c).
 * Each is one sentence; the thresholds behind "progressing", "working on goals" and "new problems" are the
 * platform's reading of the narrative criteria, and the reviewing clinician decides.
 */

/** a. Progressing, but treatment-plan goals not yet met, and this level is still needed. */
export const progressingButGoalsNotMet = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const progress = showsProgress(e);
  const needed = thisLevelStillNeeded(e);
  const goalsOpen = activeGoals(e.goals) > e.goals.achieved;
  return {
    id: 'continue.progressing-goals-not-met',
    fired: progress.holds && goalsOpen && needed.holds,
    evidence: `${progress.evidence}; ${needed.evidence}`,
    recommends: 'continue',
  };
};

const describeRule = (e: ContinuedServiceEvidence): string =>
  e.programRule ? ` (program rule ${e.programRule.minHoursPerDay} h/day on ${e.programRule.minDaysPerWeek} days)` : '';

/** Actively working: a goal in progress and last week's attendance met the program rule (or no week has closed yet). */
const activelyWorkingOnGoals = (e: ContinuedServiceEvidence): Fact => {
  const last = e.weeks[e.weeks.length - 1];
  const attending = last === undefined || last.compliant;
  const attendance =
    last === undefined
      ? 'no attendance week closed yet'
      : `week of ${last.weekStart} ${last.compliant ? 'compliant' : 'not compliant'}${describeRule(e)}`;
  return { holds: e.goals.inProgress > 0 && attending, evidence: `${describeGoals(e.goals)}; ${attendance}` };
};

/** b. Not yet progressing, but able to resolve the problems (maximum benefit not reached) and working on the goals. */
export const notYetProgressingButWorkingOnGoals = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const progress = showsProgress(e);
  const working = activelyWorkingOnGoals(e);
  const maxBenefit = maximumBenefitReached(e);
  return {
    id: 'continue.working-on-goals',
    fired: !progress.holds && working.holds && !maxBenefit.holds,
    evidence: `${progress.holds ? 'progressing' : 'not yet progressing'}; ${working.evidence}; ${maxBenefit.evidence}`,
    recommends: 'continue',
  };
};

/**
 * c. New problems appeared that need this level's frequency and intensity: a D4-D6 rating rose (a D1-D3 rise is
 * intensification, see problemsIntensifiedSuggestsStepUp) or PHQ-9/GAD-7 rose by a clinically meaningful amount,
 * while the latest placement still is this level.
 */
export const newProblemsNeedThisLevel = (e: ContinuedServiceEvidence): ContinuedServiceCriterionResult => {
  const worsened = dimensionsThat(trendOf(e) ?? [], 'worsened', ['d4', 'd5', 'd6']);
  const phq9 = measureChange(e.recentMeasures?.phq9);
  const gad7 = measureChange(e.recentMeasures?.gad7);
  const signs = [
    ...(worsened.length > 0 ? [`worsened ${describeTrends(worsened)}`] : []),
    ...(phq9 !== undefined && phq9 >= PHQ9_MEANINGFUL_CHANGE ? [`PHQ-9 +${phq9} (>= ${PHQ9_MEANINGFUL_CHANGE})`] : []),
    ...(gad7 !== undefined && gad7 >= GAD7_MEANINGFUL_CHANGE ? [`GAD-7 +${gad7} (>= ${GAD7_MEANINGFUL_CHANGE})`] : []),
  ];
  const needed = thisLevelStillNeeded(e);
  return {
    id: 'continue.new-problems-need-this-level',
    fired: signs.length > 0 && needed.holds,
    evidence: `${signs.length > 0 ? signs.join(', ') : 'no new problems'}; ${needed.evidence}`,
    recommends: 'continue',
  };
};
