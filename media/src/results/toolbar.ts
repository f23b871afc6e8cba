/**
 * The toolbar: transport badge (tooltip: why), elapsed time, rows of the active tab with
 * "truncated at N: Fetch All", Re-run, Cancel while running, Copy and Export menus, Pin, status.
 */
import type { QueryResult, StatementResult } from '../../../src/shared/results';
import type { ResultMeta } from '../../../src/shared/resultsProtocol';
import { el } from '../dom';
import { codicon } from './codicon';

export interface ToolbarState {
  target: string;
  result: QueryResult | null;
  meta: ResultMeta | null;
  /** The result set of the active tab, null on the Messages tab. */
  active: StatementResult | null;
  running: boolean;
  pinned: boolean;
}

export interface ToolbarActions {
  rerun(): void;
  cancel(): void;
  fetchAll(): void;
  togglePin(): void;
  /** Opens the Copy menu under `anchor`. */
  copyMenu(anchor: HTMLElement): void;
  exportMenu(anchor: HTMLElement): void;
}

export interface Toolbar {
  element: HTMLElement;
  update(state: ToolbarState): void;
  status(text: string, kind?: 'info' | 'error'): void;
}

export function rowsSummary(r: StatementResult): string {
  const kept = r.rows.length;
  const total = r.rowCount ?? kept;
  const rows = `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}`;
  return r.truncated ? `${rows}, truncated at ${kept.toLocaleString()}` : rows;
}

function button(cls: string, icon: string, label: string, title: string, run: (b: HTMLButtonElement) => void): HTMLButtonElement {
  const b = el('button', { type: 'button', class: `toolbar-button ${cls}`, title }, codicon(icon), el('span', { class: 'label' }, label));
  b.addEventListener('click', () => run(b));
  return b;
}

export function createToolbar(actions: ToolbarActions): Toolbar {
  const badge = el('span', { class: 'badge transport-badge', tabindex: '0' });
  const elapsed = el('span', { class: 'toolbar-item elapsed' });
  const rows = el('span', { class: 'toolbar-item rows' });
  const fetchAll = button('fetch-all', 'cloud-download', 'Fetch All Rows', 'Run the query again without the row limit (up to 1,000,000 rows per result set)', () => actions.fetchAll());
  const spacer = el('span', { class: 'toolbar-spacer' });
  const status = el('span', { class: 'toolbar-item status', role: 'status', 'aria-live': 'polite' });
  const copy = button('copy-menu', 'copy', 'Copy', 'Copy the selection as TSV, CSV, JSON or Markdown', (b) => actions.copyMenu(b));
  const exportButton = button('export-menu', 'save-as', 'Export', 'Save the whole result set of this tab to a file (CSV, JSON or Markdown)', (b) => actions.exportMenu(b));
  const rerun = button('rerun', 'refresh', 'Re-run', 'Run the same SQL on this container again', () => actions.rerun());
  const cancel = button('cancel', 'debug-stop', 'Cancel', 'Cancel the running query', () => actions.cancel());
  const pin = button('pin', 'pin', 'Pin', 'Keep this panel: the next run opens a new one', () => actions.togglePin());
  const element = el('div', { class: 'results-toolbar', role: 'toolbar', 'aria-label': 'Query results' }, badge, elapsed, rows, fetchAll, spacer, status, copy, exportButton, rerun, cancel, pin);

  return {
    element,
    update(s) {
      const r = s.result;
      badge.hidden = !r;
      if (r) {
        badge.textContent = r.transport;
        badge.title = r.transportReason;
        badge.setAttribute('aria-label', `Transport: ${r.transport}. ${r.transportReason}`);
        badge.className = `badge transport-badge transport-${r.transport}`;
      }
      elapsed.textContent = r ? `${Math.round(r.ms).toLocaleString()} ms` : '';
      elapsed.title = r ? `${r.user}@${r.database} on ${s.target}${s.meta ? `, finished ${new Date(s.meta.finishedAt).toLocaleString()}` : ''}` : '';
      rows.textContent = s.active ? rowsSummary(s.active) : r ? `${r.results.length} ${r.results.length === 1 ? 'statement' : 'statements'}` : '';
      fetchAll.hidden = !(s.active?.truncated && s.meta?.canFetchAll);
      copy.disabled = !s.active;
      exportButton.disabled = !s.active;
      rerun.disabled = s.running;
      cancel.disabled = !s.running;
      cancel.hidden = !s.running;
      pin.setAttribute('aria-pressed', String(s.pinned));
      pin.classList.toggle('pressed', s.pinned);
      pin.title = s.pinned ? 'Pinned: the next run opens a new panel. Click to unpin.' : 'Keep this panel: the next run opens a new one';
      element.classList.toggle('running', s.running);
    },
    status(text, kind = 'info') {
      status.textContent = text;
      status.title = text;
      status.className = `toolbar-item status${kind === 'error' ? ' error' : ''}`;
    },
  };
}
