/** A LabelMap (and the image it came from) -> the requested outputs as bytes, in the order asked for. */
import type { LabelMap, RasterImage } from '../core/types.js';
import { firstLine, SemsegError } from '../core/errors.js';
import { compressLabels, encodeColorPng, encodeJpeg, encodeLabelPng, encodePng } from '../formats/encode.js';
import { confidenceToGrey, overlayClasses, type ClassStat } from '../formats/render.js';
import { toDisplayImage } from '../formats/display.js';
import { encodeJpegWithLegend, legendPanel } from '../formats/legend.js';
import { encodePredictionJson, type PredictionJson } from '../formats/prediction-json.js';
import { GEOTIFF_AUX, OUTPUT_FORMATS, type EncodedOutput, type OutputKind } from './outputs.js';
import { encodeCategoryAux, encodeLabelGeoTiff } from '../geo/geotiff-write.js';
import { encodeAreasCsv } from '../geo/area-report.js';
import { encodeSingleChannelPng } from '../formats/png.js';
import { encodeGeojson } from '../vectors/geojson.js';
import type { VectorOptions } from '../vectors/types.js';
import { encodeCocoJson } from '../instances/coco-json.js';
import { findInstances } from '../instances/instances.js';
import { instanceIdsUint16 } from '../instances/instance-raster.js';

/** Most pixels per side a JPEG can hold (libjpeg's limit); the overlay is a JPEG. */
export const JPEG_MAX_SIDE = 65500;

/** Refuses, before any inference, outputs the image is too large for. */
export function checkOutputSize(width: number, height: number, outputs: readonly OutputKind[]): void {
  if (outputs.includes('overlay') && Math.max(width, height) > JPEG_MAX_SIDE) {
    throw new SemsegError(
      'IMAGE_TOO_LARGE',
      `Expected at most ${JPEG_MAX_SIDE} pixels per side for the JPEG overlay but received ${width}x${height} (leave the overlay out: --outputs labels,color,json)`,
    );
  }
}

/** An encoder's failure as a coded error of this item. */
function encodeFailure(kind: OutputKind, error: unknown): SemsegError {
  if (error instanceof SemsegError) return error;
  const first = firstLine(error instanceof Error ? error.message : String(error), 200);
  return new SemsegError('OUTPUT_FAILED', `Expected to encode the ${kind} output but the encoder answered: ${first}`, { cause: error });
}

export interface EncodeOptions {
  outputs: readonly OutputKind[];
  opacity: number;
  legend: boolean;
  transparent: ReadonlySet<number>;
  /** GeoTIFF output with overviews in Cloud-Optimized order. */
  cog?: boolean;
  /** Set when nodata pixels carry this label (the colour PNG's palette then reaches it). */
  nodataLabel?: number;
  /** geojson (all of it), coco and instances (connectivity, classes). */
  vectors?: VectorOptions;
}

/** The last path segment of the source, for the COCO image entry. */
function fileNameOf(source: string | undefined): string | undefined {
  return source?.split(/[\\/]/).pop() || undefined;
}

async function encodeOverlay(image: RasterImage, map: LabelMap, stats: readonly ClassStat[], options: EncodeOptions): Promise<Uint8Array> {
  const rgb = overlayClasses(toDisplayImage(image), map, options.opacity, options.transparent);
  if (!options.legend) return encodeJpeg(rgb, map.width, map.height);
  return encodeJpegWithLegend(rgb, map.width, map.height, legendPanel(map.classes, stats, map.height));
}

export async function encodeOutputs(image: RasterImage, map: LabelMap, stats: readonly ClassStat[], json: PredictionJson, options: EncodeOptions): Promise<EncodedOutput[]> {
  const want = new Set(options.outputs);
  // The colour PNG reuses the label PNG's compressed indices when both are written.
  const compressed = want.has('labels') ? compressLabels(map) : undefined;
  // Nodata pixels (their own label) are no region: polygons and instances only of the classes.
  const regionClasses = options.vectors?.classes ?? (options.nodataLabel === undefined ? undefined : map.classes.map((c) => c.id));
  const encoders: Record<OutputKind, () => Promise<Uint8Array> | Uint8Array> = {
    labels: () => encodeLabelPng(map, compressed),
    color: () => encodeColorPng(map, compressed, options.nodataLabel === undefined ? 0 : options.nodataLabel + 1),
    overlay: () => encodeOverlay(image, map, stats, options),
    confidence: () => encodePng(confidenceToGrey(map.confidence!), map.width, map.height, 1),
    json: () => encodePredictionJson(json),
    geotiff: () => encodeLabelGeoTiff(map, { cog: options.cog }),
    areas: () => encodeAreasCsv(stats, json.geo),
    geojson: () => encodeGeojson(map, { ...options.vectors, classes: regionClasses }),
    coco: () => encodeCocoJson(map, { connectivity: options.vectors?.connectivity, classes: regionClasses, fileName: fileNameOf(json.source) }),
    instances: () => {
      const samples = instanceIdsUint16(findInstances(map, { connectivity: options.vectors?.connectivity, classes: regionClasses }));
      return encodeSingleChannelPng({ width: map.width, height: map.height, samples });
    },
  };
  const kinds = [...want].filter((kind) => kind !== 'confidence' || map.confidence);
  const bytes = await Promise.all(kinds.map(async (kind) => {
    try {
      return await encoders[kind]();
    } catch (error) {
      throw encodeFailure(kind, error);
    }
  }));
  const encoded: EncodedOutput[] = kinds.map((name, i) => ({ name, ...OUTPUT_FORMATS[name], bytes: bytes[i] }));
  if (want.has('geotiff')) encoded.push({ name: 'geotiff', ...GEOTIFF_AUX, bytes: encodeCategoryAux(map.classes) });
  return encoded;
}
