/** Dataset readers for evaluation: `openDataset("<kind>:<path>", options)` and what it returns. */
export { DATASET_OPTIONS_OF, openDataset, parseDatasetSpec, type OpenDatasetOptions } from './open-dataset.js';
export { DATASET_KINDS, type Dataset, type DatasetKind, type DatasetSample, type LabelData } from './types.js';
export { CAMVID_CLASSES, CAMVID_IGNORE_INDEX } from './camvid.js';
export { CITYSCAPES_CLASSES, CITYSCAPES_IGNORE_INDEX, CITYSCAPES_LABELS } from './cityscapes-labels.js';
export { VOC_CLASSES, VOC_IGNORE_INDEX } from './voc.js';
export { ADE20K_CLASSES } from './ade20k-classes.js';
export { ADE20K_IGNORE_INDEX } from './ade20k.js';
export { readClassTable, type ClassTable } from './class-table.js';
export { openLabelFolder, type LabelFolderOptions } from './label-folder.js';
