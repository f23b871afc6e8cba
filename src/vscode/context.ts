import * as vscode from 'vscode';
import { DockerSession } from '../core/docker/session';
import { ContainerWatcher } from '../core/docker/watcher';
import { ComposeWorkspace } from './compose/composeWorkspace';
import { affectsConnection, config } from './config';
import { Disposable } from './lifecycle';
import { Log } from './log';
import { HealthStatusBar } from './statusBar/healthStatusBar';
import { ContainersTree } from './views/containersTree';
import { DetailsPanel } from './webview/detailsPanel';
import { ResultsPanel } from './results/resultsPanel';
import { DiagnosticsPanel } from './diagnostics/diagnosticsPanel';
import { VerdictStore } from './diagnostics/verdicts';

/** Delay before the status bar starts watching Docker after activation: never during startup itself. */
const STATUS_BAR_START_DELAY_MS = 1500;

/**
 * Everything the extension owns, with two lifetimes: the extension's (views, commands, log) and the
 * Docker connection's (session, event stream, timers), replaced when `dockerDb.docker.*` changes.
 * Constructing it does no I/O: the watcher starts when the view becomes visible, a command needs
 * it, or (shortly after activation) for the status bar.
 */
export class DockerDbContext extends Disposable {
  readonly log = this._register(new Log());
  readonly session = new DockerSession(() => ({ setting: config.dockerHost(), timeoutMs: config.dockerTimeoutMs() }));
  readonly watcher: ContainerWatcher;
  readonly compose: ComposeWorkspace;
  readonly tree: ContainersTree;
  /** The last Diagnose Connection verdict per container, shown in the tree. */
  readonly verdicts: VerdictStore;
  private statusBar: HealthStatusBar | undefined;
  private started = false;
  private lastState = '';

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    super();
    this.watcher = this._register(
      new ContainerWatcher(this.session, {
        log: (level, message) => (level === 'error' ? this.log.error(message) : level === 'warn' ? this.log.warn(message) : this.log.info(message)),
      }),
    );
    this._register(this.watcher.onDidChangeState((s) => this.logState(s.kind)));
    this.compose = this._register(new ComposeWorkspace(this.log));
    this.verdicts = this._register(new VerdictStore(this.watcher));
    this.tree = this._register(new ContainersTree(this.watcher, this.compose, this.session, this.log, () => this.ensureStarted(), this.verdicts));
    this.updateStatusBar();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsConnection(e)) {
          this.log.info('Docker settings changed; reconnecting.');
          this.restartConnection();
        } else if (e.affectsConfiguration('dockerDb.containers')) {
          this.tree.refresh();
        }
        if (e.affectsConfiguration('dockerDb.statusBar') || e.affectsConfiguration('dockerDb.optionalServices')) this.updateStatusBar();
      }),
    );
    this._register({ dispose: () => DetailsPanel.disposeAll() });
    this._register({ dispose: () => ResultsPanel.disposeAll() });
    this._register({ dispose: () => DiagnosticsPanel.disposeAll() });
  }

  /** Starts following the Docker engine (idempotent). */
  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.watcher.start();
  }

  /** Drops the connection lifetime (client, stream, timers) and starts a new one if one was running. */
  restartConnection(): void {
    const wasStarted = this.started;
    this.watcher.stop();
    this.session.reset();
    this.started = false;
    if (wasStarted) this.ensureStarted();
    this.tree.refresh();
  }

  private logState(kind: string): void {
    if (kind === this.lastState) return;
    this.lastState = kind;
    const s = this.watcher.state;
    if (s.kind === 'connected') this.log.info(`Connected to the Docker engine at ${s.endpoint} (API ${s.apiVersion}); ${this.watcher.containers.length} containers.`);
    else if (s.kind === 'unreachable') this.log.warn(`Docker engine unreachable: ${s.message}`);
  }

  private updateStatusBar(): void {
    if (config.statusBarEnabled()) {
      if (!this.statusBar) {
        this.statusBar = new HealthStatusBar(this.watcher);
        const timer = setTimeout(() => this.ensureStarted(), STATUS_BAR_START_DELAY_MS);
        timer.unref?.();
        this.statusBar.addDisposable({ dispose: () => clearTimeout(timer) });
      } else {
        this.statusBar.render();
      }
    } else if (this.statusBar) {
      this.statusBar.dispose();
      this.statusBar = undefined;
    }
  }

  override dispose(): void {
    this.statusBar?.dispose();
    this.statusBar = undefined;
    super.dispose();
  }
}
