/**
 * Typed arrays -> the text of a JSON array's elements ("0,1,2"), written as ASCII bytes without a string per element:
 * a 2-megapixel label map takes milliseconds instead of the ~0.4 s of `labels.join(',')` (and confidence ~1.7 s).
 * Integers print as themselves. A float32 in (0, 1) prints with 9 significant digits, enough for it to parse back
 * to the same float32; other floats print as String() does (the exact double, which parses back exactly too).
 */

/** Decimal digits of a whole number below 2^31 (labels, 9-digit mantissas): integer arithmetic only. */
function digits(out: Uint8Array, at: number, value: number): number {
  if (value < 10) {
    out[at] = 48 + value;
    return at + 1;
  }
  const end = at + (value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : value < 100000 ? 5 : value < 1e6 ? 6 : value < 1e7 ? 7 : value < 1e8 ? 8 : value < 1e9 ? 9 : 10);
  for (let i = end - 1, v = value; i >= at; i--) {
    const q = (v / 10) | 0;
    out[i] = 48 + v - q * 10;
    v = q;
  }
  return end;
}

/** 0 < v < 1: "0." + leading zeros + up to 9 significant digits (trailing zeros dropped); "1" when it rounds up. */
function unitFraction(out: Uint8Array, at: number, v: number): number {
  let zeros = 0;
  let scaled = v * 1e9;
  while (scaled < 1e8) {
    scaled *= 10;
    zeros++;
  }
  let d = Math.round(scaled) | 0;
  if (d === 1e9) {
    d = 1e8;
    zeros--;
  }
  if (zeros < 0) {
    out[at] = 49;
    return at + 1;
  }
  out[at++] = 48;
  out[at++] = 46;
  for (let z = 0; z < zeros; z++) out[at++] = 48;
  while (d % 10 === 0) d = (d / 10) | 0;
  return digits(out, at, d);
}

const ascii = new TextEncoder();

/** ASCII bytes of the values separated by commas (no brackets). Floats must be finite. */
export function jsonNumbers(values: Uint8Array | Uint16Array | Float32Array): Uint8Array {
  const float = values instanceof Float32Array;
  // Widest element: 5 digits (UINT16), or "0." + 6 zeros + 9 digits for floats in (1e-6, 1); others are measured.
  let out: Uint8Array = new Uint8Array(values.length * (float ? 18 : 6));
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out[at++] = 44;
    const v = values[i];
    if (!float) {
      at = digits(out, at, v);
    } else if (v === 0) {
      out[at++] = 48;
    } else if (v > 1e-6 && v < 1) {
      at = unitFraction(out, at, v);
    } else {
      const text = ascii.encode(String(v));
      if (at + text.length + (values.length - i) * 18 > out.length) out = grow(out, at + text.length + (values.length - i) * 18);
      out.set(text, at);
      at += text.length;
    }
  }
  return out.subarray(0, at);
}

function grow(out: Uint8Array, size: number): Uint8Array {
  const bigger = new Uint8Array(size);
  bigger.set(out);
  return bigger;
}
