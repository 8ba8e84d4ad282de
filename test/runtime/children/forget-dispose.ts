/**
 * Child process for ort-pool.test.ts: loads the street model with 2 workers, segments one image and never calls
 * dispose(). It must exit by itself (idle workers do not keep the process alive).
 */
import { loadModel } from '../../../src/models/load.js';
import { segment } from '../../../src/inference/segment.js';

const model = await loadModel('street', { workers: 2, threadsPerWorker: 1 });
const width = 64;
const height = 48;
const map = await segment(model, { data: new Uint8Array(width * height * 3).fill(90), width, height, channels: 3 });
console.log(JSON.stringify({ pixels: map.labels.length }));
