/**
 * `dockerdb doctor [container] [--json]`: diagnoses why a database container cannot be reached
 * and names the root cause. Without a container: every database container on the engine.
 * Exit codes: 0 ok, 1 degraded (queries work, not the way they should), 2 down — the worst
 * over several containers. Usage errors also exit 2, with a message on stderr.
 */
import { diagnoseAll } from '../../core/diagnostics/diagnoseAll';
import { diagnoseContainer, DiagnoseOptions } from '../../core/diagnostics/runner';
import type { CheckResult, DiagnosisReport, Verdict } from '../../shared/diagnostics';
import type { CommandContext } from '../context';
import { EXIT_USAGE } from '../context';

const EXIT_BY_VERDICT: Record<Verdict, number> = { ok: 0, degraded: 1, down: 2 };

const MARK: Record<CheckResult['status'], string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

export function exitCodeFor(verdicts: Verdict | readonly Verdict[]): number {
  const list = typeof verdicts === 'string' ? [verdicts] : verdicts;
  return Math.max(0, ...list.map((v) => EXIT_BY_VERDICT[v]));
}

function indent(text: string, pad: string): string {
  return text.split('\n').join(`\n${pad}`);
}

function where(c: CheckResult): string {
  return c.location ? ` [${c.location.file}:${c.location.line}]` : '';
}

/** The verdict on top, one line per check (✓ pass, ! warn, ✗ fail, - skipped), then the fix steps. */
export function formatReport(report: DiagnosisReport, options: { verbose?: boolean } = {}): string {
  const cause = report.rootCause !== 'ok' ? ` (${report.rootCause})` : '';
  const lines: string[] = [`${report.container}: ${report.verdict.toUpperCase()}${cause}, transport ${report.transport} — ${report.ms} ms`, `  ${indent(report.summary, '  ')}`, ''];
  const shown = report.checks.filter((c) => options.verbose || c.status !== 'skip');
  const width = Math.min(44, Math.max(0, ...shown.map((c) => c.title.length)));
  for (const c of shown) {
    lines.push(`${MARK[c.status]} ${c.title.padEnd(width)}  ${indent(c.detail, '    ')}${where(c)}${c.status === 'skip' ? '' : `  (${c.ms} ms)`}`);
    if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`    → ${c.fix}`);
  }
  const skippedCount = report.checks.length - shown.length;
  if (skippedCount > 0) lines.push(`  (${skippedCount} check${skippedCount === 1 ? '' : 's'} skipped)`);
  if (report.fixSteps.length > 0) {
    lines.push('', 'Fix steps:');
    report.fixSteps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The issue's JSON shape: every check carries `fix` (null when there is nothing to do). */
export function toJson(report: DiagnosisReport): unknown {
  return { ...report, checks: report.checks.map((c) => ({ ...c, fix: c.fix ?? null })) };
}

export async function doctorCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length > 1) {
    ctx.io.stderr('dockerdb doctor: expected at most one container name or id (none: every database container).\n');
    return EXIT_USAGE;
  }
  const options: DiagnoseOptions = { connect: ctx.connectOptions, workspaceFolders: [process.cwd()] };
  if (args.length === 1) {
    const report = await diagnoseContainer(args[0], options);
    ctx.io.stdout(ctx.values.json ? `${JSON.stringify(toJson(report), null, 2)}\n` : formatReport(report));
    return exitCodeFor(report.verdict);
  }
  let reports: DiagnosisReport[];
  try {
    reports = await diagnoseAll(options);
  } catch (err) {
    ctx.io.stderr(`dockerdb doctor: could not list the containers to diagnose: ${(err as Error).message}. The Docker engine is slow or not answering; name one container (dockerdb doctor <container>) or try again.\n`);
    return EXIT_BY_VERDICT.down;
  }
  if (ctx.values.json) ctx.io.stdout(`${JSON.stringify(reports.map(toJson), null, 2)}\n`);
  else if (reports.length === 0) ctx.io.stdout('No database containers on this engine (dockerdb ps --all lists every container).\n');
  else ctx.io.stdout(reports.map((r) => formatReport(r)).join('\n'));
  return exitCodeFor(reports.map((r) => r.verdict));
}
