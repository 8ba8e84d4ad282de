"""Independent reference implementations of the semantics semseg's src/metrics reproduces (used by
make_parity_fixtures.py). Each tool is re-implemented from its documented behaviour, in the tool's own shape:
mmseg's intersect/union areas, cityscapes' tp/fp/fn with the ignore rule, torchmetrics' per-image one-hot sums,
smp's (N, C) tp/fp/fn/tn tables and reductions; confusion matrices come from sklearn, boundary erosion from scipy.
"""
import math

import numpy as np
from scipy import ndimage
from sklearn.metrics import confusion_matrix

SMP_REDUCTIONS = ['micro', 'macro', 'micro-imagewise', 'macro-imagewise']
ECE_BINS = 15


# ---------------------------------------------------------------------------------------------------- labels
def gt_to_classes(raw, opts):
    """Raw ground truth -> class index per pixel, -1 where ignored (label_map, then reduce_zero_label)."""
    n, ignore = opts['numClasses'], opts.get('ignoreIndex', 255)
    values = raw.astype(np.int64)
    mapped = values.copy()
    for old, new in opts.get('labelMap', {}).items():
        mapped[values == int(old)] = new
    ignored = np.zeros(mapped.shape, bool) if ignore is None else mapped == ignore
    if opts.get('reduceZeroLabel', False):
        ignored |= mapped == 0
        mapped = mapped - 1
    out = np.where(ignored, -1, mapped)
    assert out.max() < n, 'fixture ground truth out of range'
    return out


def image_matrix(gt_cls, pred, n):
    valid = gt_cls >= 0
    return confusion_matrix(gt_cls[valid], pred[valid], labels=list(range(n))).astype(np.float64)


# ---------------------------------------------------------------------------------------------------- semseg native
def native_metrics(m):
    with np.errstate(divide='ignore', invalid='ignore'):
        tp = np.diag(m)
        gt, pr = m.sum(1), m.sum(0)
        iou = tp / (gt + pr - tp)
        acc = tp / gt
        dice = 2 * tp / (gt + pr)
        prec = tp / pr
        freq = gt / m.sum()
        fw = float((freq[freq > 0] * iou[freq > 0]).sum()) if m.sum() > 0 else math.nan
        return {
            'aAcc': tp.sum() / m.sum(), 'mIoU': np.nanmean(iou), 'mAcc': np.nanmean(acc), 'fwIoU': fw,
            'mDice': np.nanmean(dice), 'mPrecision': np.nanmean(prec), 'mRecall': np.nanmean(acc),
            'perClass': {'IoU': iou, 'Acc': acc, 'Dice': dice, 'Precision': prec, 'Recall': acc,
                         'gtPixels': gt, 'predPixels': pr},
        }


# ---------------------------------------------------------------------------------------------------- tool profiles
def mmseg_profile(m):
    area_i, area_p, area_l = np.diag(m), m.sum(0), m.sum(1)
    area_u = area_p + area_l - area_i
    with np.errstate(divide='ignore', invalid='ignore'):
        iou, acc, dice = area_i / area_u, area_i / area_l, 2 * area_i / (area_p + area_l)
        precision, recall = area_i / area_p, area_i / area_l
        fscore = 2 * precision * recall / (precision + recall)
        per = {'IoU': iou, 'Acc': acc, 'Dice': dice, 'Fscore': fscore, 'Precision': precision, 'Recall': recall}
        summary = {'aAcc': area_i.sum() / area_l.sum()}
    summary.update({'m' + k: np.nanmean(v) if not np.all(np.isnan(v)) else math.nan for k, v in per.items()})
    return {'summary': summary, 'perClass': per}


def cityscapes_profile(m):
    n = m.shape[0]
    scores = []
    for label in range(n):
        tp = m[label, label]
        fn = m[label, :].sum() - tp
        fp = m[[l for l in range(n) if l != label], label].sum()
        denom = tp + fp + fn
        scores.append(math.nan if denom == 0 else tp / denom)
    valid = [s for s in scores if not math.isnan(s)]
    return {'summary': {'mIoU': sum(valid) / len(valid) if valid else math.nan}, 'perClass': {'IoU': scores}}


