import { formatCount, formatPercent } from '../render/numbers.js';

/** One bar of the chart: a name, its count and its share of the total in percent. */
export interface ChartItem {
  readonly name: string;
  readonly value: bigint;
  readonly percent: number;
}

const palette = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where the parameters go, as an inline SVG: one stacked bar of the whole, then one labelled row a
 * part with its own bar, so that small parts (norms) stay readable next to large ones.
 */
export function breakdownChart(items: readonly ChartItem[], title: string): string {
  const width = 720;
  const labelWidth = 190;
  const barMax = width - labelWidth - 170;
  const rowHeight = 26;
  const top = 56;
  const shown = items.filter((i) => i.value > 0n);
  const height = top + shown.length * rowHeight + 12;
  let x = 0;
  const stacked = shown
    .map((item, i) => {
      const w = (item.percent / 100) * width;
      const rect = `<rect x="${x.toFixed(2)}" y="8" width="${Math.max(w, 0.5).toFixed(2)}" height="28" fill="${palette[i % palette.length]}"><title>${escapeXml(item.name)}: ${formatPercent(item.percent, item.value > 0n)}</title></rect>`;
      x += w;
      return rect;
    })
    .join('');
  const rows = shown
    .map((item, i) => {
      const y = top + i * rowHeight;
      const w = Math.max((item.percent / 100) * barMax, 1);
      return [
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(item.name)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(2)}" height="16" rx="2" fill="${palette[i % palette.length]}"/>`,
        `<text x="${(labelWidth + w + 6).toFixed(2)}" y="${y + 16}">${escapeXml(formatPercent(item.percent, item.value > 0n))} · ${formatCount(item.value)}</text>`,
      ].join('');
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="tparams-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="13">${stacked}${rows}</svg>`;
}
