// What a permission request would change: whether it changes files, and every path it names, in
// the shapes real agents send (claude-agent-acp old and new, codex-acp's apply_patch).
import assert from 'node:assert/strict';
import { changesFiles, patchPaths, toolCallPaths } from '../../daemon/sessions/toolCallPaths.js';

describe('tool call paths', function () {
  it('counts edit, delete and move as changes, and any call carrying a diff', function () {
    for (const kind of ['edit', 'delete', 'move']) assert.equal(changesFiles({ toolCallId: 't', kind }), true, kind);
    for (const kind of ['read', 'search', 'execute', 'fetch', 'think', 'switch_mode', 'other']) {
      assert.equal(changesFiles({ toolCallId: 't', kind }), false, kind);
    }
    // Newer Claude adapters leave `kind` out of the permission request but send the diff.
    assert.equal(changesFiles({ toolCallId: 't', content: [{ type: 'diff', path: '/w/a.ts', oldText: null, newText: 'x' }] }), true);
    assert.equal(changesFiles({ toolCallId: 't', content: [{ type: 'content', content: { type: 'text', text: 'hi' } }] }), false);
    assert.equal(changesFiles({ toolCallId: 't' }), false);
  });

  it('reads ACP locations and diff content', function () {
    const paths = toolCallPaths({
      toolCallId: 't',
      kind: 'edit',
      locations: [{ path: '/w/a.ts', line: 3 }, { line: 1 }, { path: '' }],
      content: [
        { type: 'diff', path: '/w/b.ts', oldText: 'a', newText: 'b' },
        { type: 'terminal', terminalId: 'x' },
        { type: 'diff', path: '/w/a.ts', newText: '' },
      ],
    });
    assert.deepEqual(paths, ['/w/a.ts', '/w/b.ts']);
  });

  it('reads the path keys of rawInput at any depth, strings and string arrays', function () {
    const paths = toolCallPaths({
      toolCallId: 't',
      rawInput: {
        file_path: '/w/one.ts',
        notebook_path: 'nb.ipynb',
        nested: { filePath: 'two.ts', items: [{ target: '/t' }, { destination: '../d' }] },
        source: ['/s1', 42, '/s2'],
        content: '/not/a/path/key',
        new_string: 'path: /etc/passwd',
      },
    });
    assert.deepEqual(paths, ['/w/one.ts', 'nb.ipynb', 'two.ts', '/t', '../d', '/s1', '/s2']);
  });

  it('reads claude-agent-acp 0.23 permission requests (kind, locations, diff and rawInput)', function () {
    const write = {
      toolCallId: 'toolu_1',
      rawInput: { file_path: '/w/src/new.ts', content: 'export {};\n' },
      title: 'Write /w/src/new.ts',
      kind: 'edit',
      content: [{ type: 'diff', path: '/w/src/new.ts', oldText: null, newText: 'export {};\n' }],
      locations: [{ path: '/w/src/new.ts' }],
    };
    assert.equal(changesFiles(write), true);
    assert.deepEqual(toolCallPaths(write), ['/w/src/new.ts']);
  });

  it('reads newer claude-agent-acp permission requests that carry no kind', function () {
    const edit = {
      toolCallId: 'toolu_edit',
      title: 'Edit src/app.ts',
      rawInput: { file_path: '/w/src/app.ts' },
      content: [{ type: 'diff', path: '/w/src/app.ts', oldText: null, newText: '' }],
    };
    assert.equal(changesFiles(edit), true);
    assert.deepEqual(toolCallPaths(edit), ['/w/src/app.ts']);
  });

  it("reads codex-acp's apply_patch approval: the changes map and its move_path", function () {
    const patch = {
      toolCallId: 'call_1',
      kind: 'edit',
      status: 'pending',
      title: 'Edit /w/a.rs, /w/c.rs',
      locations: [{ path: '/w/a.rs' }, { path: '/w/c.rs' }],
      rawInput: {
        call_id: 'call_1',
        changes: {
          '/w/a.rs': { type: 'add', content: 'fn main() {}\n' },
          '/w/b.rs': { type: 'update', unified_diff: '@@ -1 +1 @@\n-a\n+b\n', move_path: '/elsewhere/c.rs' },
          '/w/old.rs': { type: 'delete', content: 'x' },
        },
        reason: null,
      },
    };
    assert.deepEqual(toolCallPaths(patch), ['/w/a.rs', '/w/c.rs', '/w/b.rs', '/w/old.rs', '/elsewhere/c.rs']);
  });

  it('reads the file headers of apply_patch text, wherever rawInput holds it', function () {
    const text = [
      '*** Begin Patch',
      '*** Add File: docs/new.md',
      '+hello',
      '*** Update File: src/app.ts',
      '*** Move to: ../outside/app.ts',
      '@@',
      '-a',
      '+b',
      '*** Delete File: /abs/gone.txt',
      '*** End Patch',
    ].join('\n');
    assert.deepEqual(patchPaths(text), ['docs/new.md', 'src/app.ts', '../outside/app.ts', '/abs/gone.txt']);
    assert.deepEqual(toolCallPaths({ toolCallId: 't', rawInput: { input: text } }), ['docs/new.md', 'src/app.ts', '../outside/app.ts', '/abs/gone.txt']);
    assert.deepEqual(toolCallPaths({ toolCallId: 't', rawInput: text }), ['docs/new.md', 'src/app.ts', '../outside/app.ts', '/abs/gone.txt']);
    assert.deepEqual(patchPaths(`  \r\n${text.replace(/\n/g, '\r\n')}`), ['docs/new.md', 'src/app.ts', '../outside/app.ts', '/abs/gone.txt']);
  });

  it('ignores patch headers in text that is not a patch (a file being written that quotes one)', function () {
    const quoting = { toolCallId: 't', kind: 'edit', rawInput: { file_path: '/w/notes.md', content: 'Example:\n*** Add File: /etc/cron.d/x\n' } };
    assert.deepEqual(toolCallPaths(quoting), ['/w/notes.md']);
  });

  it('names nothing for a call without paths, and survives hostile shapes', function () {
    assert.deepEqual(toolCallPaths({ toolCallId: 't', kind: 'edit' }), []);
    assert.deepEqual(toolCallPaths({ toolCallId: 't', locations: 'nope', content: { type: 'diff' }, rawInput: null }), []);
    let deep: Record<string, unknown> = { path: '/deepest' };
    for (let i = 0; i < 50; i++) deep = { next: deep };
    assert.deepEqual(toolCallPaths({ toolCallId: 't', rawInput: deep }), [], 'the walk is bounded in depth');
  });
});
