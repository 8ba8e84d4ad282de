/** Batch segmentation over a Redis queue (BullMQ): submit, work, watch, collect. See docs/jobs.md. */
export { DEFAULT_QUEUE_NAME, evictionWarning, parseQueueUrl, queueTarget, type QueueTarget } from './connection.js';
export { DEFAULT_TILE_ABOVE, DEFAULT_TILE_SIZE, submitJobs, type SubmitItem, type SubmitOptions, type SubmitOutcome } from './submit.js';
export { startWorker, type JobsWorker, type WorkerEvent, type WorkerSettings } from './worker.js';
export { queueMetricsText, queueStatus, rateTracker, statusLine, withRate, type QueueStatus } from './status.js';
export { collectResults, type QueueResults } from './results.js';
export { cleanQueue, retryFailed, type CleanTarget } from './admin.js';
export { planTiles, type Rect, type Tile } from './tile-plan.js';
export type { ImageResult, JobData, JobSettings, ModelRef } from './job-data.js';
