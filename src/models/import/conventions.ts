/** Preprocessing conventions an import assumes when neither flags nor config files say otherwise. */

/** ImageNet statistics, in 0..1 units: torchvision, timm, segmentation_models_pytorch and most HF processors. */
export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];

/** PIL resampling codes as stored in preprocessor_config.json `resample`. */
export const PIL_RESAMPLE_NAMES: Record<number, string> = { 0: 'nearest', 1: 'lanczos', 2: 'bilinear', 3: 'bicubic', 4: 'box', 5: 'hamming' };
