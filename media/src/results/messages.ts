/** The Messages tab: each statement's command tag and row count, the notices, and the error. */
import type { QueryResult } from '../../../src/shared/results';
import { el } from '../dom';
import { codicon } from './codicon';

function rowsText(n: number | null): string {
  return n === null ? '' : `${n.toLocaleString()} ${n === 1 ? 'row' : 'rows'}`;
}

/** Where the error is, in words: "statement 2, position 7". */
export function errorWhere(e: NonNullable<QueryResult['error']>): string {
  return [e.statementIndex !== null ? `statement ${e.statementIndex + 1}` : '', e.position !== null ? `position ${e.position}` : ''].filter(Boolean).join(', ');
}

/** The error's first line as a button that reveals its position in the SQL editor (when `reveal` is given). */
export function errorLine(e: NonNullable<QueryResult['error']>, reveal: (() => void) | undefined): HTMLElement {
  const text = [el('strong', {}, `ERROR${e.code ? ` ${e.code}` : ''}: `), e.message] as Array<HTMLElement | string>;
  if (!reveal) return el('p', { class: 'error' }, ...text);
  const where = errorWhere(e);
  const b = el('button', { type: 'button', class: 'error-link', title: `Show ${where || 'the failing statement'} in the SQL editor` }, ...text, codicon('go-to-file'));
  b.addEventListener('click', reveal);
  return el('p', { class: 'error' }, b);
}

export function renderMessages(result: QueryResult, reveal?: () => void): HTMLElement {
  const list = el('ol', { class: 'messages-statements' });
  result.results.forEach((r) => {
    const parts = [el('span', { class: 'command-tag' }, r.command || '(no command tag)')];
    const rows = rowsText(r.rowCount);
    if (rows) parts.push(el('span', { class: 'muted' }, ` · ${rows}`));
    if (r.truncated) parts.push(el('span', { class: 'warning' }, ` · truncated at ${r.rows.length.toLocaleString()}`));
    list.append(el('li', {}, ...parts));
  });
  const out = el('div', { class: 'messages' });
  out.append(el('h2', {}, 'Statements'));
  out.append(result.results.length > 0 ? list : el('p', { class: 'muted' }, 'No statement completed.'));

  if (result.notices.length > 0) {
    const notices = el('ul', { class: 'messages-notices' });
    for (const n of result.notices) notices.append(el('li', {}, el('span', { class: 'severity' }, `${n.severity}${n.code ? ` ${n.code}` : ''}: `), n.message));
    out.append(el('h2', {}, 'Notices'), notices);
  }

  if (result.error) {
    const e = result.error;
    const where = errorWhere(e);
    const box = el('div', { class: 'messages-error', role: 'alert' }, errorLine(e, reveal));
    if (where) box.append(el('p', { class: 'muted' }, where));
    if (e.detail) box.append(el('p', {}, `Detail: ${e.detail}`));
    if (e.hint) box.append(el('p', {}, `Hint: ${e.hint}`));
    out.append(el('h2', {}, 'Error'), box);
  }
  if (result.outputCapped) out.append(el('p', { class: 'warning' }, 'The output of psql was larger than Docker DB keeps and was cut: later rows or statements may be missing.'));
  return out;
}
