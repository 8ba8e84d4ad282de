/**
 * Runs in the browser page: MediaPipe Tasks ImageSegmenter (CPU delegate) on RGB images given as base64, returning
 * every float32 confidence mask as base64.
 */
const { FilesetResolver, ImageSegmenter } = await import('/tasks-vision/vision_bundle.mjs');

const toBytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

function toBase64(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

export async function segmentAll(modelUrl, images) {
  const fileset = await FilesetResolver.forVisionTasks('/tasks-vision/wasm');
  const segmenter = await ImageSegmenter.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: modelUrl, delegate: 'CPU' },
    runningMode: 'IMAGE',
    outputConfidenceMasks: true,
    outputCategoryMask: false,
  });
  const results = [];
  for (const { width, height, rgb } of images) {
    const pixels = toBytes(rgb);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i += 1) {
      rgba.set(pixels.subarray(3 * i, 3 * i + 3), 4 * i);
      rgba[4 * i + 3] = 255;
    }
    const result = segmenter.segment(new ImageData(rgba, width, height));
    results.push(
      result.confidenceMasks.map((mask) => ({ width: mask.width, height: mask.height, data: toBase64(mask.getAsFloat32Array()) })),
    );
    result.close();
  }
  segmenter.close();
  return results;
}