def torchmetrics_profile(images, n):
    score_sum, counts = np.zeros(n), np.zeros(n)
    pooled_sum, pooled_count = 0.0, 0
    for gt_cls, pred in images:
        valid = gt_cls >= 0
        t = np.eye(n, dtype=bool)[gt_cls[valid]]
        p = np.eye(n, dtype=bool)[pred[valid]]
        inter = (t & p).sum(0).astype(np.float64)
        union = t.sum(0) + p.sum(0) - inter
        present = union > 0
        iou = np.where(present, inter / np.maximum(union, 1), 0.0)
        score_sum += iou * present
        counts += present
        pooled_sum += float((iou * present).sum())
        pooled_count += int(present.sum())
    with np.errstate(divide='ignore', invalid='ignore'):
        per_class = np.nan_to_num(score_sum / counts, nan=-1.0)
    miou = pooled_sum / pooled_count if pooled_count else math.nan
    return {'summary': {'mIoU': miou}, 'perClass': {'IoU': per_class}}


def smp_stats(images, n):
    """get_stats(mode='multiclass', ignore_index): (N, C) tp, fp, fn, tn."""
    tp, fp, fn, tn = (np.zeros((len(images), n)) for _ in range(4))
    for i, (gt_cls, pred) in enumerate(images):
        t = np.where(gt_cls >= 0, gt_cls, -1).ravel()
        o = np.where(gt_cls >= 0, pred, -1).ravel()
        hist = lambda a: np.bincount(a[a >= 0], minlength=n)[:n].astype(np.float64)
        tp[i] = hist(np.where(o == t, t, -1))
        fp[i] = hist(o) - tp[i]
        fn[i] = hist(t) - tp[i]
        tn[i] = t.size - tp[i] - fp[i] - fn[i] - (t < 0).sum()
    return tp, fp, fn, tn


def smp_reduce(fn_metric, stats, reduction, zero_division=1.0):
    tp, fp, fn, tn = stats
    fill = lambda x: np.where(np.isnan(x), zero_division, x)
    with np.errstate(divide='ignore', invalid='ignore'):
        if reduction == 'micro':
            return float(fn_metric(tp.sum(), fp.sum(), fn.sum(), tn.sum()))
        if reduction == 'macro':
            return float(fill(fn_metric(tp.sum(0), fp.sum(0), fn.sum(0), tn.sum(0))).mean())
        if reduction == 'micro-imagewise':
            return float(fill(fn_metric(tp.sum(1), fp.sum(1), fn.sum(1), tn.sum(1))).mean())
        return float(fill(fn_metric(tp, fp, fn, tn)).mean(0).mean())


def smp_per_class(fn_metric, stats, reduction, zero_division=1.0):
    tp, fp, fn, tn = stats
    with np.errstate(divide='ignore', invalid='ignore'):
        if reduction.endswith('imagewise'):
            return np.where(np.isnan(s := fn_metric(tp, fp, fn, tn)), zero_division, s).mean(0)
        s = fn_metric(tp.sum(0), fp.sum(0), fn.sum(0), tn.sum(0))
        return np.where(np.isnan(s), zero_division, s)


SMP_METRICS = {
    'IoU': lambda tp, fp, fn, tn: tp / (tp + fp + fn),
    'Fscore': lambda tp, fp, fn, tn: 2 * tp / (2 * tp + fn + fp),
    'Precision': lambda tp, fp, fn, tn: tp / (tp + fp),
    'Recall': lambda tp, fp, fn, tn: tp / (tp + fn),
}


def smp_profile(stats, reduction):
    return {
        'summary': {'m' + k: smp_reduce(f, stats, reduction) for k, f in SMP_METRICS.items()},
        'perClass': {k: smp_per_class(f, stats, reduction) for k, f in SMP_METRICS.items()},
    }


# ---------------------------------------------------------------------------------------------------- boundary IoU
def mask_boundary(mask, ratio):
    """boundary_utils.mask_to_boundary: pad by one zero pixel, 3x3 erosion d times, mask minus erosion."""
    h, w = mask.shape
    d = max(1, int(round(ratio * np.sqrt(h ** 2 + w ** 2))))
    padded = np.pad(mask, 1, constant_values=0)
    eroded = ndimage.binary_erosion(padded, structure=np.ones((3, 3)), iterations=d, border_value=1)
    return mask & ~eroded[1:h + 1, 1:w + 1]


