/** Webview entry: waits for the host, then renders what it sends. Browser code only. */
import { clear, el } from './dom';
import { renderDetails } from './details';
import { startResults } from './results/app';
import { startMigrations } from './migrations/app';
import { startDiagnostics } from './diagnostics/app';
import { onHostMessage, vscode } from './vscodeApi';

const root = document.getElementById('app') as HTMLElement;

if (document.body.dataset.app === 'results') {
  startResults(root);
} else if (document.body.dataset.app === 'migrations') {
  startMigrations(root);
} else if (document.body.dataset.app === 'diagnostics') {
  startDiagnostics(root);
} else {
  onHostMessage((message) => {
    switch (message.type) {
      case 'loading':
        if (!root.firstChild) root.append(el('p', { class: 'muted' }, 'Loading…'));
        break;
      case 'details':
        renderDetails(root, message.details);
        break;
      case 'error':
        clear(root);
        root.append(el('p', { class: 'error', role: 'alert' }, message.message));
        break;
    }
  });

  vscode.postMessage({ type: 'ready' });
}
