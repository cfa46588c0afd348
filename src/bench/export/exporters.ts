/**
 * The artifact formats a run writes, in writing order (`run.json` first: it is the source of truth).
 *
 * @packageDocumentation
 */
import { csvExporter } from './csv-exporter.js';
import type { Exporter } from './exporter.js';
import { jsonExporter } from './json-exporter.js';
import { markdownExporter } from './markdown-exporter.js';
import { phaseChartExporter } from './phase-chart.js';
import { svgExporter } from './svg-exporter.js';

/** Every exporter. */
export const EXPORTERS: readonly Exporter[] = Object.freeze([
  jsonExporter,
  csvExporter,
  markdownExporter,
  svgExporter,
  phaseChartExporter,
]);
