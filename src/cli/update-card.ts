/** `--update-card`: the measured figures go into the card's `metrics` field, written by the tool, never by hand. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolveModel } from '../models/load.js';
import type { EvaluationReport } from '../evaluation/types.js';

function ttaFlag(report: EvaluationReport): string {
  const tta = report.subject.model?.inference?.tta;
  if (!tta) return '';
  const items = [...(tta.flip ? ['flip'] : []), ...(tta.scales ?? [])];
  return ` --tta ${items.length ? items.join(',') : 'none'}`;
}

const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 100 : null);

export async function updateCardMetrics(modelReference: string, report: EvaluationReport): Promise<string> {
  const { cardPath } = await resolveModel(modelReference);
  const card = JSON.parse(await readFile(cardPath, 'utf8'));
  const m = report.metrics;
  card.metrics = {
    dataset: `${report.dataset.name}, ${report.images.length} images`,
    profile: report.profile.profile,
    units: 'percent',
    mIoU: round(m.mIoU),
    aAcc: round(m.aAcc),
    mAcc: round(m.mAcc),
    fwIoU: round(m.fwIoU),
    ...(report.boundary ? { boundaryMIoU: round(report.boundary.mBoundaryIoU) } : {}),
    ...(report.bootstrap ? { mIoU95: [round(report.bootstrap.lower), round(report.bootstrap.upper)] } : {}),
    perClassIoU: Object.fromEntries(report.classes.map((c, i) => [c.name, round(m.perClass.IoU[i])])),
    inference: report.subject.model?.inference ?? {},
    measuredWith: `semseg eval --model ${card.name} --dataset ${report.dataset.kind}:<root> --split ${report.dataset.split ?? '-'}${ttaFlag(report)}`,
    measuredAt: report.timing.createdAt,
  };
  await writeFile(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  return cardPath;
}
