/**
 * Zoom and pan of the view canvases (wheel, drag, buttons, + - 0 and arrow keys when focused) and the pixel under
 * the pointer, reported in image coordinates.
 */
export interface Viewport {
  reset(): void;
}

export function createViewport(frame: HTMLElement, stage: HTMLElement, onHover: (x: number, y: number, canvas: HTMLCanvasElement) => void): Viewport {
  let scale = 1;
  let dx = 0;
  let dy = 0;
  const apply = () => {
    stage.style.transform = `translate(${dx}px, ${dy}px) scale(${scale})`;
  };
  const zoom = (factor: number) => {
    scale = Math.min(32, Math.max(0.25, scale * factor));
    apply();
  };
  frame.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      zoom(event.deltaY < 0 ? 1.25 : 0.8);
    },
    { passive: false },
  );
  let drag: { x: number; y: number } | undefined;
  frame.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX - dx, y: event.clientY - dy };
    frame.setPointerCapture(event.pointerId);
  });
  frame.addEventListener('pointerup', () => (drag = undefined));
  frame.addEventListener('pointermove', (event) => {
    if (drag && event.buttons) {
      dx = event.clientX - drag.x;
      dy = event.clientY - drag.y;
      apply();
    }
    const target = document.elementFromPoint(event.clientX, event.clientY);
    if (!(target instanceof HTMLCanvasElement) || !stage.contains(target)) return;
    const rect = target.getBoundingClientRect();
    const x = Math.floor(((event.clientX - rect.left) / rect.width) * target.width);
    const y = Math.floor(((event.clientY - rect.top) / rect.height) * target.height);
    if (x >= 0 && y >= 0 && x < target.width && y < target.height) onHover(x, y, target);
  });
  frame.addEventListener('keydown', (event) => {
    const step = 40;
    const keys: Record<string, () => void> = {
      '+': () => zoom(1.25),
      '=': () => zoom(1.25),
      '-': () => zoom(0.8),
      '0': () => reset(),
      ArrowLeft: () => (dx += step),
      ArrowRight: () => (dx -= step),
      ArrowUp: () => (dy += step),
      ArrowDown: () => (dy -= step),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
    apply();
  });
  const reset = () => {
    scale = 1;
    dx = 0;
    dy = 0;
    apply();
  };
  return { reset };
}

export function wireZoomButtons(zoomIn: HTMLElement, zoomOut: HTMLElement, frame: HTMLElement): void {
  zoomIn.addEventListener('click', () => frame.dispatchEvent(new KeyboardEvent('keydown', { key: '+' })));
  zoomOut.addEventListener('click', () => frame.dispatchEvent(new KeyboardEvent('keydown', { key: '-' })));
}
