/**
 * A class key beside an overlay: a white panel to the right of the picture listing the classes present (colour
 * swatch, name, share of the image), largest share first when they do not all fit. Drawn as SVG and rendered by
 * libvips (text needs fontconfig fonts; without them librsvg draws boxes).
 */
import sharp from 'sharp';
import type { ClassInfo } from '../core/types.js';
import type { ClassStat } from './render.js';

export interface LegendPanel {
  svg: Buffer;
  width: number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u001f]/g, ' ');
}

export function legendPanel(classes: readonly ClassInfo[], stats: readonly ClassStat[], height: number): LegendPanel {
  const row = Math.max(12, Math.min(24, Math.floor(height / 12)));
  const fits = Math.max(1, Math.floor((height - row / 2) / row));
  let present = stats.filter((s) => s.pixels > 0).sort((a, b) => b.pixels - a.pixels || a.id - b.id);
  const hidden = present.length > fits ? present.length - (fits - 1) : 0;
  if (hidden) present = present.slice(0, fits - 1);
  present.sort((a, b) => a.id - b.id);
  const font = Math.round(row * 0.62);
  const longest = Math.max(8, ...present.map((s) => s.name.length + 8));
  const width = Math.min(360, Math.round(row * 1.6 + longest * font * 0.6));
  const colour = new Map(classes.map((c) => [c.id, c.color]));
  const lines = present.map((s, i) => {
    const [r, g, b] = colour.get(s.id) ?? [0, 0, 0];
    const y = Math.round(row / 2 + i * row);
    const label = `${escapeXml(s.name.slice(0, 40))} ${(100 * s.share).toFixed(1)} %`;
    return (
      `<rect x="${Math.round(row / 3)}" y="${y + 2}" width="${row - 4}" height="${row - 4}" fill="rgb(${r},${g},${b})" stroke="#444" stroke-width="1"/>` +
      `<text x="${Math.round(row * 1.4)}" y="${y + row - Math.round(row * 0.28)}" font-family="sans-serif" font-size="${font}" fill="#111">${label}</text>`
    );
  });
  if (hidden) {
    const y = Math.round(row / 2 + present.length * row);
    lines.push(`<text x="${Math.round(row / 3)}" y="${y + row - Math.round(row * 0.28)}" font-family="sans-serif" font-size="${font}" fill="#555">+${hidden} more classes</text>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>`;
  return { svg: Buffer.from(svg), width };
}

/** JPEG of an RGB picture with the legend panel to its right. */
export async function encodeJpegWithLegend(rgb: Uint8Array, width: number, height: number, panel: LegendPanel, quality = 85): Promise<Buffer> {
  const base = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .extend({ right: panel.width, background: { r: 255, g: 255, b: 255 } })
    .raw()
    .toBuffer();
  return sharp(base, { raw: { width: width + panel.width, height, channels: 3 } })
    .composite([{ input: panel.svg, left: width, top: 0 }])
    .jpeg({ quality, optimiseCoding: false })
    .toBuffer();
}
