/**
 * Odd input names every batch carries: dot-only stems that resolve to the output folder or its parent, a name that
 * collides with summary.json, newlines and control characters (which can forge stderr lines), and names whose
 * outputs exceed the 255-byte file-name limit (a 250-character name, a 300-character path in a sub-folder).
 */
export interface OddName {
  /** Relative to the batch's input folder. */
  name: string;
  /** Whether the file holds a corrupt image (so its name appears in an error line) instead of a valid one. */
  corrupt: boolean;
}

export const ODD_NAMES: OddName[] = [
  { name: '...png', corrupt: false },
  { name: '..png', corrupt: false },
  { name: 'summary.png', corrupt: false },
  { name: 'line\nerror: forged.png', corrupt: false },
  { name: 'line\nerror: forged [DECODE_FAILED].png', corrupt: true },
  { name: 'ctl\u0001\u001b[31mred\r.png', corrupt: true },
  { name: `${'n'.repeat(246)}.png`, corrupt: false },
  { name: `${'d'.repeat(59)}/${'p'.repeat(236)}.png`, corrupt: false },
];

/** Links planted in the output folder before a run: a write must replace them, never write through them. */
export const PLANTED_LINKS = [
  { name: 'summary.json', victim: 'victim-summary.txt' },
  { name: 'control-png.labels.png', victim: 'victim-labels.txt' },
  { name: 'control-jpeg.json', victim: 'victim-json.txt' },
];
