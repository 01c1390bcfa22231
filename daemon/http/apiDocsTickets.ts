// Short-lived tickets for the API docs page. A browser opening a URL cannot send the bearer token,
// so the token-authenticated API (`POST /api/v1/api-docs/ticket`) hands out a ticket that rides in
// the page URL instead, as the desktop's tickets do (desktopTickets.ts). A docs ticket opens the
// docs page only: it is kept apart from desktop tickets, so neither opens the other's pages. It
// grants no API access at all (the page is read-only; docs/api.md says why).
import { randomBytes } from 'node:crypto';

export const API_DOCS_TICKET_TTL_MS = 60_000;

export class ApiDocsTickets {
  /** Ticket → when it stops opening the page (ms since the epoch). */
  private readonly tickets = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(): { ticket: string; expiresAt: Date } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + API_DOCS_TICKET_TTL_MS;
    this.tickets.set(ticket, expiresAt);
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** True for a ticket this daemon issued that has not expired. */
  check(ticket: string | null | undefined): boolean {
    if (!ticket) return false;
    const expiresAt = this.tickets.get(ticket);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.now()) return true;
    this.tickets.delete(ticket);
    return false;
  }

  private sweep(): void {
    const t = this.now();
    for (const [ticket, expiresAt] of this.tickets) if (expiresAt <= t) this.tickets.delete(ticket);
  }
}
