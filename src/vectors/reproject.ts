/**
 * Map coordinates of a source CRS -> WGS 84 longitude/latitude (EPSG:4326, the only CRS of RFC 7946) with proj4.
 * proj4 knows EPSG:4326, 4269, 3857 and every WGS 84 UTM zone (326xx, 327xx) by code; other CRSs come as a proj
 * string or WKT (as GeoTIFF readers give them). Platform-neutral.
 */
import proj4 from 'proj4';
import { expected } from '../core/errors.js';

export type Projector = (x: number, y: number) => [number, number];

const WGS84 = 'EPSG:4326';

/** A CRS string as proj4 takes it: "EPSG:32633", "epsg:32633", "urn:ogc:def:crs:EPSG::32633", a proj string or WKT. */
function proj4Name(crs: string): string {
  const code = /^(?:urn:ogc:def:crs:)?epsg:+(\d+)$/i.exec(crs.trim());
  return code ? `EPSG:${code[1]}` : crs.trim();
}

/** EPSG:4326 and its aliases need no projection. */
export function isWgs84(crs: string): boolean {
  return /^(?:urn:ogc:def:crs:)?epsg:+4326$/i.test(crs.trim()) || /^(?:urn:ogc:def:crs:)?ogc:1\.3:crs84$/i.test(crs.trim());
}

/** The forward transform of `crs` to WGS 84, checked once on a point so a bad CRS fails before any polygon. */
export function projectorTo4326(crs: string): Projector {
  if (isWgs84(crs)) return (x, y) => [x, y];
  const name = proj4Name(crs);
  const known = /^EPSG:\d+$/.test(name) ? proj4.defs(name) !== undefined : true;
  let converter: proj4.Converter | undefined;
  try {
    if (known) converter = proj4(name, WGS84);
  } catch {
    converter = undefined;
  }
  if (!converter) {
    throw expected('a CRS proj4 knows (EPSG:4326, EPSG:3857, a WGS 84 UTM zone EPSG:326xx/327xx, a proj string or WKT; or --vector-crs source)', 'crs', crs);
  }
  const forward = converter.forward.bind(converter);
  return (x, y) => {
    const [lon, lat] = forward([x, y]);
    return [lon, lat];
  };
}

/** The GeoJSON (2008) `crs` member GDAL writes and reads for a source CRS other than WGS 84, when it is an EPSG code. */
export function geojsonCrsMember(crs: string): { type: 'name'; properties: { name: string } } | undefined {
  const name = proj4Name(crs);
  const code = /^EPSG:(\d+)$/.exec(name);
  return code ? { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${code[1]}` } } : undefined;
}
