import { ProblemError } from '@iop/platform';
import { TargetGuard, TargetRefused } from '../ssrf/target-guard';

/** The address check at subscription time, as a 400 naming the field (the same check runs before every delivery). */
export async function vetUrl(guard: TargetGuard, url: string): Promise<string> {
  try {
    return (await guard.vet(url)).toString();
  } catch (err) {
    if (!(err instanceof TargetRefused)) throw err;
    throw new ProblemError(400, `The url ${err.reason}.`, [{ path: 'url', message: err.reason }], 'unsafe-url');
  }
}
