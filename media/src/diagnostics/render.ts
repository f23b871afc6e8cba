/** DOM for a diagnosis report: verdict, facts, summary, fix steps, one row per check. Text only. */
import type { CheckResult, CheckStatus, DiagnosisReport, SourceLocation, Verdict } from '../../../src/shared/diagnostics';
import { describeRootCause, describeTransport } from '../../../src/shared/diagnosisText';
import { el } from '../dom';

const VERDICT_ICON: Record<Verdict, string> = { ok: '✔', degraded: '⚠', down: '✖' };
const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'Every path to the database works.',
  degraded: 'The direct path is broken, but queries still work through docker exec.',
  down: 'No path to the database works.',
};
const STATUS_ICON: Record<CheckStatus, string> = { pass: '✔', warn: '⚠', fail: '✖', skip: '–' };

export interface ReportActions {
  open(location: SourceLocation): void;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function verdictBlock(r: DiagnosisReport): HTMLElement {
  return el(
    'div',
    { class: `verdict verdict-${r.verdict}`, 'data-verdict': r.verdict },
    el('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, VERDICT_ICON[r.verdict]),
    el('span', { class: 'verdict-word' }, r.verdict),
    el('span', { class: 'verdict-text' }, VERDICT_TEXT[r.verdict]),
  );
}

function facts(r: DiagnosisReport): HTMLElement {
  const rows: Array<[string, Node | string, string]> = [
    ['Root cause', el('span', {}, el('code', {}, r.rootCause), ` ${describeRootCause(r.rootCause)}`), 'root-cause'],
    ['Working transport', describeTransport(r.transport), 'transport'],
    ['Diagnosis took', `${r.ms.toLocaleString()} ms (started ${new Date(r.startedAt).toLocaleTimeString()})`, 'took'],
  ];
  const t = el('table', { class: 'kv facts' });
  for (const [k, v, cls] of rows) t.append(el('tr', { class: cls }, el('th', { scope: 'row' }, k), el('td', { 'data-transport': cls === 'transport' ? r.transport : '' }, v)));
  return t;
}

function locationLink(location: SourceLocation, actions: ReportActions): HTMLElement {
  const label = `${fileName(location.file)}:${location.line}`;
  const link = el('a', { href: '#', class: 'location', title: `Open ${location.file} at line ${location.line}` }, label);
  link.addEventListener('click', (e) => {
    e.preventDefault();
    actions.open(location);
  });
  return link;
}

function checkRow(c: CheckResult, actions: ReportActions): HTMLTableRowElement {
  const detail = el('td', { class: 'check-detail' }, c.detail);
  if (c.location) detail.append(' ', locationLink(c.location, actions));
  if (c.code) detail.append(' ', el('code', { class: 'check-code' }, c.code));
  if (c.fix) detail.append(el('div', { class: 'check-fix' }, el('span', { class: 'check-fix-label' }, 'Fix: '), c.fix));
  return el(
    'tr',
    { class: `check status-${c.status}`, 'data-check-id': c.id, 'data-status': c.status },
    el('td', { class: 'check-status', title: c.status }, el('span', { 'aria-hidden': 'true' }, STATUS_ICON[c.status]), el('span', { class: 'sr-only' }, c.status)),
    el('td', { class: 'check-title' }, c.title, el('div', { class: 'muted check-layer' }, c.layer)),
    el('td', { class: 'check-ms' }, `${c.ms.toLocaleString()} ms`),
    detail,
  );
}

function checksTable(r: DiagnosisReport, actions: ReportActions): HTMLTableElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'sr-only' }, 'Status')), ...['Check', 'Time', 'Detail and fix'].map((h) => el('th', { scope: 'col' }, h)));
  return el('table', { class: 'checks' }, el('thead', {}, head), el('tbody', {}, ...r.checks.map((c) => checkRow(c, actions))));
}

/** The whole report, as children of a fresh container. */
export function renderReport(r: DiagnosisReport, actions: ReportActions): HTMLElement {
  const body = el('div', { class: 'report' }, verdictBlock(r), facts(r), el('p', { class: 'summary' }, r.summary));
  if (r.fixSteps.length > 0) body.append(el('section', { class: 'fix-steps' }, el('h2', {}, 'Fix steps'), el('ol', {}, ...r.fixSteps.map((s) => el('li', {}, s)))));
  body.append(el('section', {}, el('h2', {}, `Checks (${r.checks.length})`), checksTable(r, actions)));
  return body;
}
