/**
 * Calibration: the reliability diagram (accuracy of each confidence bin against the diagonal of perfect calibration)
 * and, below it, how many pixels fall in each bin.
 */
import type { CalibrationResult } from '../../metrics/index.js';
import { int, pct } from './format.js';

const SIZE = 300;
const LEFT = 44;
const TOP = 12;
const COUNT_HEIGHT = 70;

function axes(): string {
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1]
    .map((t) => {
      const x = LEFT + t * SIZE;
      const y = TOP + SIZE - t * SIZE;
      return `<line x1="${LEFT}" y1="${y}" x2="${LEFT + SIZE}" y2="${y}" stroke="#eef0f4"/><text x="${LEFT - 5}" y="${y + 4}" text-anchor="end" fill="#5b6475">${t.toFixed(1)}</text>` +
        `<text x="${x}" y="${TOP + SIZE + COUNT_HEIGHT + 26}" text-anchor="middle" fill="#5b6475">${t.toFixed(1)}</text>`;
    })
    .join('');
  return `${ticks}<rect x="${LEFT}" y="${TOP}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#b8bfcc"/>`;
}

export function reliabilityChart(calibration: CalibrationResult): string {
  const maxPixels = Math.max(1, ...calibration.bins.map((b) => b.pixels));
  const parts = [axes()];
  const countTop = TOP + SIZE + 12;
  for (const bin of calibration.bins) {
    const x = LEFT + bin.lower * SIZE;
    const w = (bin.upper - bin.lower) * SIZE;
    const share = bin.pixels / Math.max(1, calibration.pixels);
    const h = (bin.pixels / maxPixels) * COUNT_HEIGHT;
    parts.push(`<rect x="${x + 0.5}" y="${countTop + COUNT_HEIGHT - h}" width="${w - 1}" height="${h}" fill="#9aa6bd"><title>confidence ${bin.lower.toFixed(2)}–${bin.upper.toFixed(2)}: ${int(bin.pixels)} px (${pct(share, 1)} %)</title></rect>`);
    if (bin.pixels === 0 || Number.isNaN(bin.accuracy)) continue;
    const top = TOP + SIZE - bin.accuracy * SIZE;
    const ideal = TOP + SIZE - bin.confidence * SIZE;
    parts.push(`<rect x="${x + 0.5}" y="${top}" width="${w - 1}" height="${TOP + SIZE - top}" fill="#2455c3" fill-opacity=".8"><title>confidence ${bin.lower.toFixed(2)}–${bin.upper.toFixed(2)}: accuracy ${pct(bin.accuracy, 1)} %, mean confidence ${pct(bin.confidence, 1)} %, ${int(bin.pixels)} px</title></rect>`);
    parts.push(`<rect x="${x + 0.5}" y="${Math.min(top, ideal)}" width="${w - 1}" height="${Math.abs(top - ideal)}" fill="#d0312d" fill-opacity=".35"/>`);
  }
  parts.push(`<line x1="${LEFT}" y1="${TOP + SIZE}" x2="${LEFT + SIZE}" y2="${TOP}" stroke="#111" stroke-dasharray="5 4"/>`);
  parts.push(`<text transform="translate(12 ${TOP + SIZE / 2}) rotate(-90)" text-anchor="middle">accuracy</text>`);
  parts.push(`<text x="${LEFT - 5}" y="${countTop + 10}" text-anchor="end" fill="#5b6475">pixels</text>`);
  parts.push(`<text x="${LEFT + SIZE / 2}" y="${TOP + SIZE + COUNT_HEIGHT + 42}" text-anchor="middle">confidence of the predicted class</text>`);
  const width = LEFT + SIZE + 16;
  const height = TOP + SIZE + COUNT_HEIGHT + 50;
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="reliability diagram" class="chart-reliability">${parts.join('')}</svg>`;
}

function binTable(c: CalibrationResult): string {
  const rows = c.bins
    .filter((b) => b.pixels > 0)
    .map((b) => `<tr><td>${b.lower.toFixed(2)}–${b.upper.toFixed(2)}</td><td>${int(b.pixels)}</td><td>${pct(b.pixels / c.pixels, 1)}</td><td>${pct(b.confidence, 1)}</td><td>${pct(b.accuracy, 1)}</td><td>${pct(b.accuracy - b.confidence, 1)}</td></tr>`);
  return `<table><thead><tr><th>confidence bin</th><th>pixels</th><th>share %</th><th>confidence %</th><th>accuracy %</th><th>acc − conf</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function calibrationSummary(c: CalibrationResult): string {
  return `<p>ECE <b>${pct(c.ece)} %</b> · MCE <b>${pct(c.mce)} %</b> · mean confidence ${pct(c.confidence)} % vs accuracy ${pct(c.accuracy)} % over ${int(c.pixels)} pixels in ${c.bins.length} equal-width bins.</p>
${binTable(c)}
<p class="muted">Blue bars: the share of correct pixels in each confidence bin. Dashed line: perfect calibration (accuracy = confidence). Red: the gap between the bin's accuracy and its mean confidence; bars below the line mean over-confidence. Grey bars: pixels per bin.</p>`;
}
