/** The toolbar: transport badge (tooltip: why), elapsed time, rows of the active tab, Re-run, Cancel, status. */
import type { QueryResult, StatementResult } from '../../../src/shared/results';
import { el } from '../dom';

export interface ToolbarState {
  target: string;
  result: QueryResult | null;
  /** The result set of the active tab, null on the Messages tab. */
  active: StatementResult | null;
  running: boolean;
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

export function createToolbar(actions: { rerun(): void; cancel(): void }): Toolbar {
  const badge = el('span', { class: 'badge transport-badge' });
  const elapsed = el('span', { class: 'toolbar-item elapsed' });
  const rows = el('span', { class: 'toolbar-item rows' });
  const spacer = el('span', { class: 'toolbar-spacer' });
  const status = el('span', { class: 'toolbar-item status', role: 'status', 'aria-live': 'polite' });
  const rerun = el('button', { type: 'button', class: 'toolbar-button rerun', title: 'Run the same SQL on this container again' }, 'Re-run');
  const cancel = el('button', { type: 'button', class: 'toolbar-button cancel', title: 'Cancel the running query' }, 'Cancel');
  rerun.addEventListener('click', () => actions.rerun());
  cancel.addEventListener('click', () => actions.cancel());
  const element = el('div', { class: 'results-toolbar', role: 'toolbar', 'aria-label': 'Query results' }, badge, elapsed, rows, spacer, status, rerun, cancel);

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
      elapsed.title = r ? `${r.user}@${r.database} on ${s.target}` : '';
      rows.textContent = s.active ? rowsSummary(s.active) : r ? `${r.results.length} ${r.results.length === 1 ? 'statement' : 'statements'}` : '';
      rerun.disabled = s.running;
      cancel.disabled = !s.running;
      element.classList.toggle('running', s.running);
    },
    status(text, kind = 'info') {
      status.textContent = text;
      status.className = `toolbar-item status${kind === 'error' ? ' error' : ''}`;
    },
  };
}
