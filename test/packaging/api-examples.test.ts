import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import ts from 'typescript';
import { repoRoot } from '../helpers/paths.js';

const run = promisify(execFile);
// Inside the package folder, so that `semseg` and `semseg/core` resolve to this package's build through its exports.
const folder = join(repoRoot, 'dist', 'api-examples');

interface Example {
  file: string;
  runnable: boolean;
}

async function writeExamples(): Promise<Example[]> {
  const markdown = await readFile(join(repoRoot, 'docs', 'api.md'), 'utf8');
  const blocks = [...markdown.matchAll(/^```ts([^\n]*)\n([\s\S]*?)^```$/gm)];
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  return Promise.all(
    blocks.map(async ([, info, code], i) => {
      const file = join(folder, `example-${i + 1}.ts`);
      await writeFile(file, code);
      return { file, runnable: info.trim().split(/\s+/).includes('run') };
    }),
  );
}

function compile(files: string[]): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    outDir: folder,
    rootDir: folder,
    noEmitOnError: true,
  };
  const program = ts.createProgram(files, options);
  const found = ts.getPreEmitDiagnostics(program);
  const diagnostics = found.length > 0 ? found : program.emit().diagnostics;
  const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n' };
  return diagnostics.map((d) => ts.formatDiagnostic(d, host).trim());
}

test('every ts example in docs/api.md type-checks against the built package, and those marked run run', async () => {
  const examples = await writeExamples();
  assert.ok(examples.length >= 6, `docs/api.md has ${examples.length} ts examples`);
  assert.deepEqual(compile(examples.map((e) => e.file)), []);
  // The examples write into os.tmpdir(): a folder of ours, removed afterwards.
  const scratch = await mkdtemp(join(tmpdir(), 'semseg-api-examples-'));
  try {
    for (const example of examples.filter((e) => e.runnable)) {
      const script = example.file.replace(/\.ts$/, '.js');
      const { stderr } = await run(process.execPath, [script], { cwd: repoRoot, env: { ...process.env, TMPDIR: scratch } }).catch((error: { stderr?: string; message: string }) => {
        throw new Error(`${script} failed: ${error.stderr ?? error.message}`);
      });
      assert.equal(stderr, '', `${script} wrote to stderr`);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});

test('the examples check resolves the package for real: a name the entries do not export is a diagnostic', async () => {
  await mkdir(folder, { recursive: true });
  const file = join(folder, 'not-exported.ts');
  await writeFile(file, "import { resolveModel } from 'semseg';\nimport { loadModel } from 'semseg/core';\nconsole.log(resolveModel, loadModel);\n");
  const diagnostics = compile([file]);
  assert.equal(diagnostics.length, 2, diagnostics.join('\n'));
  assert.match(diagnostics[0], /has no exported member .*resolveModel/);
  assert.match(diagnostics[1], /has no exported member .*loadModel/);
});
