/**
 * A recording stand-in for the `vscode` module, just enough to load and activate the bundled
 * extension outside VS Code. Every API call is recorded; nothing does real work.
 */
export interface FakeVscode {
  api: unknown;
  calls: string[];
  registeredCommands: string[];
  disposed: number;
  created: number;
}

export function createFakeVscode(): FakeVscode {
  const state: FakeVscode = { api: undefined, calls: [], registeredCommands: [], disposed: 0, created: 0 };
  const disposable = (): { dispose(): void } => {
    state.created++;
    let done = false;
    return {
      dispose: () => {
        if (!done) {
          done = true;
          state.disposed++;
        }
      },
    };
  };

  const make = (path: string): unknown =>
    new Proxy(function () {}, {
      get(_t, prop) {
        if (prop === 'then') return undefined; // never look like a promise
        if (prop === 'dispose') return () => state.disposed++;
        if (prop === Symbol.toPrimitive) return () => path;
        if (prop === 'visible') return false;
        return make(`${path}.${String(prop)}`);
      },
      set() {
        return true; // property writes (item.text = ...) are accepted and forgotten
      },
      defineProperty() {
        return true;
      },
      apply(_t, _this, args) {
        state.calls.push(path);
        if (path === 'vscode.commands.registerCommand') {
          state.registeredCommands.push(String(args[0]));
          return disposable();
        }
        if (/\.on[A-Z]\w*$/.test(path) || /\.event$/.test(path)) return disposable();
        return make(`${path}()`);
      },
      construct(_t, args) {
        state.calls.push(`new ${path}`);
        if (path === 'vscode.EventEmitter') {
          const listeners: Array<(e: unknown) => void> = [];
          return {
            event: (l: (e: unknown) => void) => {
              listeners.push(l);
              return disposable();
            },
            fire: (e: unknown) => listeners.forEach((l) => l(e)),
            dispose: () => state.disposed++,
          };
        }
        return Object.assign(make(`new ${path}`) as object, { args });
      },
    });

  // A plain object with own keys: bundlers copy a CommonJS module's own properties on import.
  const namespaces = [
    'window', 'workspace', 'commands', 'env', 'languages', 'extensions', 'tasks', 'debug', 'l10n',
    'EventEmitter', 'Disposable', 'TreeItem', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'Uri', 'Range', 'Position',
    'Selection', 'CodeLens', 'TreeItemCollapsibleState', 'ViewColumn', 'ConfigurationTarget', 'ProgressLocation',
    'StatusBarAlignment', 'CancellationTokenSource', 'RelativePattern', 'FileType', 'TextEditorRevealType',
  ];
  state.api = Object.fromEntries(namespaces.map((n) => [n, make(`vscode.${n}`)]));
  return state;
}
