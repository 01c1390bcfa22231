// The per-launch bearer token clients read from daemon.json, and the comparison that checks it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: safe in headers, URLs and JSON without escaping. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time string comparison. Both sides are hashed first so that neither the content nor
 * the length of the expected value leaks through timing (timingSafeEqual needs equal lengths).
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
