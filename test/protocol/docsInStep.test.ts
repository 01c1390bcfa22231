// docs/api.md and docs/events.md list every route and event type of the protocol.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_TYPES } from '../../daemon/protocol/events.js';
import { ROUTES } from '../../daemon/protocol/routes.js';
import { ROOT } from '../support/daemonHarness.js';

describe('docs stay in step with the protocol', function () {
  it('docs/api.md names every route with its method and path', function () {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
    for (const [name, r] of Object.entries(ROUTES)) assert.ok(doc.includes(`\`${r.method} ${r.path}\``), `route ${name} documented`);
  });
  it('docs/events.md names every event type', function () {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'events.md'), 'utf8');
    for (const t of EVENT_TYPES) assert.ok(doc.includes(`| \`${t}\` |`), `event ${t} documented`);
  });
});
