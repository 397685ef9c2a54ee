// Prints the CI summary line from vitest's JSON report:
// "N passed, N failed" (", N skipped" when any), alone on the last line.
import { existsSync, readFileSync } from 'node:fs';

const [file, status = '0'] = process.argv.slice(2);
if (!file || !existsSync(file)) {
  // the test command failed before vitest could report (install or build error)
  console.log(Number(status) === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed');
  process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// a failing suite (import error, hook failure) has no failed test but must count
const brokenSuites = (report.testResults ?? []).filter((r) => r.status === 'failed' && r.assertionResults?.every((a) => a.status !== 'failed')).length;
failed += brokenSuites;
if (failed === 0 && Number(status) !== 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
