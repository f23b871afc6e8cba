/** The results panel's webview app (body data-app="results"): toolbar, a tab per result set, Messages. */
import type { TextFormat } from '../../../src/shared/grid/formats';
import type { QueryResult, StatementResult } from '../../../src/shared/results';
import type { ResultMeta } from '../../../src/shared/resultsProtocol';
import { makeSnapshot, type ResultSnapshot } from '../../../src/shared/resultsSnapshot';
import { clear, el } from '../dom';
import { onResultsHostMessage, request, sendReady, type Request } from './channel';
import { Grid } from './grid';
import { copyMenuItems } from './gridInput';
import { showMenu } from './menu';
import { errorLine, errorWhere, renderMessages } from './messages';
import { createTabs, type TabSpec, type Tabs } from './tabs';
import { createToolbar } from './toolbar';
import { loadView, saveView } from './viewState';

interface View {
  target: string;
  result: QueryResult | null;
  meta: ResultMeta | null;
  running: boolean;
  pinned: boolean;
  /** Result sets with columns, in tab order (the Messages tab comes last). */
  sets: StatementResult[];
  grids: Grid[];
  tabs: Tabs | null;
  /** Generation of the rendered result, so a re-run's tabs start fresh. */
  generation: number;
  snapshot: ResultSnapshot | null;
}

const EXPORT_FORMATS: Array<{ label: string; format: Exclude<TextFormat, 'tsv'> }> = [
  { label: 'Export as CSV…', format: 'csv' },
  { label: 'Export as JSON…', format: 'json' },
  { label: 'Export as Markdown…', format: 'markdown' },
];

