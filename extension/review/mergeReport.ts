// Why a merge did not (or would not) happen, in plain words, with the files involved: from a
// merge preview (`blocker`) or from the merge route's 409 (`details.reason`). Pure, so every
// reason's wording is unit-tested. The daemon decides; this only explains.
import { z } from 'zod';
import { DriftSchema, MergeConflictSchema, type MergeConflict, type MergePreview } from '../../daemon/protocol/reviewEntities.js';

export interface MergeRefusal {
  /** `merge_conflict`, `dirty_checkout`, `operation_in_progress`, `nothing_to_merge`, `drift`, `ref_moved`, or another the daemon named. */
  reason: string;
  /** One or two sentences a person can act on. */
  message: string;
  /** Conflicting files (merge_conflict) or the checkout's dirty files (dirty_checkout). */
  files: string[];
  conflicts: MergeConflict[];
  /** The checkout of the base branch, where dirty files are. */
  checkout: string | null;
}

function list(files: readonly string[], max = 5): string {
  const shown = files.slice(0, max).join(', ');
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Facts {
  reason: string;
  title: string;
  into: string;
  conflicts?: MergeConflict[];
  files?: string[];
  checkout?: string | null;
  drift?: z.infer<typeof DriftSchema> | null;
  fallback?: string;
}

export function describeRefusal(f: Facts): MergeRefusal {
  const conflicts = f.conflicts ?? [];
  const files = f.reason === 'merge_conflict' ? conflicts.map((c) => c.path) : (f.files ?? []);
  const checkout = f.checkout ?? null;
  const where = checkout ? `the checkout of ${f.into} (${checkout})` : `the checkout of ${f.into}`;
  let message: string;
  switch (f.reason) {
    case 'merge_conflict':
      message = `"${f.title}" cannot be merged into ${f.into}: ${count(files.length, 'file')} conflict with changes made there since the session started (${list(files)}). Nothing was changed.`;
      break;
    case 'dirty_checkout':
      message = `"${f.title}" was not merged: ${where} has uncommitted changes in ${count(files.length, 'file')} the merge would change (${list(files)}). Commit or stash them there, then merge again.`;
      break;
    case 'operation_in_progress':
      message = `"${f.title}" was not merged: ${where} is in the middle of a merge or rebase. Finish or abort it there, then merge again.`;
      break;
    case 'nothing_to_merge':
      message = `Nothing to merge: ${f.into} already has every change of "${f.title}".`;
      break;
    case 'drift':
      message = `"${f.title}" was not merged: its worktree is not on its branch${f.drift ? ` ${f.drift.expectedBranch}` : ''} any more (it is on ${f.drift?.actualBranch ?? 'another branch or a detached HEAD'}). Switch the worktree back to its branch, then merge again.`;
      break;
    case 'ref_moved':
      message = `${f.into} moved while merging "${f.title}"; nothing was changed. Merge again.`;
      break;
    default:
      message = f.fallback ?? `"${f.title}" was not merged (${f.reason}).`;
  }
  return { reason: f.reason, message, files, conflicts, checkout };
}

/** The refusal a preview announces, or null when the merge can go ahead. */
export function refusalFromPreview(p: Pick<MergePreview, 'blocker' | 'conflicts' | 'dirtyFiles' | 'checkout' | 'into'>, title: string, drift?: z.infer<typeof DriftSchema> | null): MergeRefusal | null {
  if (!p.blocker) return null;
  return describeRefusal({ reason: p.blocker, title, into: p.into, conflicts: p.conflicts, files: p.dirtyFiles, checkout: p.checkout, drift: drift ?? null });
}

const RefusalDetailsSchema = z.object({
  reason: z.string(),
  into: z.string().optional(),
  conflicts: z.array(MergeConflictSchema).optional(),
  files: z.array(z.string()).optional(),
  checkout: z.string().nullable().optional(),
  drift: DriftSchema.nullable().optional(),
});

/** The refusal a merge route's 409 carries in `details`, or null when it carries none. */
export function refusalFromError(details: unknown, message: string, title: string, into: string): MergeRefusal | null {
  const d = RefusalDetailsSchema.safeParse(details);
  if (!d.success) return null;
  return describeRefusal({ ...d.data, title, into: d.data.into ?? into, fallback: message });
}

/** The commit message from the preview's default with the subject (first paragraph) replaced. */
export function withSubject(defaultMessage: string, subject: string): string {
  const rest = defaultMessage.split(/\n\n/).slice(1).join('\n\n');
  const s = subject.trim();
  return rest ? `${s}\n\n${rest}` : s;
}

/** The subject of a commit message: its first paragraph on one line. */
export function subjectOf(message: string): string {
  return (message.split(/\n\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
}
