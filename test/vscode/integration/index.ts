// Entry of the integration tests inside the real extension host (the `extensionTestsPath` of
// the smoke-test-driver payload): the same contract as @vscode/test-electron, `run()` runs mocha
// and rejects if any test failed. Results also go, one line each, to the file named by
// $SWITCHBOARD_TEST_RESULTS, which scripts/testVscode.mjs prints.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, reporter: 'spec' });
  const resultsFile = process.env.SWITCHBOARD_TEST_RESULTS;
  const report = (line: string) => {
    if (resultsFile) appendFileSync(resultsFile, `${line}\n`);
  };
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  // Required (not imported) so that describe/it exist when the suite's module body runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./extensionHost.suite.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./review.suite.js');
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report(`# ${runner.stats?.passes ?? 0} passing, ${failures} failing`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => report(`ok - ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('fail', (t, err: Error) => report(`not ok - ${t.fullTitle()}: ${err.message}\n${err.stack ?? ''}`));
  });
}
