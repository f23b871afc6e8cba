import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContainerSummary } from '../../shared/containers';
import type { MigrationReport } from '../../shared/migrations';
import type { ContainerWatcher } from '../../core/docker/watcher';
import { QueryTargetError } from '../../core/query/service';
import { redact } from '../../core/util/redact';
import { config } from '../config';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { expectedSchemaSetting } from './migrationsConfig';
import type { ComputeStatus } from './statusSource';

export type MigrationsEntry = { kind: 'loading' } | { kind: 'report'; report: MigrationReport; seq: number } | { kind: 'error'; message: string };

/** File changes under a migrations folder are gathered this long before the status is read again. */
const FILE_DEBOUNCE_MS = 500;

interface Slot {
  entry: MigrationsEntry;
  done: Promise<MigrationsEntry>;
}

/**
 * Migration status per container, computed on demand (a Migrations node expanded, the panel open)
 * and kept until something can have changed it: the container's state or health (watcher events),
 * a file under one of the reported migration folders (debounced), the settings, or Refresh.
 * `onDidChange` says which container's status was dropped or replaced.
 */
export class MigrationsService extends Disposable {
  private readonly slots = new Map<string, Slot>();
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  readonly onDidChange = this.changed.event;
  private readonly reported = this._register(new vscode.EventEmitter<{ containerId: string; report: MigrationReport | undefined }>());
  /** A report was computed (or dropped: undefined): for the editor diagnostics. */
  readonly onDidReport = this.reported.event;
  private readonly signatures = new Map<string, string>();
  private readonly folderWatchers = new Map<string, vscode.Disposable>();
  private readonly changedPaths = new Set<string>();
  private fileTimer: NodeJS.Timeout | undefined;
  private seq = 0;

  constructor(
    private readonly compute: ComputeStatus,
    private readonly watcher: ContainerWatcher,
    private readonly log: Log,
  ) {
    super();
    this._register(watcher.onDidChangeContainers((e) => this.onContainers(e.containers)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dockerDb.migrations') || e.affectsConfiguration('dockerDb.query.transport')) this.invalidate();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()));
    this._register({
      dispose: () => {
        if (this.fileTimer) clearTimeout(this.fileTimer);
        for (const w of this.folderWatchers.values()) w.dispose();
        this.folderWatchers.clear();
      },
    });
  }

  /** The status as far as it is known, without computing it. */
  peek(containerId: string): MigrationsEntry | undefined {
    return this.slots.get(containerId)?.entry;
  }

  /** The status of `container`: the kept one, or computed now (one computation at a time per container). */
  status(container: ContainerSummary): Promise<MigrationsEntry> {
    const existing = this.slots.get(container.id);
    if (existing) return existing.done;
    const slot: Slot = { entry: { kind: 'loading' }, done: Promise.resolve({ kind: 'loading' }) };
    slot.done = this.run(container).then((entry) => {
      if (this.slots.get(container.id) === slot) {
        slot.entry = entry;
        this.reported.fire({ containerId: container.id, report: entry.kind === 'report' ? entry.report : undefined });
        this.syncFolderWatchers();
      }
      return entry;
    });
    this.slots.set(container.id, slot);
    return slot.done;
  }

  /** Drops the kept status of one container (or of all) and says so. */
  invalidate(containerId?: string): void {
    const ids = containerId ? [containerId] : [...this.slots.keys()];
    for (const id of ids) {
      if (!this.slots.delete(id)) continue;
      this.changed.fire(id);
    }
  }

  private async run(known: ContainerSummary): Promise<MigrationsEntry> {
    // The watcher's summary is newer than the one a panel or tree item was made with.
    const container = this.watcher.containers.find((c) => c.id === known.id) ?? known;
    if (container.state !== 'running') return { kind: 'error', message: `${container.name} is ${container.state}: start it, then refresh to read its migration status.` };
    const roots = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath) : [];
    try {
      const report = await this.compute({ container, roots, expectedSchema: expectedSchemaSetting(), via: config.queryTransport() });
      const tools = report.tools.map((t) => `${t.tool} ${t.applied.length}/${t.pending.length}/${t.failed.length}/${t.checksumMismatch.length}`).join(', ') || 'none';
      this.log.info(`Migration status of ${container.name} via ${report.transport ?? '?'} in ${report.ms} ms: ${tools} (applied/pending/failed/mismatched).`);
      return { kind: 'report', report, seq: ++this.seq };
    } catch (err) {
      this.log.error(`Migration status of ${container.name} failed`, err);
      const message =
        err instanceof QueryTargetError
          ? err.message
          : `Could not read the migration history of ${container.name}: ${redact((err as Error).message ?? String(err))}. Check that Run Query works on it, then refresh; the Docker DB log has the details.`;
      return { kind: 'error', message };
    }
  }

  /** A container whose state or health changed (a restart, a rebuild) or that went away: its status is read again. */
  private onContainers(containers: readonly ContainerSummary[]): void {
    const seen = new Set<string>();
    for (const c of containers) {
      seen.add(c.id);
      const signature = `${c.state}:${c.health}`;
      const before = this.signatures.get(c.id);
      this.signatures.set(c.id, signature);
      if (before !== undefined && before !== signature) this.invalidate(c.id);
    }
    for (const id of [...this.signatures.keys()]) {
      if (seen.has(id)) continue;
      this.signatures.delete(id);
      this.invalidate(id);
      this.reported.fire({ containerId: id, report: undefined });
    }
  }

  /** One file watcher per reported migrations folder. */
  private syncFolderWatchers(): void {
    const dirs = new Set<string>();
    for (const slot of this.slots.values()) {
      if (slot.entry.kind === 'report') for (const t of slot.entry.report.tools) if (t.dir) dirs.add(t.dir);
    }
    for (const [dir, w] of this.folderWatchers) {
      if (!dirs.has(dir)) {
        w.dispose();
        this.folderWatchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.folderWatchers.has(dir)) continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dir), '**/*'));
      const onFile = (uri: vscode.Uri): void => this.onFileChanged(uri.fsPath);
      const subs = [w.onDidCreate(onFile), w.onDidChange(onFile), w.onDidDelete(onFile)];
      this.folderWatchers.set(dir, { dispose: () => [...subs, w].forEach((d) => d.dispose()) });
    }
  }

  private onFileChanged(file: string): void {
    this.changedPaths.add(file);
    if (this.fileTimer) clearTimeout(this.fileTimer);
    this.fileTimer = setTimeout(() => {
      this.fileTimer = undefined;
      const paths = [...this.changedPaths];
      this.changedPaths.clear();
      for (const [id, slot] of [...this.slots]) {
        if (slot.entry.kind !== 'report') continue;
        const dirs = slot.entry.report.tools.map((t) => t.dir).filter((d): d is string => !!d);
        if (paths.some((p) => dirs.some((d) => p === d || p.startsWith(d.endsWith(path.sep) ? d : `${d}${path.sep}`)))) this.invalidate(id);
      }
    }, FILE_DEBOUNCE_MS);
  }
}
