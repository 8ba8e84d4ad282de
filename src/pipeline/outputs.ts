/** The outputs a prediction can produce, their file endings and media types. */
export const OUTPUT_KINDS = ['labels', 'color', 'overlay', 'json', 'confidence', 'geojson', 'coco', 'instances'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
export const DEFAULT_OUTPUTS: readonly OutputKind[] = ['labels', 'color', 'overlay', 'json'];

export const OUTPUT_FORMATS: Readonly<Record<OutputKind, { extension: string; mime: string }>> = {
  labels: { extension: '.labels.png', mime: 'image/png' },
  color: { extension: '.color.png', mime: 'image/png' },
  overlay: { extension: '.overlay.jpg', mime: 'image/jpeg' },
  json: { extension: '.json', mime: 'application/json' },
  confidence: { extension: '.confidence.png', mime: 'image/png' },
  geojson: { extension: '.geojson', mime: 'application/geo+json' },
  coco: { extension: '.coco.json', mime: 'application/json' },
  instances: { extension: '.instances.png', mime: 'image/png' },
};

/** One encoded output of a prediction. */
export interface EncodedOutput {
  name: OutputKind;
  mime: string;
  /** Appended to a stem to name the output's file (e.g. `.labels.png`). */
  extension: string;
  bytes: Uint8Array;
}
