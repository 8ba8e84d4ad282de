/** The class key: colour, name and pixel share of each class; isolate (show only it) or hide each one. */
import { make } from './dom.js';
import type { ClassShare } from './runners.js';

export interface LegendState {
  hidden: Set<number>;
  isolated?: number;
}

/** Classes drawn as the photo under this legend state. */
export function hiddenClasses(state: LegendState, classes: readonly ClassShare[]): Set<number> {
  if (state.isolated === undefined) return state.hidden;
  return new Set(classes.filter((c) => c.id !== state.isolated).map((c) => c.id));
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(2)} %`;
}

export function renderLegend(list: HTMLElement, classes: readonly ClassShare[], state: LegendState, changed: () => void): void {
  list.replaceChildren(
    ...classes.map((c) => {
      const swatch = make('span', { className: 'swatch' });
      swatch.style.background = `rgb(${c.color.join(',')})`;
      const isolate = make('button', { type: 'button', className: 'isolate', title: `Show only ${c.name}` }, [swatch, make('span', { className: 'name', textContent: c.name })]);
      isolate.dataset.classId = String(c.id);
      isolate.setAttribute('aria-pressed', String(state.isolated === c.id));
      isolate.addEventListener('click', () => {
        state.isolated = state.isolated === c.id ? undefined : c.id;
        changed();
      });
      const share = make('span', { className: 'share', textContent: formatShare(c.share) });
      share.dataset.share = String(c.share);
      const shown = make('input', { type: 'checkbox', checked: !state.hidden.has(c.id), className: 'shown' });
      shown.setAttribute('aria-label', `Show ${c.name}`);
      shown.addEventListener('change', () => {
        if (shown.checked) state.hidden.delete(c.id);
        else state.hidden.add(c.id);
        changed();
      });
      const row = make('li', { className: c.pixels ? 'present' : 'absent' }, [isolate, share, shown]);
      row.dataset.classId = String(c.id);
      return row;
    }),
  );
}
