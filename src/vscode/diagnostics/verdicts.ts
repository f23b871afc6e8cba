import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { DiagnosisReport } from '../../shared/diagnostics';
import type { ContainerWatcher } from '../../core/docker/watcher';
import { Disposable } from '../lifecycle';

/** What the tree shows of the last diagnosis of a container. */
export interface KnownVerdict {
  report: DiagnosisReport;
  /** The container's state when it was diagnosed: a change clears the verdict. */
  stateKey: string;
}

/** Read side, for the tree. */
export interface VerdictLookup {
  verdictOf(containerId: string): DiagnosisReport | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/** "running:healthy:127.0.0.1:55434->5432": the parts of a container a diagnosis depends on. */
export function stateKey(c: ContainerSummary): string {
  return [c.state, c.health, ...c.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}`)].join(':');
}

/**
 * The last diagnosis verdict of each container, kept until the container's state, health or
 * published ports change (or it disappears): then the verdict no longer describes it.
 */
export class VerdictStore extends Disposable implements VerdictLookup {
  private readonly verdicts = new Map<string, KnownVerdict>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly watcher: ContainerWatcher) {
    super();
    this._register(watcher.onDidChangeContainers(() => this.prune()));
  }

  set(container: ContainerSummary, report: DiagnosisReport): void {
    const current = this.watcher.containers.find((c) => c.id === container.id) ?? container;
    this.verdicts.set(container.id, { report, stateKey: stateKey(current) });
    this.changed.fire();
  }

  verdictOf(containerId: string): DiagnosisReport | undefined {
    return this.verdicts.get(containerId)?.report;
  }

  private prune(): void {
    let dropped = false;
    for (const [id, known] of this.verdicts) {
      const c = this.watcher.containers.find((x) => x.id === id);
      if (!c || stateKey(c) !== known.stateKey) {
        this.verdicts.delete(id);
        dropped = true;
      }
    }
    if (dropped) this.changed.fire();
  }
}
