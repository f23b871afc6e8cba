/** A codicon (the icon font shipped under media/codicons): an empty, aria-hidden span. */
import { el } from '../dom';

export function codicon(name: string): HTMLElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}
