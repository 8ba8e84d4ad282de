/** Runs one contender in a fresh node process (bench/models/child.ts) and reads its report. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseChildReport, type ChildReport, type ChildRequest } from './report.js';

const childScript = join(dirname(fileURLToPath(import.meta.url)), 'child.js');

export function runChild(request: ChildRequest): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childScript, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`${request.contender} on ${request.folder} at ${request.width}x${request.height} exited with ${code}`));
      else { try { resolve(parseChildReport(stdout)); } catch (error) { reject(error); } }
    });
  });
}
