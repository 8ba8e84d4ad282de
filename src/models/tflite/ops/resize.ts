/**
 * RESIZE_BILINEAR to a constant size as ONNX Resize (linear). TFLite's coordinate rules map to
 * coordinate_transformation_mode: align_corners -> "align_corners", half_pixel_centers -> "half_pixel"
 * (both clamp to the edge pixels like TFLite), neither -> "asymmetric" (source = destination * in / out).
 */
import { UnsupportedOperator, type OperatorConverter } from '../conversion-context.js';
import { resizeOptions } from '../operator-options.js';

const resizeBilinear: OperatorConverter = (op, context) => {
  const { alignCorners, halfPixelCenters } = resizeOptions(op.builtinOptions);
  if (alignCorners && halfPixelCenters) throw new UnsupportedOperator('align_corners and half_pixel_centers cannot both be set');
  const input = context.input(op, 0);
  const { channels } = context.spatial(input);
  const size = context.requireInts(context.input(op, 1), 'size');
  if (size.length !== 2 || size.some((side) => !(side > 0))) throw new UnsupportedOperator(`size [${size.join(', ')}] must hold two positive sides`);
  const sizes = context.graph.int64(`${input.name}_resize_sizes`, [input.shape[0], channels, size[0], size[1]]);
  const mode = alignCorners ? 'align_corners' : halfPixelCenters ? 'half_pixel' : 'asymmetric';
  context.graph.node('Resize', [context.value(input), '', '', sizes], context.value(context.output(op)), {
    mode: 'linear',
    coordinate_transformation_mode: mode,
  });
};

export const resizeConverters: Record<string, OperatorConverter> = {
  RESIZE_BILINEAR: resizeBilinear,
};
