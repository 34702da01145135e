// The integration tier's order on a first run (a fresh clone, as CI runs it): the longest suites first. Jest orders
// by the durations of the last run when its cache has them, and otherwise by file size; then a short file with a
// long run (the OpenAPI fuzz, six services in one file) started last and ran alone for minutes while the other
// worker had nothing left to do. These are the longest suites of recent fresh-clone runs, longest first.
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST = [
  'apps/openapi.int.spec.ts',
  'e2e/console-chart.e2e.spec.ts',
  'e2e/restarts.e2e.spec.ts',
  'e2e/console-dashboard.e2e.spec.ts',
  'e2e/scale-out.e2e.spec.ts',
];

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    // With timings from an earlier run Jest's own order is longest first already (after the last run's failures).
    if (sorted.some((t) => t.duration != null)) return sorted;
    const rank = (t) => {
      const i = LONGEST.findIndex((p) => t.path.endsWith(`/${p}`));
      return i < 0 ? LONGEST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirstSequencer;
