/** Public options and result types of the vector outputs (GeoJSON polygons). */
import type { Connectivity } from './components.js';

/** `wgs84`: longitude/latitude (RFC 7946); `source`: the map coordinates of the image's affine (or pixels). */
export type VectorCrs = 'wgs84' | 'source';
export const VECTOR_CRSS: readonly VectorCrs[] = ['wgs84', 'source'];

export interface VectorOptions {
  /** Pixels touching only at a corner join a polygon with 8; default 4 (gdal_polygonize's and scipy's default). */
  connectivity?: Connectivity;
  /** Douglas-Peucker tolerance in map units (pixels without an affine); default 0: exact pixel edges. */
  simplify?: number;
  /** Polygons smaller than this (map units squared) are left out and holes smaller than it filled; default 0. */
  minArea?: number;
  /** Default: wgs84 when the image has a CRS, else source. */
  crs?: VectorCrs;
  /** Only these class ids become polygons (and, in predict(), COCO instances); default every class. */
  classes?: readonly number[];
}

export interface GeoFeature {
  type: 'Feature';
  id: number;
  properties: { class_id: number; class_name: string; area: number; pixels: number };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  /** GeoJSON 2008's CRS member, written (as GDAL does) only for a source CRS other than WGS 84. */
  crs?: { type: 'name'; properties: { name: string } };
  /** How the coordinates and areas were made (a foreign member; RFC 7946 readers ignore it). */
  semseg: {
    coordinates: 'wgs84' | 'source' | 'pixels';
    sourceCrs: string | null;
    /** Unit of the `area` properties: the source CRS's units squared, or pixels. */
    areaUnit: string;
    connectivity: Connectivity;
    simplify: number;
    minArea: number;
  };
  features: GeoFeature[];
}
