// The contract of the desktop panel: between its host (extension/desktop) and its webview, and
// between the webview and the daemon's noVNC page in its iframe (daemon/http/desktopPage.ts). One
// zod schema per message, parsed on receipt, so nothing is trusted for having crossed postMessage.
// Zod only: this file is bundled into the browser and loaded by the extension host.
//
// The webview is a relay: the host holds the token and fetches tickets; the page holds the VNC
// connection. Notifications only (nothing here is answered).
import { z } from 'zod';

/** The page's connection as it reports it. */
export const DESKTOP_STATES = ['connecting', 'connected', 'disconnected', 'failed'] as const;
export type DesktopState = (typeof DESKTOP_STATES)[number];

const detail = z.string().nullable();

/** What the webview sends its host. */
export const DesktopWebviewMessageSchema = z.discriminatedUnion('type', [
  /** The document loaded: it wants a page URL (a fresh one, when it was rebuilt after a hide). */
  z.object({ type: z.literal('ready') }).strict(),
  /** The page's connection changed; the host reconnects after `disconnected` or `failed`. */
  z.object({ type: z.literal('pageState'), state: z.enum(DESKTOP_STATES), detail }).strict(),
  /** The desktop's clipboard changed: the host writes it to VS Code's. */
  z.object({ type: z.literal('pageClipboard'), text: z.string() }).strict(),
  /** The person toggled view-only: the host asks for view-only tickets from now on. */
  z.object({ type: z.literal('viewOnly'), value: z.boolean() }).strict(),
  /** The Paste button: send VS Code's clipboard to the desktop. */
  z.object({ type: z.literal('paste') }).strict(),
  /** The Reconnect button: a fresh ticket now. */
  z.object({ type: z.literal('reconnect') }).strict(),
]);
export type DesktopWebviewMessage = z.infer<typeof DesktopWebviewMessageSchema>;

/** What the host sends its webview. */
export const DesktopHostMessageSchema = z.discriminatedUnion('type', [
  /** Point the iframe at the page (its URL carries a one-time ticket). */
  z.object({ type: z.literal('load'), url: z.url() }),
  /** Reconnect the page already loaded with a fresh ticket. */
  z.object({ type: z.literal('connect'), ticket: z.string().min(1) }),
  /** VS Code's clipboard, for the desktop's. */
  z.object({ type: z.literal('clipboard'), text: z.string() }),
  /** What the host knows and the page cannot say (the daemon is unreachable). */
  z.object({ type: z.literal('status'), state: z.enum(DESKTOP_STATES), detail: detail.optional() }),
]);
export type DesktopHostMessage = z.infer<typeof DesktopHostMessageSchema>;

/** The mark the page puts on its own messages to its parent. */
export const PAGE_SOURCE = 'switchboard-desktop';

/** What the noVNC page sends its parent, the webview (accepted only from the page's origin). */
export const PageMessageSchema = z.discriminatedUnion('type', [
  z.object({ source: z.literal(PAGE_SOURCE), type: z.literal('state'), state: z.enum(DESKTOP_STATES), detail: detail.optional() }),
  z.object({ source: z.literal(PAGE_SOURCE), type: z.literal('clipboard'), text: z.string() }),
]);
export type PageMessage = z.infer<typeof PageMessageSchema>;

/** What the webview sends the page. */
export type PageCommand = { type: 'connect'; ticket: string } | { type: 'viewOnly'; value: boolean } | { type: 'clipboard'; text: string };

/** What the webview keeps in `setState`; the host's panel serializer reads it to reopen the panel. */
export const DesktopUiStateSchema = z.object({ user: z.string().min(1), viewOnly: z.boolean() });
export type DesktopUiState = z.infer<typeof DesktopUiStateSchema>;

/** A saved state as far as it is usable, field by field (a state written by an older build may lack one). */
export const SavedDesktopUiStateSchema = z
  .object({ user: z.string().min(1).optional().catch(undefined), viewOnly: z.boolean().optional().catch(undefined) })
  .catch({});
