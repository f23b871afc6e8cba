/** A tab strip (role=tablist) over panels (role=tabpanel); Left/Right/Home/End move between tabs. */
import { el } from '../dom';

export interface TabSpec {
  label: string;
  /** Extra text after the label, e.g. the row count. */
  detail?: string;
  className?: string;
  panel: HTMLElement;
}

export interface Tabs {
  element: HTMLElement;
  active(): number;
  activate(index: number, focus: boolean): void;
}

export function createTabs(id: string, specs: TabSpec[], initial: number, onChange: (index: number) => void): Tabs {
  const list = el('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Result sets and messages' });
  const panels = el('div', { class: 'tab-panels' });
  let current = -1;
  const buttons = specs.map((s, i) => {
    const b = el('button', { type: 'button', role: 'tab', id: `${id}-tab-${i}`, 'aria-controls': `${id}-panel-${i}`, class: `tab${s.className ? ` ${s.className}` : ''}`, tabindex: '-1', 'aria-selected': 'false' }, el('span', { class: 'tab-label' }, s.label));
    if (s.detail) b.append(el('span', { class: 'tab-detail' }, s.detail));
    b.addEventListener('click', () => activate(i, false));
    s.panel.setAttribute('role', 'tabpanel');
    s.panel.id = `${id}-panel-${i}`;
    s.panel.setAttribute('aria-labelledby', b.id);
    s.panel.classList.add('tab-panel');
    s.panel.hidden = true;
    list.append(b);
    panels.append(s.panel);
    return b;
  });
  list.addEventListener('keydown', (e) => {
    const n = buttons.length;
    const moves: Record<string, number> = { ArrowRight: (current + 1) % n, ArrowLeft: (current - 1 + n) % n, Home: 0, End: n - 1 };
    if (e.key in moves) {
      e.preventDefault();
      activate(moves[e.key], true);
    }
  });
  function activate(index: number, focus: boolean): void {
    if (index < 0 || index >= specs.length) return;
    current = index;
    buttons.forEach((b, i) => {
      const on = i === index;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      specs[i].panel.hidden = !on;
    });
    if (focus) buttons[index].focus();
    onChange(index);
  }
  activate(Math.min(Math.max(initial, 0), specs.length - 1), false);
  return { element: el('div', { class: 'tabs-wrap' }, list, panels), active: () => current, activate };
}
