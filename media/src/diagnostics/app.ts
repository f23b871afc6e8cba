/** The Diagnose Connection webview app (body data-app="diagnostics"): toolbar, progress, report. */
import type { DiagnosisReport, SourceLocation } from '../../../src/shared/diagnostics';
import { parseDiagnosticsHostMessage, type DiagnosticsHostMessage } from '../../../src/shared/diagnosticsProtocol';
import { clear, el } from '../dom';
import { createRequestChannel } from '../requestChannel';
import { renderReport } from './render';

type Request = { type: 'rerun' } | { type: 'copyMarkdown' } | { type: 'openLocation'; location: SourceLocation };

export function startDiagnostics(root: HTMLElement): void {
  const channel = createRequestChannel<DiagnosticsHostMessage, Request>(parseDiagnosticsHostMessage);
  const title = el('h1', {}, 'Diagnosis');
  const rerun = el('button', { type: 'button', class: 'toolbar-button rerun', title: 'Diagnose this container again' }, 'Re-run');
  const copy = el('button', { type: 'button', class: 'toolbar-button copy-markdown', title: 'Copy the report as Markdown for a bug report (no passwords)' }, 'Copy as Markdown');
  const status = el('span', { class: 'status-line', role: 'status' });
  const progress = el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Diagnosing', hidden: '' }, el('div', { class: 'progress-bit' }));
  const content = el('div', { class: 'diagnosis-content' });
  let report: DiagnosisReport | null = null;
  clear(root);
  root.classList.add('diagnostics-root');
  root.append(el('header', { class: 'diagnosis-toolbar' }, title, rerun, copy, status), progress, content);

  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    status.textContent = text;
    status.classList.toggle('error', kind === 'error');
  };
  const setRunning = (running: boolean) => {
    root.classList.toggle('running', running);
    progress.hidden = !running;
    rerun.disabled = running;
    copy.disabled = running || !report;
  };

  async function send(req: Request, what: string, done?: string): Promise<void> {
    const r = await channel.request(req);
    if (!r.ok) say(r.message ?? `${what} failed.`, 'error');
    else if (done) say(done);
  }
  rerun.addEventListener('click', () => void send({ type: 'rerun' }, 'Re-run'));
  copy.addEventListener('click', () => void send({ type: 'copyMarkdown' }, 'Copy', 'Copied the report as Markdown.'));
  const actions = { open: (location: SourceLocation) => void send({ type: 'openLocation', location }, 'Opening the file') };

  channel.listen((msg) => {
    switch (msg.type) {
      case 'report':
        report = msg.report;
        title.textContent = `Diagnosis: ${msg.report.container}`;
        clear(content);
        content.append(renderReport(msg.report, actions));
        content.dataset.seq = String(msg.seq);
        say('');
        setRunning(false);
        break;
      case 'running':
        title.textContent = `Diagnosis: ${msg.container}`;
        say(`Diagnosing ${msg.container}…`);
        if (!report) {
          clear(content);
          content.append(el('p', { class: 'muted placeholder' }, `Checking every layer between VS Code and the database in ${msg.container}…`));
        }
        setRunning(true);
        break;
      case 'failed':
        say(msg.message, 'error');
        if (!report) {
          clear(content);
          content.append(el('p', { class: 'error placeholder', role: 'alert' }, msg.message));
        }
        setRunning(false);
        break;
    }
  });
  setRunning(false);
  channel.ready();
}
