/**
 * What makes a plan's content acceptable, and how new goals and problems get their ids (minted outside the domain
 * and handed in with the command's metadata).
 */
import type { FieldError } from '@iop/decider';
import { CARE_DURATION_MINUTES, type CareStaffRole, type PlannedCare, type PlanService } from '@iop/domain-events';
import type { Goal, Intervention, Problem } from './treatment-plan.events';

export type GoalInput = Omit<Goal, 'goalId'> & { goalId?: string };
export type ProblemInput = Omit<Problem, 'problemId' | 'goals'> & { problemId?: string; goals: GoalInput[] };

const blank = (s: string) => s.trim() === '';

/**
 * An individualized plan names, per problem, at least one goal, and per goal at least one measurable objective and
 * one intervention with the staff responsible for it (the elements CARF and Joint Commission surveyors look for).
 */
export function planContentProblems(problems: readonly ProblemInput[]): FieldError[] {
  const errors: FieldError[] = problems.length ? [] : [{ path: 'problems', message: 'a plan addresses at least one problem' }];
  problems.forEach((p, i) => {
    const at = `problems.${i}`;
    if (blank(p.description)) errors.push({ path: `${at}.description`, message: 'must not be empty' });
    if (!p.asamDimensions.length) errors.push({ path: `${at}.asamDimensions`, message: 'link the problem to at least one ASAM dimension' });
    if (!p.goals.length) errors.push({ path: `${at}.goals`, message: 'a problem needs at least one goal' });
    p.goals.forEach((g, j) => {
      if (blank(g.description)) errors.push({ path: `${at}.goals.${j}.description`, message: 'must not be empty' });
      if (!g.objectives.length) errors.push({ path: `${at}.goals.${j}.objectives`, message: 'a goal needs at least one measurable objective' });
      if (!g.interventions.length) errors.push({ path: `${at}.goals.${j}.interventions`, message: 'a goal needs at least one intervention' });
    });
  });
  return errors;
}

/**
 * Gives new problems and goals the next minted ids; an id the client sent must already belong to the plan (a goal
 * carried into a revision keeps its id and status).
 */
export function assignIds(
  problems: readonly ProblemInput[], known: { problems: ReadonlySet<string>; goals: ReadonlySet<string> }, minted: readonly string[],
): { problems: Problem[]; errors: FieldError[] } {
  const pool = [...minted];
  const next = () => {
    const id = pool.shift();
    if (!id) throw new Error('not enough ids minted for the plan');
    return id;
  };
  const errors: FieldError[] = [];
  const result = problems.map((p, i): Problem => {
    if (p.problemId && !known.problems.has(p.problemId)) errors.push({ path: `problems.${i}.problemId`, message: 'is not a problem of this plan' });
    const goals = p.goals.map((g, j): Goal => {
      if (g.goalId && !known.goals.has(g.goalId)) errors.push({ path: `problems.${i}.goals.${j}.goalId`, message: 'is not a goal of this plan' });
      const { description, targetDate, objectives } = g;
      return { goalId: g.goalId ?? next(), description, targetDate, objectives, interventions: g.interventions.map(interventionOf) };
    });
    const diagnosis = p.diagnosisId ? { diagnosisId: p.diagnosisId } : {};
    return { problemId: p.problemId ?? next(), description: p.description, asamDimensions: p.asamDimensions, ...diagnosis, goals };
  });
  return { problems: result, errors };
}

/** How many ids a command needs minted: one per problem and goal (a few spare never hurt). */
export const idsNeeded = (problems: readonly ProblemInput[]): number => problems.reduce((n, p) => n + 1 + p.goals.length, 0);

/** The intervention's own fields only, the structured ones when given (an old plan's shape stays as it was). */
function interventionOf(i: Intervention): Intervention {
  const { description, frequency, responsibleStaff, service, cadence, durationMinutes, responsibleRole } = i;
  return {
    description, ...(frequency !== undefined ? { frequency } : {}), responsibleStaff, ...(service ? { service } : {}), ...(cadence ? { cadence } : {}),
    ...(durationMinutes !== undefined ? { durationMinutes } : {}), ...(responsibleRole ? { responsibleRole } : {}),
  };
}

/**
 * Who may deliver each service (docs/DOMAIN.md section 9): a psychiatric consultation is a psychiatrist's (or the
 * medical director's, a physician); individual and family therapy a clinician's or counselor's (a supervisor is a
 * clinician too); case management a case manager's, or a clinician's or counselor's where the clinic has no case
 * manager (the care team's roles, docs/ACCESS.md).
 */
export const ROLES_FOR_SERVICE: Readonly<Record<PlanService, readonly CareStaffRole[]>> = {
  'individual-therapy': ['clinician', 'counselor', 'supervisor'],
  'family-therapy': ['clinician', 'counselor', 'supervisor'],
  'psychiatric-consultation': ['psychiatrist', 'medical-director'],
  'case-management': ['case-manager', 'clinician', 'counselor'],
};

