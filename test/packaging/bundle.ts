/**
 * Bundles an entry for the browser with esbuild and lists every import a browser cannot satisfy (a Node built-in,
 * sharp, onnxruntime-node) with the chain of modules that pulled it in, read from esbuild's metafile.
 */
import { builtinModules } from 'node:module';
import { build, type Metafile, type Plugin } from 'esbuild';
import { repoRoot } from '../helpers/paths.js';

const NODE_ONLY_PACKAGES = /^(sharp|onnxruntime-node)(\/|$)/;

export function isNodeOnly(specifier: string): boolean {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0]) || NODE_ONLY_PACKAGES.test(specifier);
}

export interface NodeOnlyImport {
  /** The specifier as written, e.g. "node:fs/promises" or "sharp". */
  module: string;
  /** From the entry to the module that imports it, paths relative to the repository root. */
  chain: string[];
}

export interface BrowserBundle {
  code: string;
  nodeOnly: NodeOnlyImport[];
}

export type BundleEntry = { file: string } | { contents: string };

export async function bundleForBrowser(entry: BundleEntry, format: 'esm' | 'iife' = 'esm'): Promise<BrowserBundle> {
  const found: { module: string; importer: string }[] = [];
  // Node-only imports are left out of the bundle (and recorded) so that one build lists all of them at once.
  const recordNodeOnly: Plugin = {
    name: 'record-node-only',
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeOnly(args.path)) return undefined;
        found.push({ module: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.contents, resolveDir: repoRoot, sourcefile: 'entry.js' } }),
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeOnly],
  });
  const graph = result.metafile;
  const entryKey = 'file' in entry ? relativeKey(graph, entry.file) : '<stdin>';
  const nodeOnly = found.map(({ module, importer }) => ({ module, chain: chainTo(graph, entryKey, relativeKey(graph, importer)) }));
  return { code: result.outputFiles[0].text, nodeOnly };
}

function relativeKey(graph: Metafile, path: string): string {
  const relative = path.startsWith(repoRoot) ? path.slice(repoRoot.length).replace(/^\//, '') : path;
  return graph.inputs[relative] ? relative : path;
}

/** Shortest import chain from `from` to `to` through the metafile's import graph. */
function chainTo(graph: Metafile, from: string, to: string): string[] {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) break;
    for (const { path } of graph.inputs[current]?.imports ?? []) {
      if (previous.has(path)) continue;
      previous.set(path, current);
      queue.push(path);
    }
  }
  if (!previous.has(to)) return [to];
  const chain: string[] = [];
  for (let node: string | null = to; node !== null; node = previous.get(node) ?? null) chain.unshift(node);
  return chain;
}

export function describeNodeOnly(imports: NodeOnlyImport[]): string {
  return imports.map(({ module, chain }) => `${module} imported via ${chain.join(' -> ')}`).join('\n');
}
