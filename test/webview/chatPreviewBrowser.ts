// The chat webview's static preview (preview.html) in a real Chromium, for the browser tests of
// the chat panel: the bundle built from webview-ui/chat with the extension's options, served with
// the codicons, the fixtures and the preview from one fake origin. Screenshots go to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../support/daemonHarness.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
export const ORIGIN = 'http://preview.test';

/** URL prefix → directory served from. */
function routes(bundleDir: string): [string, string][] {
  return [
    ['/webview/', bundleDir],
    ['/codicons/', path.join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist')],
    ['/fixtures/', path.join(ROOT, 'test', 'webview', 'fixtures')],
    ['/preview/', path.join(ROOT, 'test', 'webview')],
  ];
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.ttf': 'font/ttf' };

export interface PreviewBrowser {
  page: Page;
  close(): Promise<void>;
}

/** Builds the bundle and opens a headless Chromium on the preview origin; null without Chromium. */
export async function openPreviewBrowser(prefix: string): Promise<PreviewBrowser | null> {
  if (!existsSync(CHROMIUM)) return null;
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  // The same options as the extension's bundle of this entry, into a directory of our own.
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'webview-ui', 'chat', 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile: path.join(tmp, 'bundle', 'chat.js'),
    logLevel: 'warning',
  });
  const context: BrowserContext = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 900, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const served = routes(path.join(tmp, 'bundle'));
  await context.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const hit = served.find(([prefix]) => url.pathname.startsWith(prefix));
    const file = hit ? path.join(hit[1], path.normalize(url.pathname.slice(hit[0].length))) : null;
    if (!file || !hit || !file.startsWith(hit[1]) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    await route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page,
    close: async () => {
      await context.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
