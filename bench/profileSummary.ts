// Top self-time functions of V8 .cpuprofile files (written by `node --cpu-prof`), to find where a
// missed target spends its time. Usable alone:
//   node --import tsx bench/profileSummary.ts <file.cpuprofile>… [--top N]
import fs from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  ms: number;
  share: number;
}

/**
 * Self time per function (summed over call sites), largest first, and inclusive time (self plus
 * everything it called) per function, which is what attributes a native `writev` to the code
 * that asked for it.
 */
export function selfTimes(profile: CpuProfile): { total: number; top: SelfTime[]; inclusive: SelfTime[] } {
  const locate = sourceLocator();
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const msByNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Each sample's duration is the delta to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    msByNode.set(samples[i]!, (msByNode.get(samples[i]!) ?? 0) + ms);
  }
  const keyOf = new Map<number, { key: string; name: string; where: string }>();
  const describe = (node: ProfileNode): { key: string; name: string; where: string } => {
    let d = keyOf.get(node.id);
    if (!d) {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const name = functionName || '(anonymous)';
      const where = url ? locate(url, lineNumber, columnNumber) : '';
      d = { key: `${name}@${where}`, name, where };
      keyOf.set(node.id, d);
    }
    return d;
  };
  const self = new Map<string, SelfTime>();
  const incl = new Map<string, SelfTime>();
  const add = (m: Map<string, SelfTime>, d: { key: string; name: string; where: string }, ms: number): void => {
    const entry = m.get(d.key) ?? { name: d.name, where: d.where, ms: 0, share: 0 };
    entry.ms += ms;
    m.set(d.key, entry);
  };
  let total = 0;
  for (const [id, ms] of msByNode) {
    const node = byNode.get(id);
    if (!node) continue;
    add(self, describe(node), ms);
    total += ms;
    // Each function once per stack, however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const d = describe(byNode.get(at)!);
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      add(incl, d, ms);
    }
  }
  const ranked = (m: Map<string, SelfTime>): SelfTime[] => {
    const list = [...m.values()].sort((a, b) => b.ms - a.ms);
    for (const t of list) t.share = total > 0 ? t.ms / total : 0;
    return list;
  };
  return { total, top: ranked(self), inclusive: ranked(incl) };
}

/**
 * `source:line` of a profile position: through the bundle's source map when it has one (so
 * `daemon/ws/streamServer.ts:140`, not a line of dist/daemon.cjs), else the file relative to
 * node_modules or its folder, so no machine path is printed.
 */
function sourceLocator(): (url: string, line: number, column: number) => string {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (file: string): SourceMap | null => {
    if (!maps.has(file)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
      maps.set(file, map);
    }
    return maps.get(file) ?? null;
  };
  return (url, line, column) => {
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    // findEntry answers {} where the map has nothing.
    const entry = (file.endsWith('.cjs') ? mapFor(file)?.findEntry(line, column) : undefined) as Partial<SourceMapping> | undefined;
    if (entry?.originalSource && entry.originalLine !== undefined) {
      return `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine + 1}`;
    }
    const nm = file.lastIndexOf('node_modules/');
    if (nm >= 0) return `${file.slice(nm)}:${line + 1}`;
    return `${path.basename(path.dirname(file))}/${path.basename(file)}:${line + 1}`;
  };
}

export function formatSummary(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const { total, top: rows, inclusive } = selfTimes(profile);
  const line = (r: SelfTime): string => `${(r.share * 100).toFixed(1).padStart(5)}%  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}`;
  const ours = inclusive.filter((r) => /^(daemon|cli)\//.test(r.where));
  return [
    `${path.basename(file)}: ${(total / 1000).toFixed(2)} s sampled`,
    'self time:',
    ...rows.slice(0, top).map(line),
    'inclusive time, functions of daemon/ and cli/:',
    ...ours.slice(0, top).map(line),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let top = 25;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--top') top = Number(args[++i]);
    else files.push(args[i]!);
  }
  for (const f of files) console.log(`${formatSummary(f, top)}\n`);
}
