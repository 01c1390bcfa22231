// The printed table and the JSON record of a run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isNotYet, type EvaluatedRow, type Target } from './measures.js';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other engineers' work shares these cores. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

export function formatValue(v: number | undefined, unit: string): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (unit === 'ms') return v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0);
  if (unit === 'MiB') return v.toFixed(1);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

export function formatTarget(t: Target | undefined, unit: string): string {
  if (!t) return '–';
  return t.of === 'ratio' ? `ratio ${t.op} ${t.value}` : `${t.op} ${formatValue(t.value, unit)} ${unit}`;
}

const HEADERS = ['bench', 'metric', 'unit', 'median', 'min', 'max', 'baseline', 'ratio', 'target', 'result'];

export function tableRows(rows: readonly EvaluatedRow[]): string[][] {
  return rows.map((r) => {
    if (isNotYet(r)) return [r.id, r.metric, '', '', '', '', '', '', '', `not yet: ${r.reason}`];
    return [
      r.id,
      r.metric,
      r.unit,
      formatValue(r.summary.median, r.unit),
      formatValue(r.summary.min, r.unit),
      formatValue(r.summary.max, r.unit),
      r.baselineSummary ? formatValue(r.baselineSummary.median, r.unit) : '–',
      r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '–',
      formatTarget(r.target, r.unit),
      r.pass === null ? (r.target ? 'not judged' : 'info') : r.pass ? 'pass' : 'MISS',
    ];
  });
}

export function printTable(rows: readonly EvaluatedRow[], write: (line: string) => void): void {
  const cells = [HEADERS, ...tableRows(rows)];
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((v, i) => (i <= 2 || i >= 8 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ').trimEnd();
  write(line(HEADERS));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells.slice(1)) write(line(c));
}

/** Markdown, for pasting into docs/benchmarks.md. */
export function markdownTable(rows: readonly EvaluatedRow[]): string {
  const body = tableRows(rows).map((c) => `| ${c.join(' | ')} |`);
  return [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`, ...body].join('\n');
}

export interface RunRecord {
  startedAt: string;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd1m: number;
  quick: boolean;
  durationMs: number;
  machine: MachineInfo;
  rows: EvaluatedRow[];
  details: Record<string, unknown>;
}

/**
 * Writes the run as `<time>.json`, and as `latest.json`/`latest.md` (`latest-quick.*`) when it is a
 * whole run of dist/ (`updateLatest`): a subset or a patched build does not replace the figures.
 * Returns the first path.
 */
export function writeRecord(dir: string, record: RunRecord, updateLatest: boolean): string {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const file = path.join(dir, `${record.quick ? 'quick-' : ''}${stamp}.json`);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  fs.writeFileSync(file, text);
  if (!updateLatest) return file;
  fs.writeFileSync(path.join(dir, record.quick ? 'latest-quick.json' : 'latest.json'), text);
  fs.writeFileSync(path.join(dir, record.quick ? 'latest-quick.md' : 'latest.md'), `${markdownTable(record.rows)}\n`);
  return file;
}
