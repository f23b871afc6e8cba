import * as vscode from 'vscode';

/** Owns disposables and disposes them in reverse order, once. */
export class DisposableStore implements vscode.Disposable {
  private items: vscode.Disposable[] = [];
  private disposed = false;

  add<T extends vscode.Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  /** Disposes what it holds now and stays usable. */
  clear(): void {
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }

  dispose(): void {
    this.clear();
    this.disposed = true;
  }
}

/** Base class: `_register()` ties a disposable to this object's lifetime. */
export abstract class Disposable implements vscode.Disposable {
  private readonly store = new DisposableStore();

  protected _register<T extends vscode.Disposable>(item: T): T {
    return this.store.add(item);
  }

  /** Ties a disposable created elsewhere to this object's lifetime. */
  addDisposable<T extends vscode.Disposable>(item: T): T {
    return this.store.add(item);
  }

  dispose(): void {
    this.store.dispose();
  }
}
