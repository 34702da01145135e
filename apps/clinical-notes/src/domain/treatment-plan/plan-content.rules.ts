/**
 * What makes a plan's content acceptable, and how new goals and problems get their ids (minted outside the domain
 * and handed in with the command's metadata).
 */
import type { FieldError } from '@iop/decider';
import type { Goal, Problem } from './treatment-plan.events';

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
      const { description, targetDate, objectives, interventions } = g;
      return { goalId: g.goalId ?? next(), description, targetDate, objectives, interventions };
    });
    return { problemId: p.problemId ?? next(), description: p.description, asamDimensions: p.asamDimensions, goals };
  });
  return { problems: result, errors };
}

/** How many ids a command needs minted: one per problem and goal (a few spare never hurt). */
export const idsNeeded = (problems: readonly ProblemInput[]): number => problems.reduce((n, p) => n + 1 + p.goals.length, 0);
