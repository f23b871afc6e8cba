/** The container details view: summary, health checks, environment (secrets masked), networks, mounts. */
import type { ContainerDetails } from '../../src/shared/details';
import { clear, el } from './dom';
import { vscode } from './vscodeApi';

/** "24/11/2026, 14:57:40 (3 minutes ago)" from Docker's nanosecond ISO timestamps. */
export function formatTime(iso: string | null): string {
  if (!iso) return '-';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = Math.round((Date.now() - t) / 1000);
  const rel =
    seconds < 60 ? `${seconds} s ago` : seconds < 3600 ? `${Math.round(seconds / 60)} min ago` : seconds < 86400 ? `${Math.round(seconds / 3600)} h ago` : `${Math.round(seconds / 86400)} days ago`;
  return `${new Date(t).toLocaleString()} (${rel})`;
}

function table(rows: Array<[string, string]>): HTMLTableElement {
  const t = el('table', { class: 'kv' });
  for (const [k, v] of rows) t.append(el('tr', {}, el('th', { scope: 'row' }, k), el('td', {}, v)));
  return t;
}

function section(title: string, ...content: Node[]): HTMLElement {
  return el('section', {}, el('h2', {}, title), ...content);
}

export function renderDetails(root: HTMLElement, d: ContainerDetails): void {
  clear(root);
  const s = d.summary;
  const refresh = el('button', { type: 'button', class: 'toolbar-button', title: 'Refresh' }, 'Refresh');
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  const copyId = el('button', { type: 'button', class: 'toolbar-button', title: 'Copy container ID' }, 'Copy ID');
  copyId.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: s.id }));
  root.append(
    el('header', {}, el('h1', {}, s.name), el('span', { class: `badge health-${s.health}` }, s.health === 'none' ? s.state : s.health), refresh, copyId),
    section(
      'Container',
      table([
        ['Image', s.image],
        ['Engine', s.engine ?? 'not a recognised database'],
        ['State', s.state + (s.exitCode !== null ? ` (exit code ${s.exitCode})` : '')],
        ['Status', s.status],
        ['Started', formatTime(d.startedAt)],
        ['Restarts', String(d.restartCount)],
        ['Compose', s.composeProject ? `${s.composeProject} / ${s.composeService ?? '?'}` : '-'],
        ['Command', d.command.join(' ') || '-'],
        ['ID', s.id],
      ]),
    ),
    section(
      'Ports',
      s.ports.length === 0
        ? el('p', { class: 'muted' }, 'No published ports.')
        : table(s.ports.map((p) => [`${p.containerPort}/${p.protocol}`, `${p.hostIp}:${p.hostPort}`])),
    ),
  );
  if (d.healthCheck) {
    const log = el('ol', { class: 'health-log' });
    for (const run of d.healthLog) {
      log.append(el('li', {}, el('span', { class: run.exitCode === 0 ? 'ok' : 'fail' }, `exit ${run.exitCode}`), ` ${formatTime(run.start)}`, el('pre', {}, run.output)));
    }
    root.append(section('Health check', table([['Test', d.healthCheck.test.join(' ')], ['Interval', d.healthCheck.intervalMs !== null ? `${d.healthCheck.intervalMs} ms` : 'default']]), log));
  }
  root.append(
    section('Environment', d.environment.length ? el('pre', { class: 'env' }, d.environment.join('\n')) : el('p', { class: 'muted' }, 'None.')),
    section('Networks', d.networks.length ? table(d.networks.map((n) => [n.name, `${n.ipAddress || '-'}${n.aliases.length ? ` (${n.aliases.join(', ')})` : ''}`])) : el('p', { class: 'muted' }, 'None.')),
    section('Mounts', d.mounts.length ? table(d.mounts.map((m) => [m.destination, `${m.type} ${m.source}${m.readOnly ? ' (read-only)' : ''}`])) : el('p', { class: 'muted' }, 'None.')),
  );
}
