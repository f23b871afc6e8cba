/** The value viewer under the grid: one value whole (NULL marked as such), as text. Escape or Close hides it. */
import { el } from '../dom';

export class ValueViewer {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly value: HTMLElement;

  constructor(onClose: () => void) {
    this.title = el('span', { class: 'viewer-title' });
    this.value = el('pre', { class: 'viewer-value', tabindex: '0' });
    const close = el('button', { type: 'button', class: 'toolbar-button', title: 'Close the value viewer (Escape)' }, 'Close');
    close.addEventListener('click', onClose);
    this.element = el('section', { class: 'viewer', 'aria-label': 'Value viewer', hidden: '' }, el('div', { class: 'viewer-bar' }, this.title, close), this.value);
    this.element.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') onClose();
    });
  }

  get hidden(): boolean {
    return this.element.hidden;
  }

  /** Shows `value` under `column · row N`; returns whether the viewer was hidden before (the grid's height changes). */
  show(column: string, row: number, value: string | null): boolean {
    this.title.textContent = `${column} · row ${row}${value === null ? '' : ` · ${value.length.toLocaleString()} characters`}`;
    this.value.textContent = value === null ? 'NULL' : value;
    this.value.classList.toggle('null', value === null);
    const wasHidden = this.element.hidden;
    this.element.hidden = false;
    return wasHidden;
  }

  /** Returns whether it was visible. */
  hide(): boolean {
    if (this.element.hidden) return false;
    this.element.hidden = true;
    return true;
  }
}
