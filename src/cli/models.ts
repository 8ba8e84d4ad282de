/** `semseg models`: the embedded models with their cards. */
import type { Command } from 'commander';
import type { CommandContext } from './io.js';
import { readModelCard } from '../models/read-card.js';
import { embeddedModels } from '../models/registry.js';

function describeCard(name: string, isDefault: boolean, card: Awaited<ReturnType<typeof readModelCard>>, path: string): string {
  const size = card.input.size.mode === 'fixed' ? `${card.input.size.width}x${card.input.size.height} (${card.input.resize})` : 'any size';
  const metrics = card.metrics ? Object.entries(card.metrics).filter(([, v]) => typeof v === 'number' || typeof v === 'string').map(([k, v]) => `${k} ${v}`).join(', ') : '';
  return [
    `${name}${isDefault ? ' (default)' : ''}: ${card.description}`,
    `  input   ${card.input.layout} ${card.input.colorOrder} ${size}, scale ${card.input.valueScale.toPrecision(4)}, mean [${card.input.mean.join(', ')}], std [${card.input.std.join(', ')}]`,
    `  output  ${card.output.kind}, ${card.classes.length} classes: ${card.classes.map((c) => c.name).join(', ')}`,
    metrics ? `  quality ${metrics}` : '',
    `  licence ${card.license}`,
    `  card    ${path}`,
  ].filter(Boolean).join('\n');
}

export function registerModels(program: Command, { io }: CommandContext): Command {
  const models = program.command('models').description('list the embedded models (and import others: see `models import`)');
  models
    .command('list', { isDefault: true })
    .description('list the embedded models with their cards')
    .option('--json', 'print the cards as JSON')
    .action(async (flags: { json?: boolean }) => {
      const entries = [];
      for (const entry of embeddedModels) {
        const { cardPath } = await entry.locate();
        entries.push({ entry, card: await readModelCard(cardPath), cardPath });
      }
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(entries.map((e) => ({ name: e.entry.name, default: e.entry.isDefault, card: e.card })), null, 2)}\n`);
      } else {
        io.stdout.write(`${entries.map((e) => describeCard(e.entry.name, e.entry.isDefault, e.card, e.cardPath)).join('\n\n')}\n`);
      }
    });
  return models;
}
