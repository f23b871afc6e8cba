/** The results panel's webview app (body data-app="results"): toolbar, a tab per result set, Messages. */
import type { QueryResult, StatementResult } from '../../../src/shared/results';
import { clear, el } from '../dom';
import { onResultsHostMessage, request, sendReady } from './channel';
import { Grid } from './grid';
import { renderMessages } from './messages';
import { createTabs, type TabSpec, type Tabs } from './tabs';
import { createToolbar } from './toolbar';
import { loadView, saveView } from './viewState';

interface View {
  target: string;
  result: QueryResult | null;
  running: boolean;
  /** Result sets with columns, in tab order (the Messages tab comes last). */
  sets: StatementResult[];
  grids: Grid[];
  tabs: Tabs | null;
  /** Generation of the rendered result, so a re-run's tabs start fresh. */
  generation: number;
}

export function startResults(root: HTMLElement): void {
  const view: View = { target: '', result: null, running: false, sets: [], grids: [], tabs: null, generation: 0 };
  let seqShown = 0;
  /** Remembered before this webview was (re)loaded: applies to the same result only. */
  let saved = loadView();
  const remember = () => {
    if (view.tabs) saveView({ target: view.target, seq: seqShown, tab: view.tabs.active(), grids: view.grids.map((g) => g.viewState()) });
  };
  const toolbar = createToolbar({
    rerun: () => void send({ type: 'rerun' }, 'Re-run'),
    cancel: () => {
      toolbar.status('Cancelling…');
      void send({ type: 'cancel' }, 'Cancel');
    },
  });
  const content = el('div', { class: 'results-content' });
  clear(root);
  root.classList.add('results-root');
  root.removeAttribute('aria-live'); // the grid re-renders on scroll: announce only the status line
  root.append(toolbar.element, content);

  async function send(req: { type: 'rerun' } | { type: 'cancel' } | { type: 'copy'; text: string }, what: string): Promise<boolean> {
    const r = await request(req);
    if (!r.ok) toolbar.status(r.message ?? `${what} failed.`, 'error');
    return r.ok;
  }

  const update = () => {
    const active = view.tabs ? view.sets[view.tabs.active()] ?? null : null;
    toolbar.update({ target: view.target, result: view.result, active, running: view.running });
    root.classList.toggle('running', view.running);
  };

  function showResult(target: string, seq: number, result: QueryResult): void {
    const previousTab = view.tabs?.active() ?? 0;
    const previousCount = view.sets.length;
    view.target = target;
    view.result = result;
    view.running = false;
    view.generation++;
    view.sets = result.results.filter((r) => r.columns.length > 0);
    view.grids = view.sets.map(
      (set, i) =>
        new Grid({
          id: `g${view.generation}-${i}`,
          columns: set.columns,
          rows: set.rows,
          copy: (text, what) =>
            void send({ type: 'copy', text }, 'Copy').then((ok) => {
              if (ok) toolbar.status(`Copied ${what}.`);
            }),
          changed: remember,
        }),
    );
    const specs: TabSpec[] = view.sets.map((set, i) => ({
      label: view.sets.length === 1 ? 'Result' : `Result ${i + 1}`,
      detail: (set.rowCount ?? set.rows.length).toLocaleString(),
      panel: el('div', { class: 'grid-panel' }, view.grids[i].element),
    }));
    specs.push({ label: 'Messages', detail: result.error ? 'error' : '', className: result.error ? 'has-error' : '', panel: el('div', { class: 'messages-panel' }, renderMessages(result)) });
    // An error or no rows: Messages. A re-run of the same shape keeps its tab; else the first result set.
    const messagesTab = specs.length - 1;
    const restore = saved && saved.target === target && saved.seq === seq && saved.grids.length === view.grids.length ? saved : null;
    saved = null;
    const initial = restore ? restore.tab : result.error || view.sets.length === 0 ? messagesTab : previousCount === view.sets.length && view.tabs ? previousTab : 0;
    clear(content);
    view.tabs = null;
    seqShown = seq;
    const tabs = createTabs(`t${view.generation}`, specs, initial, (index) => {
      update();
      view.grids[index]?.refresh();
      remember();
    });
    view.tabs = tabs;
    content.append(tabs.element);
    content.dataset.seq = String(seq);
    view.grids[tabs.active()]?.refresh();
    if (restore) view.grids.forEach((g, i) => g.restore(restore.grids[i]));
    remember();
    toolbar.status(result.error ? `Error${result.error.code ? ` ${result.error.code}` : ''}: see Messages.` : '', result.error ? 'error' : 'info');
    update();
  }

  onResultsHostMessage((msg) => {
    switch (msg.type) {
      case 'result':
        showResult(msg.target, msg.seq, msg.result);
        break;
      case 'running':
        view.target = msg.target;
        view.running = true;
        toolbar.status(`Running on ${msg.target}…`);
        if (!view.result) {
          clear(content);
          content.append(el('p', { class: 'muted placeholder' }, `Running on ${msg.target}…`));
        }
        update();
        break;
      case 'failed':
        view.target = msg.target;
        view.running = false;
        toolbar.status(msg.message, 'error');
        if (!view.result) {
          clear(content);
          content.append(el('p', { class: 'error placeholder', role: 'alert' }, msg.message));
        }
        update();
        break;
    }
  });

  window.addEventListener('resize', () => {
    const i = view.tabs?.active() ?? -1;
    view.grids[i]?.refresh();
  });

  update();
  sendReady();
}
