import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeChunks } from '../../core/export/writeChunks';
import { FORMAT_FILES, formatChunks, type TextFormat } from '../../shared/grid/formats';
import { isNumericType } from '../../shared/grid/sortFilter';
import type { StatementResult } from '../../shared/results';

/** A file name from the target and the tab: "db-1-result-2.csv". */
function defaultName(target: string, index: number, format: TextFormat): string {
  return `${target.replace(/[^A-Za-z0-9._-]+/g, '-')}-result-${index + 1}.${FORMAT_FILES[format].ext}`;
}

/**
 * Asks where to save result set `set` (the tab the user is looking at) as `format`, then streams it
 * to the file chunk by chunk. Returns what to say in the panel's status line, or throws a message.
 */
export async function exportResult(set: StatementResult, index: number, format: TextFormat, target: string, nullToken: string, restored: boolean): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = defaultName(target, index, format);
  const uri = await vscode.window.showSaveDialog({
    title: `Export result ${index + 1} (${set.rows.length.toLocaleString()} rows) as ${FORMAT_FILES[format].label}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(name),
    filters: { [FORMAT_FILES[format].label]: [FORMAT_FILES[format].ext] },
    saveLabel: 'Export',
  });
  if (!uri) return undefined; // the user closed the dialog
  if (uri.scheme !== 'file') throw new Error(`Docker DB can export only to files on this machine's disk, not to ${uri.scheme}: locations. Pick a local folder.`);
  const names = set.columns.map((c) => c.name);
  const numeric = set.columns.map((c) => isNumericType(c.type));
  const chunks = formatChunks(format, names, set.rows.length, (i) => set.rows[i], { nullToken, numeric });
  const started = Date.now();
  const written = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${set.rows.length.toLocaleString()} rows to ${path.basename(uri.fsPath)}…`, cancellable: true }, async (_p, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await writeChunks(uri.fsPath, chunks, { signal: controller.signal });
    } finally {
      sub.dispose();
    }
  });
  const total = set.rowCount ?? set.rows.length;
  const truncated = restored && set.rows.length < total
    ? ` (only the rows kept across the window reload: Re-run first to export all ${total.toLocaleString()})`
    : set.truncated
      ? ` (the result was truncated at ${set.rows.length.toLocaleString()} rows: Fetch All Rows first to export every row)`
      : '';
  return `Exported ${set.rows.length.toLocaleString()} rows (${written.bytes.toLocaleString()} bytes) to ${path.basename(uri.fsPath)} in ${Date.now() - started} ms${truncated}.`;
}
