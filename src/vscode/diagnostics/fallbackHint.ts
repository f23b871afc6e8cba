import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { QueryResult } from '../../shared/results';
import { DIAGNOSE_COMMAND } from './diagnoseCommand';

/** Containers whose fallback was already pointed out in this window (once each is enough). */
const told = new Set<string>();

/**
 * After a query that fell back to docker exec although the container publishes its port, says
 * so once per container and offers Diagnose Connection, which names the broken layer and the fix.
 * A container that publishes no port is not broken: exec is its only path, nothing is said.
 */
export function offerDiagnoseAfterFallback(container: ContainerSummary | undefined, result: QueryResult, mode: string): void {
  if (!container || mode !== 'auto' || result.transport !== 'exec' || told.has(container.id)) return;
  if (!container.ports.some((p) => p.containerPort === 5432)) return;
  told.add(container.id);
  void vscode.window
    .showInformationMessage(
      `Docker DB: ${container.name} answered through docker exec because its published port did not (${result.transportReason.split(';')[0]}). Queries keep working this way; Diagnose Connection names the broken layer and the fix.`,
      'Diagnose',
    )
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand(DIAGNOSE_COMMAND, container.id);
    });
}
