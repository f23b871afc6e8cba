import * as vscode from 'vscode';

/** One typed getter per setting. */
export const config = {
  dockerHost(): string {
    return vscode.workspace.getConfiguration('dockerDb').get<string>('docker.host', '').trim();
  },
  dockerTimeoutMs(): number {
    const value = vscode.workspace.getConfiguration('dockerDb').get<number>('docker.timeoutMs', 5000);
    return Number.isFinite(value) && value >= 500 ? value : 5000;
  },
  showAllContainers(): boolean {
    return vscode.workspace.getConfiguration('dockerDb').get<boolean>('containers.showAll', false);
  },
  optionalServices(): string[] {
    const value = vscode.workspace.getConfiguration('dockerDb').get<unknown>('optionalServices', []);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
  },
  queryTransport(): 'auto' | 'direct' | 'exec' {
    const value = vscode.workspace.getConfiguration('dockerDb').get<string>('query.transport', 'auto');
    return value === 'direct' || value === 'exec' ? value : 'auto';
  },
  rowLimit(): number {
    const value = vscode.workspace.getConfiguration('dockerDb').get<number>('query.rowLimit', 10000);
    return Number.isInteger(value) && value > 0 ? value : 10000;
  },
  statementTimeoutMs(): number {
    const value = vscode.workspace.getConfiguration('dockerDb').get<number>('query.statementTimeoutSeconds', 0);
    return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : 0;
  },
  /** What NULL copies and exports as in TSV and Markdown from the results panel. */
  nullToken(): string {
    const value = vscode.workspace.getConfiguration('dockerDb').get<unknown>('results.nullToken', 'NULL');
    return typeof value === 'string' && value.length <= 100 ? value : 'NULL';
  },
  statusBarEnabled(): boolean {
    return vscode.workspace.getConfiguration('dockerDb').get<boolean>('statusBar.enabled', true);
  },
};

/** Settings whose change replaces the Docker connection. */
export function affectsConnection(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('dockerDb.docker');
}
