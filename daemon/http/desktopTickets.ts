// Short-lived tickets for the desktop and the port proxy. A browser (a webview's iframe, noVNC's
// WebSocket) cannot send the bearer token, so the token-authenticated API hands out a ticket that
// rides in the URL instead: bound to one user's computer, valid 60 s, good for opening the page,
// its WebSocket and the proxy until then. Connections opened in time outlive it. A proxy visit
// trades its ticket for an HttpOnly cookie (the proxied page's own links carry no ticket).
import { randomBytes } from 'node:crypto';

export const TICKET_TTL_MS = 60_000;
export const PROXY_COOKIE_TTL_MS = 12 * 60 * 60 * 1000;

interface Grant {
  user: string;
  expiresAt: number;
}

export class DesktopTickets {
  private readonly tickets = new Map<string, Grant>();
  private readonly cookies = new Map<string, Grant>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(user: string): { ticket: string; expiresAt: Date } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + TICKET_TTL_MS;
    this.tickets.set(ticket, { user, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** The user a live ticket is for, or null (unknown or expired). */
  check(ticket: string | null | undefined): string | null {
    return this.live(this.tickets, ticket);
  }

  /** A proxy cookie value for a user, after a valid ticket. */
  issueCookie(user: string): string {
    const value = randomBytes(24).toString('base64url');
    this.cookies.set(value, { user, expiresAt: this.now() + PROXY_COOKIE_TTL_MS });
    return value;
  }

  checkCookie(value: string | null | undefined): string | null {
    return this.live(this.cookies, value);
  }

  private live(map: Map<string, Grant>, key: string | null | undefined): string | null {
    if (!key) return null;
    const g = map.get(key);
    if (!g) return null;
    if (g.expiresAt <= this.now()) {
      map.delete(key);
      return null;
    }
    return g.user;
  }

  private sweep(): void {
    const t = this.now();
    for (const map of [this.tickets, this.cookies]) for (const [k, g] of map) if (g.expiresAt <= t) map.delete(k);
  }
}
