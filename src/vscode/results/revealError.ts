import * as vscode from 'vscode';
import { errorOffset } from '../../core/sql/errorLocation';
import type { QueryError } from '../../shared/results';
import type { RunSource } from '../../shared/resultsProtocol';

/**
 * Shows the error's position in the SQL editor the query came from (opening the document again when
 * it was closed) and selects the character it points at. Throws what to tell the user when it cannot;
 * returns a note when the position may be off.
 */
export async function revealError(source: RunSource | undefined, error: QueryError | null): Promise<string | undefined> {
  if (!error) throw new Error('This result has no error to show.');
  if (!source) throw new Error('Docker DB does not know which editor this query came from, so it cannot show the error there.');
  const inSql = errorOffset(source.sql, error);
  if (inSql === null) throw new Error('The server did not say which statement failed, so there is no position to show.');
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
  } catch (err) {
    throw new Error(`Could not open ${source.uri} to show the error: ${err instanceof Error ? err.message : String(err)}. It may have been moved or deleted.`);
  }
  const offset = source.offset + inSql;
  // The document may have been edited since the run: when the SQL is no longer where it was, say so.
  const still = doc.getText().slice(source.offset, source.offset + source.sql.length) === source.sql;
  const start = doc.positionAt(offset);
  const end = doc.positionAt(Math.min(offset + 1, doc.getText().length));
  const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false, selection: new vscode.Range(start, end) });
  // The cursor (active end) on the character the error points at, the character selected.
  editor.selection = new vscode.Selection(end, start);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return still ? undefined : 'The file changed since the query ran: the position shown may be off. Run the query again for an exact one.';
}
