/**
 * Temporal smoothing of class probabilities: an exponential moving average across frames,
 * s_t = alpha * s_(t-1) + (1 - alpha) * p_t, s_0 = p_0. alpha 0 is no smoothing; larger alpha remembers more of the
 * past (steadier labels, slower to follow motion). Platform-neutral.
 */
import type { ProbabilityPlanes } from '../inference/probabilities.js';

export class ProbabilitySmoother {
  private state: Float32Array | undefined;

  constructor(readonly alpha: number) {}

  /** The smoothed planes after this frame's (a new object; the input is left as it is). */
  next(planes: ProbabilityPlanes): ProbabilityPlanes {
    const { alpha } = this;
    if (!this.state || this.state.length !== planes.data.length || alpha === 0) {
      this.state = Float32Array.from(planes.data);
    } else {
      const s = this.state;
      const p = planes.data;
      const keep = 1 - alpha;
      for (let i = 0; i < s.length; i++) s[i] = alpha * s[i] + keep * p[i];
    }
    return { ...planes, data: this.state };
  }
}
