const Sequencer = require('@jest/test-sequencer').default;

/**
 * On a fresh clone jest has no timings and orders test files by size, so the longest ones (small
 * files that run for minutes) started last and the run waited for them alone at the end. These
 * start first, longest first, beside everything else on the other worker. Figures: the CI runs
 * of 2 Dec 2026 on 2 cores; keep the list to files over a minute.
 */
const LONGEST_FIRST = [
  'tests/integration/workers/faultKillWorkers.test.ts', // ~330-530 s
  'tests/integration/workers/faultDatabaseRestart.test.ts', // ~60-200 s
  'tests/e2e/cryptoVectorsInChromium.test.ts', // ~110 s
  'tests/integration/console/authorizationMatrix.test.ts', // ~110 s
  'tests/e2e/noJsCanary.test.ts', // ~80 s
  'tests/integration/workers/faultRedisFlush.test.ts', // ~76 s
  'tests/integration/keysCli.test.ts', // ~74 s
];

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const i = LONGEST_FIRST.findIndex((suffix) => test.path.endsWith(suffix));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const ordered = super.sort(tests);
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirstSequencer;
