// Hides secrets before text reaches a log file: values registered at runtime (API keys from
// agent template env, the daemon token) and the shapes common keys have even when nobody told us.
// The daemon log and the agents' stderr logs both pass through one Redactor.

export const REDACTED = '***';

/** Shorter values would blank out ordinary words and numbers all over the logs. */
const MIN_SECRET_LENGTH = 6;

interface Pattern {
  re: RegExp;
  replace: string;
}

// Each pattern keeps the part that says what the secret is (its name, its scheme) and hides the
// value, so a log still tells the reader which credential was involved.
const PATTERNS: readonly Pattern[] = [
  // NAME_API_KEY=value, NAME_TOKEN: value, "NAME_SECRET": "value" (env dumps, command lines, JSON).
  {
    re: /\b([A-Za-z0-9_]*(?:API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD))(["']?\s*[=:]\s*["']?)([^\s"',;&]+)/gi,
    replace: `$1$2${REDACTED}`,
  },
  // HTTP authorization headers.
  { re: /\b([Bb]earer|[Bb]asic)(\s+)[A-Za-z0-9._~+/=-]{8,}/g, replace: `$1$2${REDACTED}` },
  // OpenAI / Anthropic style keys: sk-…, sk-ant-…, sk-proj-….
  { re: /\bsk-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  // GitHub tokens: ghp_, gho_, ghu_, ghs_, ghr_ and fine-grained github_pat_.
  { re: /\bgh[pousr]_[A-Za-z0-9]{20,}/g, replace: REDACTED },
  { re: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: REDACTED },
  // Google API keys (Gemini).
  { re: /\bAIza[0-9A-Za-z_-]{30,}/g, replace: REDACTED },
];

export class Redactor {
  private readonly secrets = new Set<string>();
  private matcher: RegExp | null = null;

  /** Registers a secret value; every later occurrence is replaced. Too-short values are ignored. */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string') return;
    const value = secret.trim();
    if (value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return;
    this.secrets.add(value);
    this.matcher = null;
  }

  addAll(secrets: Iterable<string | undefined | null>): void {
    for (const s of secrets) this.add(s);
  }

  /** Registers the values of an env map whose names look secret (keys, tokens, passwords). */
  addEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env)) {
      if (/KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i.test(name)) this.add(value);
    }
  }

  redact(text: string): string {
    if (text === '') return text;
    let out = text;
    const matcher = this.compiled();
    if (matcher) out = out.replace(matcher, REDACTED);
    for (const p of PATTERNS) out = out.replace(p.re, p.replace);
    return out;
  }

  /** One alternation for every registered value; longest first so a secret containing another is hidden whole. */
  private compiled(): RegExp | null {
    if (this.secrets.size === 0) return null;
    if (!this.matcher) {
      const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.matcher = new RegExp(alternatives.join('|'), 'g');
    }
    return this.matcher;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