export function startResults(root: HTMLElement): void {
  const view: View = { target: '', result: null, meta: null, running: false, pinned: false, sets: [], grids: [], tabs: null, generation: 0, snapshot: null };
  let seqShown = 0;
  /** Remembered before this webview was (re)loaded: applies to the same result only. */
  let saved = loadView();
  const remember = () => {
    if (view.tabs) saveView({ target: view.target, seq: seqShown, tab: view.tabs.active(), grids: view.grids.map((g) => g.viewState()), ...(view.snapshot ? { snapshot: view.snapshot } : {}) });
  };
  const activeGrid = (): Grid | undefined => (view.tabs ? view.grids[view.tabs.active()] : undefined);
  const toolbar = createToolbar({
    rerun: () => void send({ type: 'rerun' }, 'Re-run'),
    cancel: () => {
      toolbar.status('Cancelling…');
      void send({ type: 'cancel' }, 'Cancel');
    },
    fetchAll: () => void send({ type: 'fetchAll' }, 'Fetch All Rows'),
    togglePin: () => void send({ type: 'pin', pinned: !view.pinned }, 'Pin'),
    copyMenu: (anchor) => {
      const grid = activeGrid();
      const r = anchor.getBoundingClientRect();
      if (grid) showMenu(r.left, r.bottom + 2, 'Copy the selection', copyMenuItems(grid), anchor);
    },
    exportMenu: (anchor) => {
      const index = view.tabs?.active() ?? -1;
      if (index < 0 || index >= view.sets.length) return;
      const r = anchor.getBoundingClientRect();
      const items = EXPORT_FORMATS.map((f) => ({ label: f.label, run: () => void send({ type: 'export', index, format: f.format }, 'Export') }));
      showMenu(r.left, r.bottom + 2, 'Export the result set', items, anchor);
    },
  });
  const banner = el('div', { class: 'results-banner', hidden: '' });
  const content = el('div', { class: 'results-content' });
  clear(root);
  root.classList.add('results-root');
  root.removeAttribute('aria-live'); // the grid re-renders on scroll: announce only the status line
  root.append(toolbar.element, banner, content);

  /** Sends a request; the host's answer (or failure) goes to the status line. */
  async function send(req: Request, what: string): Promise<boolean> {
    const r = await request(req);
    if (!r.ok) toolbar.status(r.message ?? `${what} failed.`, 'error');
    else if (r.message) toolbar.status(r.message);
    return r.ok;
  }

  const reveal = () => void send({ type: 'revealError' }, 'Showing the error');

  const update = () => {
    const active = view.tabs ? view.sets[view.tabs.active()] ?? null : null;
    toolbar.update({ target: view.target, result: view.result, meta: view.meta, active, running: view.running, pinned: view.pinned });
    root.classList.toggle('running', view.running);
  };

  function renderBanner(result: QueryResult, meta: ResultMeta): void {
    clear(banner);
    const parts: HTMLElement[] = [];
    if (result.error) parts.push(el('div', { class: 'banner-error', role: 'alert' }, errorLine(result.error, meta.canRevealError ? reveal : undefined), el('span', { class: 'muted' }, errorWhere(result.error))));
    if (meta.restoredRowCap !== undefined) {
      parts.push(el('p', { class: 'banner-restored warning' }, `Restored after a window reload without running the query again: the first ${meta.restoredRowCap.toLocaleString()} rows of each result set were kept. Re-run for every row.`));
    }
    banner.append(...parts);
    banner.hidden = parts.length === 0;
  }

  function showResult(target: string, seq: number, result: QueryResult, meta: ResultMeta): void {
    const previousTab = view.tabs?.active() ?? 0;
    const previousCount = view.sets.length;
    const previousError = !!view.result?.error;
    Object.assign(view, { target, result, meta, running: false, pinned: meta.pinned, generation: view.generation + 1 });
    view.snapshot = makeSnapshot(target, seq, result, meta);
    view.sets = result.results.filter((r) => r.columns.length > 0);
    view.grids = view.sets.map(
      (set, i) =>
        new Grid({
          id: `g${view.generation}-${i}`,
          columns: set.columns,
          rows: set.rows,
          nullToken: meta.nullToken,
          copy: (text, what) =>
            void send({ type: 'copy', text }, 'Copy').then((ok) => {
              if (ok) toolbar.status(`Copied ${what}.`);
            }),
          status: (text, kind) => toolbar.status(text, kind),
          changed: remember,
        }),
    );
    const specs: TabSpec[] = view.sets.map((set, i) => ({
      label: view.sets.length === 1 ? 'Result' : `Result ${i + 1}`,
      detail: (set.rowCount ?? set.rows.length).toLocaleString(),
      panel: el('div', { class: 'grid-panel' }, view.grids[i].element),
    }));
    specs.push({ label: 'Messages', detail: result.error ? 'error' : '', className: result.error ? 'has-error' : '', panel: el('div', { class: 'messages-panel' }, renderMessages(result, meta.canRevealError ? reveal : undefined)) });
    // An error or no rows: Messages. A re-run of the same shape after a success keeps its tab; else the first result set.
    const messagesTab = specs.length - 1;
    const restore = saved && saved.target === target && saved.seq === seq && saved.grids.length === view.grids.length ? saved : null;
    saved = null;
    const initial = restore ? restore.tab : result.error || view.sets.length === 0 ? messagesTab : previousCount === view.sets.length && view.tabs && !previousError ? previousTab : 0;
    clear(content);
    view.tabs = null;
    seqShown = seq;
    renderBanner(result, meta);
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

  function showPlaceholder(text: string, kind: 'muted' | 'error'): void {
    if (view.result) return;
    clear(content);
    content.append(el('p', kind === 'error' ? { class: 'error placeholder', role: 'alert' } : { class: 'muted placeholder' }, text));
  }

  onResultsHostMessage((msg) => {
    switch (msg.type) {
      case 'result':
        showResult(msg.target, msg.seq, msg.result, msg.meta);
        break;
      case 'pinned':
        view.pinned = msg.pinned;
        if (view.meta) view.meta = { ...view.meta, pinned: msg.pinned };
        if (view.snapshot) view.snapshot = { ...view.snapshot, meta: { ...view.snapshot.meta, pinned: msg.pinned } };
        remember();
        update();
        break;
      case 'running':
        view.target = msg.target;
        view.running = true;
        toolbar.status(`Running on ${msg.target}…`);
        showPlaceholder(`Running on ${msg.target}…`, 'muted');
        update();
        break;
      case 'failed':
        view.target = msg.target;
        view.running = false;
        toolbar.status(msg.message, 'error');
        showPlaceholder(msg.message, 'error');
        update();
        break;
    }
  });

  window.addEventListener('resize', () => activeGrid()?.refresh());

  update();
  sendReady();
}
