import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js';

/**
 * Charts drawn by Chart.js on <canvas> (bundled, no CDN; it injects no <style> element, so the
 * strict CSP holds). Nothing relies on colour alone: every value is written beside its bar or
 * point, series differ by pattern, dash and point shape as well as colour, and each chart is
 * followed by a table of the same figures.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

/** Colours with enough contrast on white; they only add to the patterns and labels. */
const INKS = ['#0b4f8a', '#8a3b0b', '#2f6b1d'];
const DASHES: number[][] = [[], [8, 4], [2, 3]];
const POINTS = ['circle', 'rectRot', 'triangle'] as const;

/** A fill pattern per series: solid, diagonal hatching, dots. */
export function patternFill(i: number): CanvasPattern | string {
  const ink = INKS[i % INKS.length];
  if (i % 3 === 0) return ink;
  const c = document.createElement('canvas');
  c.width = c.height = 8;
  const g = c.getContext('2d');
  if (!g) return ink;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, 8, 8);
  g.fillStyle = ink;
  g.strokeStyle = ink;
  if (i % 3 === 1) {
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(0, 8);
    g.lineTo(8, 0);
    g.stroke();
  } else {
    g.beginPath();
    g.arc(4, 4, 2, 0, Math.PI * 2);
    g.fill();
  }
  return g.createPattern(c, 'repeat') ?? ink;
}

export const seriesStyle = (i: number) => ({
  borderColor: INKS[i % INKS.length],
  backgroundColor: patternFill(i),
  borderDash: DASHES[i % DASHES.length],
  pointStyle: POINTS[i % POINTS.length],
  pointRadius: 4,
  borderWidth: 2,
});

/** Writes each value beside its bar or point ("—" where the figure is suppressed). */
export function directLabels(format: (v: number | null) => string): Plugin {
  return {
    id: 'directLabels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = '#1a1a1a';
      const horizontal = (chart.options as { indexAxis?: string }).indexAxis === 'y';
      chart.data.datasets.forEach((ds, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden) return;
        meta.data.forEach((el, i) => {
          const raw = ds.data[i] as number | null;
          const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
          const text = format(raw);
          if (raw === null) {
            const base = horizontal ? chart.scales.x.getPixelForValue(0) : chart.scales.y.getPixelForValue(0);
            if (horizontal) ctx.fillText(text, base + 4, chart.scales.y.getPixelForValue(i) + 4);
            else ctx.fillText(text, chart.scales.x.getPixelForValue(i) - 4, base - 6);
            return;
          }
          if (horizontal) ctx.fillText(text, x + 4, y + 4);
          else ctx.fillText(text, x - ctx.measureText(text).width / 2, y - 6);
        });
      });
      ctx.restore();
    },
  };
}

/** Creates a chart; animation is off (print, screenshots and slow devices get the final picture at once). */
export function makeChart(canvas: HTMLCanvasElement, config: ChartConfiguration) {
  return new Chart(canvas, {
    ...config,
    options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options },
  });
}
