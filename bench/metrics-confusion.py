#!/usr/bin/python3
"""numpy side of bench/metrics-confusion.ts (started by it; not meant to be run alone).

argv: gt.bin pred.bin width height numClasses. Loads the raw uint8 label arrays, then answers one line per command
on stdin so both sides are timed in alternation under the same machine load:
  run8 / run16  -> JSON {"expression": ms, "bincount": ms} for uint8 / uint16 inputs, where expression times
                   np.bincount(n * gt.astype(np.int64) + pred, minlength=n * n) (the int64 cast is needed: n * gt
                   on uint8 would wrap) and bincount times np.bincount alone on the precomputed int64 index
  counts        -> JSON list of the n * n counts, to check both sides counted the same
"""
import json
import sys
import time

import numpy as np

gt8 = np.fromfile(sys.argv[1], np.uint8)
pred8 = np.fromfile(sys.argv[2], np.uint8)
n = int(sys.argv[5])
arrays = {'run8': (gt8, pred8), 'run16': (gt8.astype(np.uint16), pred8.astype(np.uint16))}


def expression(gt, pred):
    return np.bincount(n * gt.astype(np.int64) + pred, minlength=n * n)


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


print(json.dumps({'numpy': np.__version__, 'python': sys.version.split()[0]}), flush=True)
for line in sys.stdin:
    command = line.strip()
    if command in arrays:
        gt, pred = arrays[command]
        index = n * gt.astype(np.int64) + pred
        ms_expression, _ = timed(expression, gt, pred)
        ms_bincount, _ = timed(np.bincount, index, None, n * n)
        del index
        print(json.dumps({'expression': ms_expression, 'bincount': ms_bincount}), flush=True)
    elif command == 'counts':
        print(json.dumps(expression(gt8, pred8).tolist()), flush=True)
