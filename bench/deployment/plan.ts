/**
 * Which model gets which precision, calibrated on what, and scored how. Pure: paths come in, the plan goes out,
 * so the test can check it without files. Change a model's entry here to change what the benchmark builds.
 */
import { join } from 'node:path';
import { PRECISIONS, type AccuracySpec, type CalibrationSource, type PlannedVariant, type Precision } from './types.js';

export interface ModelPlan {
  name: string;
  /** Precisions it is built in, and for each other one why not. */
  precisions: Precision[];
  notQuantized?: string;
  calibration: CalibrationSource[];
  /** Decode grey (1 band) instead of RGB: the model reads one channel. */
  grey: boolean;
  /** 4-band (R, G, B, NIR) rasters: the page's image picker cannot feed them. */
  bands4: boolean;
  accuracy?: AccuracySpec;
  /** Why a model has no accuracy figure. */
  noAccuracy?: string;
  /** Where the benchmark's timing images come from (resized to each size). */
  timingImage: string;
}

const PNG = /\.(png|jpe?g)$/i;
const RULE_BASED = 'a rule-based graph of a few kB without learned weights: int8 or fp16 would shrink nothing and could only move its thresholds';

export function modelPlans(repoRoot: string, sharedData: string): ModelPlan[] {
  const camvid = join(sharedData, 'camvid');
  return [
    {
      name: 'street',
      precisions: ['fp32', 'int8'],
      notQuantized: 'the shipped street file already stores its weights as float16 behind Cast to float32 (6.5 MB): the fp16 variant is the fp32 row',
      calibration: [{ dir: join(camvid, 'train'), take: 32, match: PNG }],
      grey: false,
      bands4: false,
      timingImage: join(repoRoot, 'samples', 'camvid-0001TP_008550.png'),
      accuracy: {
        label: 'CamVid test mIoU %',
        // --tta flip as the card's fp32 figure was measured, whatever a variant's card says.
        evalArgs: ['--dataset', `camvid:${camvid}`, '--split', 'test', '--tta', 'flip'],
        figure: { kind: 'mIoU' },
        cardFigure: { measuredWithIncludes: '--split test' },
      },
    },
    {
      name: 'person',
      precisions: [...PRECISIONS],
      calibration: [
        { dir: join(repoRoot, 'samples'), take: 8, match: PNG },
        { dir: join(camvid, 'train'), take: 24, match: PNG },
      ],
      grey: false,
      bands4: false,
      timingImage: join(repoRoot, 'samples', 'grace_hopper.jpg'),
      noAccuracy: 'no person ground truth in ../shared/data',
    },
    {
      name: 'membrane',
      precisions: [...PRECISIONS],
      // Slices 00-19 only: 20-24 are the ones the Dice is measured on.
      calibration: [{ dir: join(sharedData, 'isbi-em', 'images'), take: 20, match: /^(0\d|1\d)\.png$/ }],
      grey: true,
      bands4: false,
      timingImage: join(sharedData, 'isbi-em', 'images', '20.png'),
      accuracy: {
        label: 'ISBI slices 20-24, membrane Dice %',
        evalArgs: ['--dataset', `folder:${join(sharedData, 'isbi-em')}`, '--pattern', '{images/2[0-4].png,labels/2[0-4].png}', '--classes', join(repoRoot, 'models', 'membrane', 'card.json'), '--label-encoding', 'colors'],
        figure: { kind: 'classDice', classIndex: 0 },
      },
    },
    {
      name: 'vegetation',
      precisions: ['fp32'],
      notQuantized: RULE_BASED,
      calibration: [],
      grey: false,
      bands4: false,
      timingImage: join(sharedData, 'cwfid', 'images', '001_image.png'),
      accuracy: {
        label: 'CWFID vegetation IoU %',
        evalArgs: ['--dataset', `folder:${join(sharedData, 'cwfid')}`, '--pattern', '{images/*_image.png,masks/*_mask.png}', '--classes', join(repoRoot, 'docs', 'examples', 'cwfid-vegetation-classes.json'), '--label-encoding', 'colors'],
        figure: { kind: 'classIoU', classIndex: 1 },
      },
    },
    {
      name: 'ndvi',
      precisions: ['fp32'],
      notQuantized: `${RULE_BASED} (NDVI/NDWI on 16-bit bands)`,
      calibration: [],
      grey: false,
      bands4: true,
      timingImage: join(repoRoot, 'samples', 'camvid-0001TP_008550.png'),
      noAccuracy: 'no 4-band ground truth in ../shared/data',
    },
  ];
}

/** Every model x precision, in document order; the ones not built carry their reason. */
export function planVariants(plans: ModelPlan[], only?: string[]): PlannedVariant[] {
  const variants: PlannedVariant[] = [];
  for (const plan of plans) {
    if (only && !only.includes(plan.name)) continue;
    for (const precision of PRECISIONS) {
      if (!plan.precisions.includes(precision)) variants.push({ model: plan.name, precision, skipped: `not built: ${plan.notQuantized}` });
      else variants.push({ model: plan.name, precision, ...(precision === 'int8' ? { calibration: plan.calibration } : {}) });
    }
  }
  return variants;
}
