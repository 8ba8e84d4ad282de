/**
 * Instances -> a COCO dataset (images, categories, annotations) for one image. Each annotation carries its mask as
 * pycocotools' compressed RLE (`segmentation`, exact), as COCO polygons (`polygons`: the pixel-edge outline of each
 * 4-connected piece, holes cannot be expressed), its `area` and `bbox` as pycocotools computes them from the RLE,
 * and its `centroid`. Category ids are the model's class ids. Platform-neutral.
 */
import type { LabelMap } from '../core/types.js';
import { idGridToRle, type CocoRle } from '../formats/coco-rle.js';
import { polygonizePixels } from '../vectors/polygonize.js';
import { findInstances, type Instances, type InstanceOptions } from './instances.js';

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  segmentation: CocoRle;
  /** COCO polygons `[[x0, y0, x1, y1, ...], ...]`, one per 4-connected piece, in pixel-corner coordinates. */
  polygons: number[][];
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0;
  /** `[x, y]`: mean of the pixel centres. */
  centroid: [number, number];
}

export interface CocoDataset {
  info: { description: string; connectivity: 4 | 8 };
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string; supercategory: string }[];
  annotations: CocoAnnotation[];
}

export interface CocoOptions extends InstanceOptions {
  /** `file_name` of the image entry; default "image". */
  fileName?: string;
}

/** COCO polygons of each instance: the outer ring of each of its 4-connected pieces. */
function instancePolygons(map: LabelMap, found: Instances): number[][][] {
  const { features } = polygonizePixels(map, found.connectivity);
  return Array.from(found.components, (k) => features[k].parts.map(({ shell }) => Array.from(shell)));
}

export function labelMapToCoco(map: LabelMap, options: CocoOptions = {}): CocoDataset {
  const found = findInstances(map, options);
  const rles = idGridToRle(found.ids, map.width, map.height, found.instances.length + 1);
  const polygons = instancePolygons(map, found);
  const present = new Set(found.instances.map((i) => i.classId));
  const listed = options.classes ? new Set(options.classes) : undefined;
  const categories = map.classes.filter((c) => !listed || listed.has(c.id)).map((c) => ({ id: c.id, name: c.name, supercategory: '' }));
  for (const id of present) if (!categories.some((c) => c.id === id)) categories.push({ id, name: String(id), supercategory: '' });
  return {
    info: { description: 'instances: connected components of each class (semseg)', connectivity: found.connectivity },
    images: [{ id: 1, file_name: options.fileName ?? 'image', width: map.width, height: map.height }],
    categories,
    annotations: found.instances.map((instance, index) => ({
      id: instance.id,
      image_id: 1,
      category_id: instance.classId,
      segmentation: { size: rles[instance.id].size, counts: rles[instance.id].counts },
      polygons: polygons[index],
      area: instance.area,
      bbox: instance.bbox,
      iscrowd: 0,
      centroid: instance.centroid,
    })),
  };
}

const utf8 = new TextEncoder();

export function encodeCocoJson(map: LabelMap, options: CocoOptions = {}): Uint8Array {
  return utf8.encode(`${JSON.stringify(labelMapToCoco(map, options))}\n`);
}
