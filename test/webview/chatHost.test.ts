// The chat panel's host-side pieces that need no VS Code: the document's CSP and nonce, the
// schema every webview message must pass, the requests' daemon calls and their answers in words,
// and the confinement of "open file" links to the session's directory (on a real filesystem).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SwitchboardError } from '../../daemon/protocol/errors.js';
import { chatHtml } from '../../extension/chat/chatHtml.js';
import { answerChatRequest, appliedNote, handleChatRequest, type ChatRequestDeps } from '../../extension/chat/chatRequests.js';
import { confineToSession, resolveInside } from '../../extension/chat/sessionPath.js';
import { newNonce } from '../../extension/webviews/webviewHtml.js';
import { HostMessageSchema, WebviewMessageSchema, describeInvalid } from '../../webview-ui/chat/messages.js';

describe('chat host', () => {
  describe('document', () => {
    // The webview maps each resource to its URI; here the resources already are URIs.
    const input = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', asWebviewUri: (uri: string) => uri };
    const resources = {
      script: 'https://x/dist/webview/chat.js',
      style: 'https://x/dist/webview/chat.css',
      codicons: 'https://x/dist/webview/codicons/codicon.css',
    };
    const page = { sessionId: 'abc"><script>alert(1)</script>', title: '<b>t</b>' };

    it('allows only our styles, fonts and the one script carrying the nonce', () => {
      const html = chatHtml(input, resources, page, 'NONCE123');
      const csp = /content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
      assert.equal(csp, `default-src 'none'; style-src ${input.cspSource}; font-src ${input.cspSource}; script-src 'nonce-NONCE123'`);
      assert.equal(html.match(/<script/g)?.length, 1);
      assert.match(html, /<script nonce="NONCE123" src="https:\/\/x\/dist\/webview\/chat.js">/);
      assert.ok(!html.includes('<script>alert'), 'the session id is escaped');
      assert.ok(html.includes('data-session-id="abc&quot;&gt;&lt;script&gt;'));
    });

    it('makes a fresh 128-bit nonce each time', () => {
      const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
      assert.equal(nonces.size, 100);
      assert.equal(Buffer.from([...nonces][0]!, 'base64').length, 16);
    });
  });

  describe('message schemas', () => {
    it('accepts each webview message', () => {
      for (const m of [
        { type: 'ready', clientId: 'c', lastSeq: 0 },
        { type: 'followup', id: 1, text: 'go on' },
        { type: 'cancel', id: 2 },
        { type: 'answerPermission', id: 3, requestId: 'r', optionId: 'allow_once' },
        { type: 'openFile', id: 4, path: 'a.ts', line: null },
        { type: 'setConfig', id: 5, change: { model: 'demo-smart' } },
        { type: 'setConfig', id: 6, change: { options: { verbose: true } } },
        { type: 'answerElicitation', id: 7, requestId: 'e', action: 'accept', content: { name: 'Ada', n: 3, ok: true, tags: ['a'] } },
        { type: 'answerElicitation', id: 8, requestId: 'e', action: 'decline' },
        { type: 'login', id: 9 },
        { type: 'openPort', id: 10, port: 41000 },
      ]) {
        assert.ok(WebviewMessageSchema.safeParse(m).success, m.type);
      }
    });

    it('refuses malformed ones and says what is wrong', () => {
      const bad: [unknown, RegExp][] = [
        [{ type: 'followup', id: 1, text: '   ' }, /text: must not be empty/],
        [{ type: 'cancel' }, /id/],
        [{ type: 'answerPermission', id: 1, requestId: 'r' }, /optionId/],
        [{ type: 'runShell', id: 1, command: 'rm -rf /' }, /type|discriminator|Invalid/i],
        [{ type: 'cancel', id: 1, extra: true }, /extra|Unrecognized/i],
        ['ready', /expected object|Invalid/i],
        [{ type: 'setConfig', id: 1, change: { model: '  ' } }, /change\.model: must not be empty/],
        [{ type: 'setConfig', id: 1, change: { colour: 'red' } }, /colour|Unrecognized/i],
        [{ type: 'answerElicitation', id: 1, requestId: 'e', action: 'maybe' }, /action/],
        [{ type: 'openPort', id: 1, port: 70000 }, /port/],
        [{ type: 'openPort', id: 1, port: '41000' }, /port/],
      ];
      for (const [m, why] of bad) {
        const r = WebviewMessageSchema.safeParse(m);
        assert.equal(r.success, false, JSON.stringify(m));
        if (!r.success) assert.match(describeInvalid(r.error), why);
      }
    });

    it('host messages parse on the webview side, events in their loose envelope', () => {
      const r = HostMessageSchema.safeParse({
        type: 'events',
        events: [{ seq: 1, sessionId: 's', projectId: 'p', time: 't', type: 'some.future_event', payload: { x: 1 } }],
      });
      assert.ok(r.success);
      const fleet = { type: 'fleet', queuePosition: 2, ports: [{ port: 41000, name: 'web' }], setup: null };
      assert.ok(HostMessageSchema.safeParse(fleet).success);
      assert.equal(HostMessageSchema.safeParse({ ...fleet, queuePosition: 0 }).success, false, 'positions start at 1');
    });
  });

  describe('requests', () => {
    const calls: unknown[] = [];
    const opened: [string, number | null][] = [];
    let root: string;
    let fail: Error | null = null;
    const deps = (over: Partial<ChatRequestDeps> = {}): ChatRequestDeps => ({
      sessionId: 's1',
      client: () => ({
        api: {
          followup: async (i) => {
            calls.push(['followup', i]);
            if (fail) throw fail;
            return {} as never;
          },
          cancelTurn: async (i) => {
            calls.push(['cancelTurn', i]);
            if (fail) throw fail;
            return {} as never;
          },
          answerPermission: async (i) => {
            calls.push(['answerPermission', i]);
            return {} as never;
          },
          getSession: async () => ({ session: { cwd: root } }) as never,
          updateSessionConfig: async (i) => {
            calls.push(['updateSessionConfig', i]);
            if (fail) throw fail;
            return { applied: 'next_prompt' } as never;
          },
          answerElicitation: async (i) => {
            calls.push(['answerElicitation', i]);
            return {} as never;
          },
        },
      }),
      sessionCwd: () => root,
      openEditor: async (p, line) => {
        opened.push([p, line]);
      },
      login: async () => void calls.push(['login']),
      openPort: async (port) => void calls.push(['openPort', port]),
      ...over,
    });

    before(() => {
      root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'chat-host-')));
      mkdirSync(path.join(root, 'tree', 'src'), { recursive: true });
      writeFileSync(path.join(root, 'tree', 'src', 'a.ts'), 'x');
      writeFileSync(path.join(root, 'secret.txt'), 'x');
      symlinkSync(path.join(root, 'secret.txt'), path.join(root, 'tree', 'link.txt'));
      root = path.join(root, 'tree');
    });
    after(() => rmSync(path.dirname(root), { recursive: true, force: true }));
    beforeEach(() => {
      calls.length = 0;
      opened.length = 0;
      fail = null;
    });

    it('sends follow-ups, cancels and answers to the daemon for this session', async () => {
      assert.equal(await handleChatRequest({ type: 'followup', id: 1, text: 'more' }, deps()), null);
      assert.equal(await handleChatRequest({ type: 'cancel', id: 2 }, deps()), null);
      assert.equal(await handleChatRequest({ type: 'answerPermission', id: 3, requestId: 'r9', optionId: 'allow_once' }, deps()), null);
      assert.deepEqual(calls, [
        ['followup', { params: { id: 's1' }, body: { text: 'more' } }],
        ['cancelTurn', { params: { id: 's1' } }],
        ['answerPermission', { params: { id: 's1', requestId: 'r9' }, body: { optionId: 'allow_once' } }],
      ]);
    });

    it('sets a model through the session config and says when it applies; answers forms; runs the login command', async () => {
      assert.deepEqual(await answerChatRequest({ type: 'setConfig', id: 1, change: { model: 'demo-smart' } }, deps()), { error: null, note: 'applies at the next prompt' });
      const form = { type: 'answerElicitation', id: 2, requestId: 'e1', action: 'accept', content: { name: 'Ada' } } as const;
      assert.deepEqual(await answerChatRequest(form, deps()), { error: null });
      assert.deepEqual(await answerChatRequest({ type: 'login', id: 3 }, deps()), { error: null });
      assert.deepEqual(await answerChatRequest({ type: 'openPort', id: 5, port: 41000 }, deps({ client: () => null })), { error: null });
      assert.deepEqual(calls, [
        ['updateSessionConfig', { params: { id: 's1' }, body: { model: 'demo-smart' } }],
        ['answerElicitation', { params: { id: 's1', requestId: 'e1' }, body: { action: 'accept', content: { name: 'Ada' } } }],
        ['login'],
        ['openPort', 41000],
      ]);
      fail = new SwitchboardError('invalid_request', 'model: demo-huge is not one this agent offers', 'model');
      assert.deepEqual(await answerChatRequest({ type: 'setConfig', id: 4, change: { model: 'demo-huge' } }, deps()), { error: 'model: demo-huge is not one this agent offers' });
      assert.equal(appliedNote('now'), null);
    });

    it('answers failures in the daemon\'s words, and says when the daemon is down', async () => {
      fail = new SwitchboardError('illegal_transition', 'no turn is running in this session (it is completed)');
      assert.equal(await handleChatRequest({ type: 'cancel', id: 1 }, deps()), 'no turn is running in this session (it is completed)');
      assert.match((await handleChatRequest({ type: 'followup', id: 1, text: 'x' }, deps({ client: () => null })))!, /daemon is not running/);
    });

    it('opens files inside the session directory, relative or absolute, at the line given', async () => {
      assert.equal(await handleChatRequest({ type: 'openFile', id: 1, path: 'src/a.ts', line: 3 }, deps()), null);
      assert.equal(await handleChatRequest({ type: 'openFile', id: 2, path: path.join(root, 'src', 'a.ts'), line: null }, deps()), null);
      assert.deepEqual(opened, [
        [path.join(root, 'src', 'a.ts'), 3],
        [path.join(root, 'src', 'a.ts'), null],
      ]);
    });

    it('refuses paths outside the session directory, through .. or a symlink, and missing files', async () => {
      for (const p of ['../secret.txt', path.join(path.dirname(root), 'secret.txt'), '/etc/passwd', 'link.txt', 'src/missing.ts']) {
        const error = await handleChatRequest({ type: 'openFile', id: 1, path: p, line: null }, deps());
        assert.match(error ?? '', /^Cannot open: .*(outside|does not exist)/, p);
      }
      assert.deepEqual(opened, []);
    });

    it('resolves lexically without touching the disk', async () => {
      assert.equal(resolveInside('/w/tree', 'a/../b.ts'), '/w/tree/b.ts');
      assert.equal(resolveInside('/w/tree', '../tree2/x'), null);
      assert.equal(resolveInside('/w/tree', '/w/tree'), '/w/tree');
      assert.deepEqual(await confineToSession(root, 'src/a.ts'), { ok: true, path: path.join(root, 'src', 'a.ts') });
    });
  });
});
