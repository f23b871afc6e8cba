import * as vscode from 'vscode';

/** dockerDb.migrations.expectedSchema: table → columns. Anything not of that shape is left out. */
export function expectedSchemaSetting(): Record<string, string[]> {
  const value = vscode.workspace.getConfiguration('dockerDb').get<unknown>('migrations.expectedSchema', {});
  const out: Record<string, string[]> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [table, columns] of Object.entries(value as Record<string, unknown>)) {
    if (table.trim() === '') continue;
    out[table.trim()] = Array.isArray(columns) ? columns.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()) : [];
  }
  return out;
}
