/**
 * Label maps -> GeoTIFF: one band of class ids (8-bit, or 16-bit with more than 255 classes), tiled 256x256 and
 * DEFLATE-compressed, with the source's CRS (GeoKeys) and geotransform, a colour table of the class colours (8-bit),
 * GDAL_NODATA for nodata pixels, and optionally overviews in Cloud-Optimized order (`cog`). Class names go to a GDAL
 * PAM sidecar (`.tif.aux.xml`, CategoryNames), which is where GDAL itself keeps them for GTiff. Rows may arrive strip
 * by strip (huge images): only the compressed tiles are kept.
 */
import type { ClassInfo, LabelMap, SourceMeta } from '../core/types.js';
import { encodeTiff, type TiffTag } from './tiff-writer.js';
import { LabelTiler, TILE_SIDE } from './label-tiles.js';
import { GEO_TAGS, geoTagsFor } from './geokeys.js';
import { nodataLabel } from './nodata.js';

export interface LabelGeoTiffOptions {
  /** Add overviews (halving until a level fits one tile) in Cloud-Optimized GeoTIFF order. */
  cog?: boolean;
}

export interface LabelGeoTiffWriter {
  /** Rows of labels from the top, `rows` rows at full width. */
  write(labels: Uint8Array | Uint16Array, rows: number): void;
  /** The file's bytes, once every row was written. */
  finish(): Uint8Array;
}

const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  SamplesPerPixel: 277,
  PlanarConfiguration: 284,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  SampleFormat: 339,
} as const;
const DEFLATE = 8;
const PHOTOMETRIC_MIN_IS_BLACK = 1;
const PHOTOMETRIC_PALETTE = 3;
const REDUCED_RESOLUTION = 1;

/** The TIFF colour map of 8-bit labels: 256 reds, greens, blues in 16 bits; unused entries black. */
export function colorMap(classes: readonly ClassInfo[]): number[] {
  const map = new Array<number>(3 * 256).fill(0);
  for (const c of classes) {
    if (c.id > 255) continue;
    c.color.forEach((v, channel) => (map[channel * 256 + c.id] = v * 257));
  }
  return map;
}

/** Levels of a COG: factors 2, 4, 8, ... until the level fits one tile. */
export function overviewFactors(width: number, height: number): number[] {
  const factors: number[] = [];
  for (let f = 2; Math.ceil(width / (f / 2)) > TILE_SIDE || Math.ceil(height / (f / 2)) > TILE_SIDE; f *= 2) factors.push(f);
  return factors;
}

function levelTags(tiler: LabelTiler, sixteen: boolean, palette: number[] | undefined, overview: boolean): TiffTag[] {
  const tags: TiffTag[] = [
    { id: TAG.ImageWidth, type: 'long', values: [tiler.width] },
    { id: TAG.ImageLength, type: 'long', values: [tiler.height] },
    { id: TAG.BitsPerSample, type: 'short', values: [sixteen ? 16 : 8] },
    { id: TAG.Compression, type: 'short', values: [DEFLATE] },
    { id: TAG.Photometric, type: 'short', values: [palette ? PHOTOMETRIC_PALETTE : PHOTOMETRIC_MIN_IS_BLACK] },
    { id: TAG.SamplesPerPixel, type: 'short', values: [1] },
    { id: TAG.PlanarConfiguration, type: 'short', values: [1] },
    { id: TAG.TileWidth, type: 'short', values: [TILE_SIDE] },
    { id: TAG.TileLength, type: 'short', values: [TILE_SIDE] },
    { id: TAG.SampleFormat, type: 'short', values: [1] },
  ];
  if (palette) tags.push({ id: TAG.ColorMap, type: 'short', values: palette });
  if (overview) tags.push({ id: TAG.NewSubfileType, type: 'long', values: [REDUCED_RESOLUTION] });
  return tags;
}

export function openLabelGeoTiff(width: number, height: number, sixteen: boolean, classes: readonly ClassInfo[], meta: SourceMeta | undefined, options: LabelGeoTiffOptions = {}): LabelGeoTiffWriter {
  const factors = [1, ...(options.cog ? overviewFactors(width, height) : [])];
  const tilers = factors.map((f) => new LabelTiler(width, height, f, sixteen));
  const palette = sixteen ? undefined : colorMap(classes);
  return {
    write(labels, rows) {
      for (const tiler of tilers) tiler.add(labels, rows, width);
    },
    finish() {
      const geo = [...geoTagsFor(meta ?? {}).entries()].map(([id, tag]) => ({ id, ...tag }));
      const nodata: TiffTag = { id: GEO_TAGS.GdalNodata, type: 'ascii', values: String(nodataLabel(sixteen ? new Uint16Array(0) : new Uint8Array(0))) };
      const directories = tilers.map((tiler, level) => ({
        tags: [...levelTags(tiler, sixteen, palette, level > 0), nodata, ...(level === 0 ? geo : [])],
        tiles: tiler.tiles,
      }));
      return encodeTiff(directories);
    },
  };
}

/** A whole label map as a GeoTIFF file. */
export function encodeLabelGeoTiff(map: LabelMap, options: LabelGeoTiffOptions = {}): Uint8Array {
  const writer = openLabelGeoTiff(map.width, map.height, map.labels instanceof Uint16Array, map.classes, map.meta, options);
  writer.write(map.labels, map.height);
  return writer.finish();
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** GDAL's PAM sidecar with the class names as the band's CategoryNames (entry i names label value i). */
export function encodeCategoryAux(classes: readonly ClassInfo[]): Uint8Array {
  const names = new Array<string>(Math.max(-1, ...classes.map((c) => c.id)) + 1).fill('');
  for (const c of classes) names[c.id] = c.name;
  const categories = names.map((n) => `      <Category>${escapeXml(n)}</Category>`).join('\n');
  const xml = `<PAMDataset>\n  <PAMRasterBand band="1">\n    <CategoryNames>\n${categories}\n    </CategoryNames>\n  </PAMRasterBand>\n</PAMDataset>\n`;
  return new TextEncoder().encode(xml);
}
