// After the whole run (a root-level hook: whatever order the files ran in), no container that a
// test's daemon made is left on the engine. Each suite checks its own state dir too; this catches
// a suite that died before its own check. There is no `it` here: a hook that fails shows in the
// report under its own title, and a test that ran before the check could assert nothing.
import assert from 'node:assert/strict';
import { docker, testHomes } from './dockerSupport.js';

after('no container with switchboard.* labels is left by the tests', async function () {
  const up = await docker.ping().then(() => true, () => false);
  if (!up) return;
  // Only this run's daemons: another run on the same engine may be mid-test.
  const all = await docker.listContainers({ all: true, filters: { label: ['switchboard.kind'] } });
  const left = all.filter((c) => testHomes.has(c.Labels['switchboard.home'] ?? ''));
  for (const c of left) await docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  assert.deepEqual(left.map((c) => c.Names[0]), [], 'test containers were left behind (now removed)');
});
