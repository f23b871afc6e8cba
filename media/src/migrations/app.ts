/** The migrations panel's webview app (body data-app="migrations"): header with Refresh, then the report. */
import { parseMigrationsHostMessage, type MigrationsHostMessage } from '../../../src/shared/migrationsProtocol';
import type { MigrationReport } from '../../../src/shared/migrations';
import { clear, el } from '../dom';
import { createRequestChannel } from '../requestChannel';
import { renderReport, type OpenTarget } from './render';

type Request = { type: 'refresh' } | ({ type: 'open' } & OpenTarget);

export function startMigrations(root: HTMLElement): void {
  const title = el('h1', {}, 'Migrations');
  const meta = el('span', { class: 'muted meta' });
  const refresh = el('button', { type: 'button', class: 'toolbar-button', title: 'Read the migration status again' }, 'Refresh');
  const status = el('p', { class: 'status-line', role: 'status' });
  const content = el('div', { class: 'content' });
  let report: MigrationReport | null = null;
  clear(root);
  root.append(el('header', {}, title, meta, refresh), status, content);

  const say = (text: string, kind: 'info' | 'error' = 'info'): void => {
    status.textContent = text;
    status.className = `status-line ${kind === 'error' ? 'error' : 'muted'}`;
  };

  const channel = createRequestChannel<MigrationsHostMessage, Request>(parseMigrationsHostMessage);
  channel.listen((msg) => {
    title.textContent = `Migrations: ${msg.container}`;
    switch (msg.type) {
      case 'loading':
        say('Reading the migration status…');
        root.classList.add('loading');
        if (!report) clear(content);
        break;
      case 'report':
        report = msg.report;
        root.classList.remove('loading');
        meta.textContent = `${msg.report.database}${msg.report.transport ? ` · via ${msg.report.transport}` : ''} · ${msg.report.ms} ms`;
        say('');
        clear(content);
        content.dataset.seq = String(msg.seq);
        content.append(renderReport(msg.report, open));
        break;
      case 'error':
        root.classList.remove('loading');
        say(msg.message, 'error');
        if (!report) clear(content);
        break;
    }
  });

  function open(target: OpenTarget): void {
    void channel.request({ type: 'open', ...target }).then((r) => {
      if (!r.ok) say(r.message ?? 'Could not open the file.', 'error');
    });
  }

  refresh.addEventListener('click', () => {
    say('Reading the migration status…');
    void channel.request({ type: 'refresh' }).then((r) => {
      if (!r.ok) say(r.message ?? 'Refresh failed.', 'error');
    });
  });

  channel.ready();
}
