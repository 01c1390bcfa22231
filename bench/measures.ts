// What a benchmark hands back, and how a row is judged. A ratio is taken inside one iteration
// (daemon and baseline measured back to back), then the median of those ratios is reported:
// on a shared machine, a neighbour's load then hits both sides of a pair alike.
import { summarize, type Summary } from './stats.js';

export type Comparison = '<=' | '>=';

export interface Target {
  /** Judge the ratio to the baseline, or the measured value itself. */
  of: 'ratio' | 'value';
  op: Comparison;
  value: number;
}

export interface Measure {
  id: string;
  metric: string;
  unit: string;
  samples: number[];
  baseline?: { label: string; samples: number[] };
  /** One ratio per iteration, measured / baseline. */
  ratios?: number[];
  target?: Target;
  note?: string;
}

export interface NotYet {
  id: string;
  metric: string;
  reason: string;
}

export type Row = Measure | NotYet;

export interface EvaluatedMeasure extends Measure {
  summary: Summary;
  baselineSummary?: Summary;
  ratio?: number;
  /** null when there is no target (informational rows). */
  pass: boolean | null;
}

export type EvaluatedRow = EvaluatedMeasure | NotYet;

export function isNotYet(row: Row): row is NotYet {
  return 'reason' in row;
}

/** `judge: false` (quick mode) leaves pass null: tiny sizes say nothing about the targets. */
export function evaluate(row: Row, judge = true): EvaluatedRow {
  if (isNotYet(row)) return row;
  const summary = summarize(row.samples);
  const baselineSummary = row.baseline ? summarize(row.baseline.samples) : undefined;
  let ratio: number | undefined;
  if (row.ratios && row.ratios.length > 0) ratio = summarize(row.ratios).median;
  else if (baselineSummary) ratio = summary.median / baselineSummary.median;
  let pass: boolean | null = null;
  if (row.target && judge) {
    const subject = row.target.of === 'ratio' ? ratio : summary.median;
    pass = subject === undefined || Number.isNaN(subject) ? false : compare(subject, row.target.op, row.target.value);
  }
  return { ...row, summary, ...(baselineSummary ? { baselineSummary } : {}), ...(ratio !== undefined ? { ratio } : {}), pass };
}

function compare(a: number, op: Comparison, b: number): boolean {
  return op === '<=' ? a <= b : a >= b;
}
