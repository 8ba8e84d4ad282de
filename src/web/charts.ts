/** Canvas charts of the monitor view: lines over time, paired bars. No library, no other origin. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf'];

export interface Series {
  name: string;
  values: number[];
}

function frame(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d')!;
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.font = '12px system-ui, sans-serif';
  context.strokeStyle = '#ccc';
  context.strokeRect(40, 10, canvas.width - 50, canvas.height - 30);
  return context;
}

export function lineChart(canvas: HTMLCanvasElement, series: Series[], unit = ''): void {
  const context = frame(canvas);
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const max = Math.max(1e-9, ...all);
  const w = canvas.width - 50;
  const h = canvas.height - 30;
  context.fillStyle = '#333';
  context.fillText(`${+max.toPrecision(3)}${unit}`, 2, 18);
  context.fillText(`0${unit}`, 2, 10 + h);
  series.forEach((s, k) => {
    context.strokeStyle = PALETTE[k % PALETTE.length];
    context.beginPath();
    s.values.forEach((v, i) => {
      const x = 40 + (s.values.length > 1 ? (i / (s.values.length - 1)) * w : 0);
      const y = 10 + h - (Number.isFinite(v) ? (v / max) * h : 0);
      if (i === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
    context.fillStyle = PALETTE[k % PALETTE.length];
    context.fillText(s.name, 50 + k * 110, canvas.height - 4);
  });
  canvas.dataset.points = String(Math.max(0, ...series.map((s) => s.values.length)));
}

export function barChart(canvas: HTMLCanvasElement, labels: string[], a: number[], b: number[], names: [string, string]): void {
  const context = frame(canvas);
  const max = Math.max(1e-9, ...a, ...b);
  const w = canvas.width - 50;
  const h = canvas.height - 45;
  const step = w / Math.max(1, labels.length);
  labels.forEach((label, i) => {
    const x = 40 + i * step;
    context.fillStyle = PALETTE[0];
    context.fillRect(x + 2, 10 + h - (a[i] / max) * h, step / 2 - 3, (a[i] / max) * h);
    context.fillStyle = PALETTE[1];
    context.fillRect(x + step / 2, 10 + h - (b[i] / max) * h, step / 2 - 3, (b[i] / max) * h);
    context.fillStyle = '#333';
    context.fillText(label.slice(0, 8), x, canvas.height - 20);
  });
  context.fillStyle = PALETTE[0];
  context.fillText(names[0], 50, canvas.height - 4);
  context.fillStyle = PALETTE[1];
  context.fillText(names[1], 160, canvas.height - 4);
  canvas.dataset.points = String(labels.length);
}
