/**
 * The bench's one table: figure | Docker DB | baseline | ratio | goal | verdict, plus the same rows as JSON.
 */
import * as fs from 'node:fs';
import type { Stats } from './measure';

export type Unit = 'ms' | 'MB' | 'count';

export interface Row {
  /** Stable name of the figure (also the key in the JSON file). */
  figure: string;
  unit: Unit;
  /** Docker DB's figure (the table shows the median). Null when it could not be measured. */
  value: Stats | null;
  /** The raw baseline measured in the same run. */
  baseline: Stats | null;
  /** What the baseline is, in a few words. */
  baselineLabel: string;
  /** Upper bound for the median of `value`, in `unit`. */
  goal?: number;
  note?: string;
  /** Why the figure is missing. */
  error?: string;
}

export type Verdict = 'ok' | 'MISSED' | '-';

export function verdict(row: Row): Verdict {
  if (row.goal === undefined) return '-';
  if (!row.value) return 'MISSED';
  return row.value.median <= row.goal ? 'ok' : 'MISSED';
}

export function ratio(row: Row): number | null {
  if (!row.value || !row.baseline || row.baseline.median <= 0) return null;
  return row.value.median / row.baseline.median;
}

function num(n: number): string {
  const a = Math.abs(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function cell(s: Stats | null, unit: Unit): string {
  return s ? `${num(s.median)} ${unit}` : 'n/a';
}

const HEADERS = ['figure', 'Docker DB', 'baseline', 'ratio', 'goal', 'verdict'];
const RIGHT = new Set([1, 2, 3, 4]);

export function renderTable(rows: readonly Row[]): string {
  const body = rows.map((r) => {
    const q = ratio(r);
    return [r.figure, cell(r.value, r.unit), cell(r.baseline, r.unit), q === null ? '-' : `${q >= 10 ? q.toFixed(0) : q >= 0.1 ? q.toFixed(1) : q.toPrecision(1)}x`, r.goal === undefined ? '-' : `< ${num(r.goal)} ${r.unit}`, verdict(r)];
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cols: string[]): string => cols.map((c, i) => (RIGHT.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ').trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(HEADERS), sep, ...body.map(line)].join('\n') + '\n';
}

function stats(s: Stats | null, unit: Unit): string {
  return s ? `median ${num(s.median)} / p95 ${num(s.p95)} / min ${num(s.min)} ${unit} (n=${s.runs})` : 'n/a';
}

/** Baselines, spreads and notes under the table. */
export function renderDetails(rows: readonly Row[]): string {
  const out: string[] = [];
  for (const r of rows) {
    out.push(`- ${r.figure}`);
    out.push(`    Docker DB: ${stats(r.value, r.unit)}`);
    out.push(`    baseline (${r.baselineLabel}): ${stats(r.baseline, r.unit)}`);
    if (r.note) out.push(`    note: ${r.note}`);
    if (r.error) out.push(`    ERROR: ${r.error}`);
  }
  return out.join('\n') + '\n';
}

export function writeJson(file: string, meta: Record<string, unknown>, rows: readonly Row[]): void {
  const data = {
    ...meta,
    rows: rows.map((r) => ({
      figure: r.figure,
      unit: r.unit,
      value: r.value,
      baseline: r.baseline,
      baselineLabel: r.baselineLabel,
      ratio: ratio(r),
      goal: r.goal ?? null,
      verdict: verdict(r),
      note: r.note ?? null,
      error: r.error ?? null,
    })),
  };
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}
