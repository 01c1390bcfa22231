// The daemon's newest event seq, found with the routes there are: `listEvents(since=k, limit=1)`
// answers "is there any event after k?", so a galloping search finds the head in about
// 2·log2(head) small loopback requests. The feed starts there: a window needs the present
// (the tree loads a snapshot), not a replay of the whole history since seq 1.
// (A `head` field in the health answer would make this one request; see the final report.)

/** `hasAfter(k)`: true if some event has seq > k. */
export async function findHeadSeq(hasAfter: (k: number) => Promise<boolean>): Promise<number> {
  if (!(await hasAfter(0))) return 0;
  // Invariant: an event exists after `lo`; none after `hi` (once found).
  let lo = 0;
  let step = 1024;
  let hi = step;
  while (await hasAfter(hi)) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  // The head h satisfies lo < h <= hi: binary search for the smallest k with no event after it.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await hasAfter(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}