/** The roles of the platform's tokens among the care roles (`counselor` and `case-manager` are the care team's only). */
const TOKEN_ROLES: readonly CareStaffRole[] = ['clinician', 'supervisor', 'psychiatrist', 'medical-director', 'nurse'];

/** A staff id as events carry it (libs/domain-events, `staffId`): the token subject, never a name. */
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._:@|-]{0,127}$/;

type Author = { subject: string; roles: readonly string[] };

/**
 * A structured intervention names its service, cadence, duration, and a responsible staff id in a role that fits
 * the service. The platform keeps no staff directory, so the role is the plan's statement; when the author names
 * themselves, it must be one their token holds. An intervention without a service is free text: cadence, duration
 * and role would then book nothing, and are refused rather than silently ignored.
 */
export function careProblems(problems: readonly ProblemInput[], author: Author): FieldError[] {
  const errors: FieldError[] = [];
  problems.forEach((p, i) => p.goals.forEach((g, j) => g.interventions.forEach((iv, k) => {
    const at = `problems.${i}.goals.${j}.interventions.${k}`;
    const error = (field: string, message: string) => errors.push({ path: `${at}.${field}`, message });
    if (!iv.service) {
      for (const field of ['cadence', 'durationMinutes', 'responsibleRole'] as const) {
        if (iv[field] !== undefined) error(field, 'is given only with a service (a free-text intervention books nothing)');
      }
      return;
    }
    if (!iv.cadence) error('cadence', `a ${iv.service} intervention needs a cadence`);
    const minutes = iv.durationMinutes;
    if (minutes === undefined) error('durationMinutes', `a ${iv.service} intervention needs a duration`);
    else if (!Number.isInteger(minutes) || minutes < CARE_DURATION_MINUTES.minimum || minutes > CARE_DURATION_MINUTES.maximum || minutes % 5 !== 0) {
      error('durationMinutes', `must be ${CARE_DURATION_MINUTES.minimum} to ${CARE_DURATION_MINUTES.maximum} minutes, in steps of 5`);
    }
    if (!STAFF_ID.test(iv.responsibleStaff)) error('responsibleStaff', 'must be the staff id (token subject) of whoever delivers it');
    const fitting = ROLES_FOR_SERVICE[iv.service];
    if (!iv.responsibleRole) error('responsibleRole', `a ${iv.service} intervention names the role it is delivered in (${fitting.join(', ')})`);
    else if (!fitting.includes(iv.responsibleRole)) error('responsibleRole', `${iv.service} is delivered by ${fitting.join(', ')}, not ${iv.responsibleRole}`);
    else if (iv.responsibleStaff === author.subject && TOKEN_ROLES.includes(iv.responsibleRole) && !author.roles.includes(iv.responsibleRole)) {
      error('responsibleRole', `you do not hold the ${iv.responsibleRole} role`);
    }
  })));
  return errors;
}

/** The structured care of a plan version, as TreatmentPlanCareSet carries it (codes only, in plan order). */
export function plannedCareOf(problems: readonly Problem[]): PlannedCare[] {
  return problems.flatMap((p) => p.goals.flatMap((g) => g.interventions.flatMap((iv): PlannedCare[] =>
    iv.service && iv.cadence && iv.durationMinutes && iv.responsibleRole
      ? [{ goalId: g.goalId, service: iv.service, cadence: iv.cadence, durationMinutes: iv.durationMinutes, staffId: iv.responsibleStaff, staffRole: iv.responsibleRole }]
      : [])));
}

/** What clinical notes knows of a diagnosis from admissions' events: its episode and whether it was removed. */
export type KnownDiagnosis = { episodeId: string; status: 'active' | 'resolved' | 'removed' };

/**
 * A problem's `diagnosisId` must be a diagnosis of this episode, not one removed as entered in error, when clinical
 * notes knows it (a resolved one is history the plan may still address). One it does not know yet (recorded before
 * admissions' events reached it, or on its way) is kept as a reference.
 */
export function diagnosisProblems(problems: readonly ProblemInput[], episodeId: string, known: Readonly<Record<string, KnownDiagnosis>>): FieldError[] {
  return problems.flatMap((p, i): FieldError[] => {
    const diagnosis = p.diagnosisId ? known[p.diagnosisId] : undefined;
    if (!diagnosis) return [];
    const path = `problems.${i}.diagnosisId`;
    if (diagnosis.episodeId !== episodeId) return [{ path, message: 'is a diagnosis of another episode' }];
    if (diagnosis.status === 'removed') return [{ path, message: 'was removed as entered in error' }];
    return [];
  });
}

