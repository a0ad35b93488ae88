import { formatCount, formatPercent } from '../render/numbers.js';

/** One bar of the chart: a name, its count and its share of the total in percent. */
export interface ChartItem {
  readonly name: string;
  readonly value: bigint;
  readonly percent: number;
}

const palette = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
];
import { escapeHtml as escapeXml } from '../render/escape.js';

/** The figure's size and type, in SVG user units (the SVG scales to its container). */
const layout = {
  width: 720,
  fontSize: 13,
  rowHeight: 26,
  top: 56,
  gap: 8,
  maxLabelShare: 0.4,
} as const;

/**
 * How wide text is at the chart's font size, generously: a CJK character takes a full em, others
 * about 0.6 em. SVG text does not wrap, so the layout must make room for it.
 */
export function textWidth(text: string): number {
  return [...text].reduce(
    (w, c) => w + (/[\u2E80-\u9FFF\uAC00-\uD7AF\uFF00-\uFFEF]/.test(c) ? 1 : 0.6) * layout.fontSize,
    0,
  );
}

/** Cuts a label to `width` with an ellipsis (the whole name stays in the bar's tooltip). */
function fitLabel(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  let cut = [...text];
  while (cut.length > 1 && textWidth(`${cut.join('')}…`) > width) cut = cut.slice(0, -1);
  return `${cut.join('')}…`;
}

/**
 * Where the parameters go, as an inline SVG: one stacked bar of the whole, then one labelled row a
 * part with its own bar, so that small parts (norms) stay readable next to large ones. The label
 * column is as wide as the longest label (at most 40% of the figure, longer ones cut with …), and
 * the bars leave room for the widest value after them, so no text runs past the figure's edge.
 */
export function breakdownChart(items: readonly ChartItem[], title: string): string {
  const { width, rowHeight, top, gap } = layout;
  const shown = items.filter((i) => i.value > 0n);
  const valueText = (item: ChartItem) =>
    `${formatPercent(item.percent, item.value > 0n)} · ${formatCount(item.value)}`;
  const labelWidth = Math.min(
    width * layout.maxLabelShare,
    Math.max(0, ...shown.map((i) => textWidth(i.name))),
  );
  const valueWidth = Math.max(0, ...shown.map((i) => textWidth(valueText(i))));
  const barStart = labelWidth + gap;
  const barMax = Math.max(40, width - barStart - gap - valueWidth);
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
        `<text x="${labelWidth.toFixed(2)}" y="${y + 16}" text-anchor="end"><title>${escapeXml(item.name)}</title>${escapeXml(fitLabel(item.name, labelWidth))}</text>`,
        `<rect x="${barStart.toFixed(2)}" y="${y + 4}" width="${w.toFixed(2)}" height="16" rx="2" fill="${palette[i % palette.length]}"/>`,
        `<text x="${(barStart + w + 6).toFixed(2)}" y="${y + 16}">${escapeXml(valueText(item))}</text>`,
      ].join('');
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="tparams-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="${layout.fontSize}">${stacked}${rows}</svg>`;
}
