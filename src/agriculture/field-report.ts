/** Items of a `semseg field` run -> the report: totals per field (the images' folder) and over all of them. */
import { fieldTotals } from './field-stats.js';
import type { FieldImageStats, FieldItem, FieldReport } from './types.js';

export function buildFieldReport(items: FieldItem[], header: Pick<FieldReport, 'model' | 'roles' | 'options'>): FieldReport {
  const byField = new Map<string, FieldItem[]>();
  for (const item of items) byField.set(item.field, [...(byField.get(item.field) ?? []), item]);
  const measured = (list: FieldItem[]) => list.flatMap((item) => (item.stats ? [item.stats] : [])) as FieldImageStats[];
  const failed = (list: FieldItem[]) => list.filter((item) => !item.ok).length;
  const fields = [...byField].map(([field, list]) => fieldTotals(field, measured(list), failed(list)));
  return { tool: 'semseg', ...header, fields, total: fieldTotals('all fields', measured(items), failed(items)), images: items };
}
