/** The outputs a prediction can produce, their file endings and media types. */
export const OUTPUT_KINDS = ['labels', 'color', 'overlay', 'json', 'confidence', 'geotiff', 'areas', 'geojson', 'coco', 'instances'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];
export const DEFAULT_OUTPUTS: readonly OutputKind[] = ['labels', 'color', 'overlay', 'json'];

export const OUTPUT_FORMATS: Readonly<Record<OutputKind, { extension: string; mime: string }>> = {
  labels: { extension: '.labels.png', mime: 'image/png' },
  color: { extension: '.color.png', mime: 'image/png' },
  overlay: { extension: '.overlay.jpg', mime: 'image/jpeg' },
  json: { extension: '.json', mime: 'application/json' },
  confidence: { extension: '.confidence.png', mime: 'image/png' },
  geotiff: { extension: '.tif', mime: 'image/tiff' },
  areas: { extension: '.areas.csv', mime: 'text/csv' },
  geojson: { extension: '.geojson', mime: 'application/geo+json' },
  coco: { extension: '.coco.json', mime: 'application/json' },
  instances: { extension: '.instances.png', mime: 'image/png' },
};

/** The GeoTIFF's GDAL sidecar with its class names (written next to it with the geotiff output). */
export const GEOTIFF_AUX = { extension: '.tif.aux.xml', mime: 'application/xml' } as const;

/** One encoded output of a prediction. */
export interface EncodedOutput {
  name: OutputKind;
  mime: string;
  /** Appended to a stem to name the output's file (e.g. `.labels.png`). */
  extension: string;
  bytes: Uint8Array;
}
