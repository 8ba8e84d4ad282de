/**
 * Label rows -> DEFLATE-compressed 256x256 tiles, as the rows arrive (strips of any height): one level of a label
 * raster, the full resolution or an overview that keeps every `factor`-th pixel of every `factor`-th row (nearest,
 * the right resampling for class ids). Memory: one row of tiles at a time plus the compressed tiles.
 */
import { deflateSync } from 'node:zlib';

export const TILE_SIDE = 256;

export class LabelTiler {
  readonly width: number;
  readonly height: number;
  readonly tiles: Uint8Array[] = [];
  private readonly band: Uint8Array | Uint16Array;
  private readonly across: number;
  /** Rows of this level in `band` so far, and full-resolution rows seen. */
  private filled = 0;
  private seen = 0;

  constructor(fullWidth: number, private readonly fullHeight: number, readonly factor: number, sixteen: boolean) {
    this.width = Math.ceil(fullWidth / factor);
    this.height = Math.ceil(fullHeight / factor);
    this.across = Math.ceil(this.width / TILE_SIDE);
    const samples = this.across * TILE_SIDE * TILE_SIDE;
    this.band = sixteen ? new Uint16Array(samples) : new Uint8Array(samples);
  }

  /** Full-resolution rows (`rows` of them, `fullWidth` labels each), in order from the top. */
  add(labels: Uint8Array | Uint16Array, rows: number, fullWidth: number): void {
    const { factor, width } = this;
    const rowLength = this.across * TILE_SIDE;
    for (let r = 0; r < rows; r++, this.seen++) {
      if (this.seen % factor !== 0) continue;
      const source = r * fullWidth;
      const target = this.filled * rowLength;
      if (factor === 1) this.band.set(labels.subarray(source, source + width), target);
      else for (let x = 0; x < width; x++) this.band[target + x] = labels[source + x * factor];
      this.filled++;
      if (this.filled === TILE_SIDE) this.flush();
    }
    if (this.seen >= this.fullHeight && this.filled > 0) this.flush();
  }

  private flush(): void {
    const rowLength = this.across * TILE_SIDE;
    const bytesPerSample = this.band.BYTES_PER_ELEMENT;
    const tile = this.band instanceof Uint16Array ? new Uint16Array(TILE_SIDE * TILE_SIDE) : new Uint8Array(TILE_SIDE * TILE_SIDE);
    for (let t = 0; t < this.across; t++) {
      for (let y = 0; y < TILE_SIDE; y++) tile.set(this.band.subarray(y * rowLength + t * TILE_SIDE, y * rowLength + (t + 1) * TILE_SIDE), y * TILE_SIDE);
      // Samples go out in host order, little-endian on the platforms semseg runs on, as the TIFF header (II) says.
      this.tiles.push(deflateSync(new Uint8Array(tile.buffer, 0, tile.length * bytesPerSample)));
    }
    this.band.fill(0);
    this.filled = 0;
  }
}