def boundary_iou(images, n, ratio=0.02):
    inter, union = np.zeros(n), np.zeros(n)
    for gt_cls, pred in images:
        valid = gt_cls >= 0
        for k in range(n):
            gb = mask_boundary(gt_cls == k, ratio)
            pb = mask_boundary((pred == k) & valid, ratio)
            inter[k] += (gb & pb & valid).sum()
            union[k] += ((gb | pb) & valid).sum()
    with np.errstate(divide='ignore', invalid='ignore'):
        per = inter / union
    return {'perClass': per, 'mBoundaryIoU': np.nanmean(per) if np.any(union > 0) else math.nan,
            'intersection': inter, 'union': union}


# ---------------------------------------------------------------------------------------------------- calibration
def calibration(images_conf, bins=ECE_BINS):
    conf = np.concatenate([c[g >= 0] for g, p, c in images_conf]).astype(np.float64)
    correct = np.concatenate([(p == g)[g >= 0] for g, p, c in images_conf]).astype(np.float64)
    idx = np.minimum(np.floor(conf * bins).astype(np.int64), bins - 1)
    out, ece, mce = [], 0.0, 0.0
    for b in range(bins):
        sel = idx == b
        k = int(sel.sum())
        c = conf[sel].mean() if k else math.nan
        a = correct[sel].mean() if k else math.nan
        if k:
            ece += k / conf.size * abs(a - c)
            mce = max(mce, abs(a - c))
        out.append({'pixels': k, 'confidence': c, 'accuracy': a})
    empty = conf.size == 0
    return {'ece': math.nan if empty else ece, 'mce': math.nan if empty else mce, 'pixels': int(conf.size),
            'confidence': math.nan if empty else conf.mean(), 'accuracy': math.nan if empty else correct.mean(),
            'bins': out}


# ---------------------------------------------------------------------------------------------------- bootstrap
class Mulberry32:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def __call__(self):
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        s = self.state
        t = ((s ^ (s >> 15)) * (s | 1)) & 0xFFFFFFFF
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF) ^ t
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0


def dataset_miou(m):
    tp = np.diag(m)
    union = m.sum(0) + m.sum(1) - tp
    return float(np.mean(tp[union > 0] / union[union > 0])) if np.any(union > 0) else math.nan


def bootstrap(matrices, samples, seed, level=0.95):
    rng = Mulberry32(seed)
    values = []
    for _ in range(samples):
        picks = [int(math.floor(rng() * len(matrices))) for _ in range(len(matrices))]
        v = dataset_miou(sum(matrices[i] for i in picks))
        if not math.isnan(v):
            values.append(v)
    tail = (1 - level) / 2
    return {'samples': samples, 'seed': seed, 'mIoU': dataset_miou(sum(matrices)),
            'lower': float(np.quantile(values, tail)), 'upper': float(np.quantile(values, 1 - tail))}


# ---------------------------------------------------------------------------------------------------- all expected values
def expected_values(opts, raw_images, confidences, boot):
    n = opts['numClasses']
    images = [(gt_to_classes(g, opts), p.astype(np.int64)) for g, p in raw_images]
    matrices = [image_matrix(g, p, n) for g, p in images]
    total = sum(matrices)
    stats = smp_stats(images, n)
    profiles = {'mmseg': mmseg_profile(total), 'cityscapes': cityscapes_profile(total),
                'torchmetrics': torchmetrics_profile(images, n)}
    profiles.update({'smp:' + r: smp_profile(stats, r) for r in SMP_REDUCTIONS})
    flat = total.ravel()
    out = {'matrix': [[int(k), flat[k]] for k in np.flatnonzero(flat)], 'metrics': native_metrics(total), 'profiles': profiles,
           'boundary': boundary_iou(images, n),
           'calibration': calibration([(g, p, c) for (g, p), c in zip(images, confidences)])}
    if boot:
        out['bootstrap'] = bootstrap(matrices, **boot)
    return out
