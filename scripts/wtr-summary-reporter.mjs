// Prints one plain closing line, `N passed, N failed, N skipped`, that CI and humans can read
// without the progress bar's escape codes.
function count(suite, acc) {
  for (const t of suite?.tests ?? []) {
    if (t.skipped) acc.skipped++;
    else if (t.passed) acc.passed++;
    else acc.failed++;
  }
  for (const s of suite?.suites ?? []) count(s, acc);
  return acc;
}

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      let broken = 0;
      for (const s of sessions) {
        count(s.testResults, acc);
        if (!s.passed && (s.errors?.length ?? 0) > 0) broken++;
      }
      // A test file that failed to load counts as a failure, so a syntax error can never look green.
      acc.failed += broken;
      process.stdout.write(`\nbrowser: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`);
    },
  };
}
