/** Runs node-cell.js in a child process per contender, so no contender warms caches or pools for another. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CellTiming, NodeResult } from './types.js';
import { sizeLabel } from './types.js';

const cellScript = fileURLToPath(new URL('./node-cell.js', import.meta.url));

export interface NodeCellRequest extends CellTiming {
  workers: number;
  threads: number;
  bands4: boolean;
  throughput: boolean;
}

export function runNodeCell(request: NodeCellRequest): Promise<NodeResult> {
  const args = [cellScript, '--model', request.reference, '--workers', String(request.workers), '--threads', String(request.threads), '--sizes', request.sizes.map(sizeLabel).join(','), '--runs', String(request.runs), '--warmup', String(request.warmup), '--image', request.image, '--budget-s', String(request.budgetS)];
  for (const flag of ['grey', 'bands4', 'throughput'] as const) if (request[flag]) args.push(`--${flag}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as NodeResult);
      else reject(new Error(`node-cell exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}
