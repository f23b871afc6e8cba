/** A small popup menu (role=menu) for the grid's context menu and the toolbar's Copy/Export menus. Up/Down/Enter/Escape. */
import { el } from '../dom';

export interface MenuItem {
  label: string;
  /** Shown on the right, e.g. "Ctrl+C". */
  hint?: string;
  run(): void;
}

let open: { element: HTMLElement; close(): void } | null = null;

function closeMenu(): void {
  open?.close();
}

/** Shows `items` at (x, y) in the viewport; focus moves to the first item and back to `returnFocus` on close. */
export function showMenu(x: number, y: number, label: string, items: MenuItem[], returnFocus?: HTMLElement): HTMLElement {
  closeMenu();
  const buttons = items.map((item) =>
    el('button', { type: 'button', role: 'menuitem', class: 'menu-item', tabindex: '-1' }, el('span', { class: 'menu-label' }, item.label), el('span', { class: 'menu-hint' }, item.hint ?? '')),
  );
  const menu = el('div', { role: 'menu', class: 'menu', 'aria-label': label }, ...buttons);
  const close = () => {
    if (open?.element !== menu) return;
    open = null;
    menu.remove();
    window.removeEventListener('mousedown', outside, true);
    window.removeEventListener('blur', close);
    returnFocus?.focus();
  };
  const outside = (e: MouseEvent) => {
    if (!menu.contains(e.target as Node)) close();
  };
  buttons.forEach((b, i) =>
    b.addEventListener('click', () => {
      close();
      items[i].run();
    }),
  );
  menu.addEventListener('keydown', (e) => {
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowDown: (current + 1) % buttons.length, ArrowUp: (current - 1 + buttons.length) % buttons.length, Home: 0, End: buttons.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      buttons[moves[e.key]].focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
    }
  });
  document.body.append(menu);
  const { innerWidth, innerHeight } = window;
  const r = menu.getBoundingClientRect();
  menu.style.left = `${Math.max(0, Math.min(x, innerWidth - r.width - 2))}px`;
  menu.style.top = `${Math.max(0, Math.min(y, innerHeight - r.height - 2))}px`;
  open = { element: menu, close };
  window.addEventListener('mousedown', outside, true);
  window.addEventListener('blur', close);
  buttons[0]?.focus();
  return menu;
}
