/** The PASCAL VOC colour map (VOCdevkit's VOClabelcolormap): colour of index i from the bits of i, 256 entries. */
import type { Rgb } from '../core/types.js';

export function vocColor(index: number): Rgb {
  const color: Rgb = [0, 0, 0];
  for (let bit = 0, value = index; value > 0 && bit < 8; bit++, value >>= 3) {
    for (let channel = 0; channel < 3; channel++) color[channel] |= ((value >> channel) & 1) << (7 - bit);
  }
  return color;
}
