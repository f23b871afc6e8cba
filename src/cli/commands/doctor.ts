/**
 * `dockerdb doctor <container> [--json]`: diagnoses why a database container cannot be reached
 * and names the broken layer. Exit codes: 0 ok, 1 broken, 3 degraded (2 is usage).
 */
import { diagnoseContainer } from '../../core/diagnostics/runner';
import type { CheckResult, DiagnosisReport, Verdict } from '../../shared/diagnostics';
import type { CommandContext } from '../context';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../context';

/** The container works, with a warning (e.g. port not published, unhealthy health check). */
export const EXIT_DEGRADED = 3;

const MARK: Record<CheckResult['status'], string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

export function exitCodeFor(status: Verdict): number {
  return status === 'ok' ? EXIT_OK : status === 'degraded' ? EXIT_DEGRADED : EXIT_FAILURE;
}

function indent(text: string, pad: string): string {
  return text.split('\n').join(`\n${pad}`);
}

/** One line per check (✓ pass, ! warn, ✗ fail, - skipped), then the verdict. */
export function formatReport(report: DiagnosisReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [`Diagnosis of ${report.container} (${report.ms} ms)`, ''];
  const width = Math.min(44, Math.max(...report.checks.map((c) => c.title.length)));
  for (const c of report.checks) {
    if (c.status === 'skip' && !options.verbose) continue;
    lines.push(`${MARK[c.status]} ${c.title.padEnd(width)}  ${indent(c.detail, '    ')}${c.status === 'skip' ? '' : `  (${c.ms} ms)`}`);
    if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`    → ${c.fix}`);
  }
  const skippedCount = report.checks.filter((c) => c.status === 'skip').length;
  if (skippedCount > 0 && !options.verbose) lines.push(`  (${skippedCount} check${skippedCount === 1 ? '' : 's'} skipped)`);
  lines.push('', `Verdict: ${report.verdict.toUpperCase()}${report.rootCause !== 'ok' ? ` (${report.rootCause})` : ''} — transport: ${report.transport}`, `  ${indent(report.summary, '  ')}`);
  for (const step of report.fixSteps) lines.push(`  Fix: ${step}`);
  return `${lines.join('\n')}\n`;
}

export async function doctorCommand(ctx: CommandContext, args: string[]): Promise<number> {
  if (args.length !== 1) {
    ctx.io.stderr('dockerdb doctor: expected exactly one container name or id.\n');
    return EXIT_USAGE;
  }
  const report = await diagnoseContainer(args[0], { connect: ctx.connectOptions });
  ctx.io.stdout(ctx.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return exitCodeFor(report.verdict);
}
