/**
 * Process environment for onnxruntime, set before any session exists. onnxruntime-node 1.2x ships Microsoft's 1DS
 * telemetry: without ORT_DISABLE_TELEMETRY every process writes `$TMPDIR/mat-debug-<pid>.log` and a device id and
 * event database under `~/.cache/Microsoft/DeveloperTools/.onnxruntime/`. The native library reads the variable
 * from the process environment, which worker threads share only through the main thread's setenv, so this runs
 * in the main thread before the first worker starts. A value the user set (e.g. 0) is kept.
 */
process.env.ORT_DISABLE_TELEMETRY ??= '1';

export {};
