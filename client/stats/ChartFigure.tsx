import { useEffect, useRef } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { directLabels, makeChart, seriesStyle } from './charts';
import type { Cell } from './data';

export type Series = { label: string; data: Cell[] };

type Props = {
  id: string;
  title: string;
  kind: 'bar' | 'hbar' | 'line';
  labels: string[];
  series: Series[];
  format: (v: Cell) => string;
  /** Words for screen readers: "Chart: … The same figures are in the table below." */
  chartLabel: string;
  yMax?: number;
  /** The data table (rendered under the chart). */
  children: ComponentChildren;
};

/**
 * A chart and, under it, the table of the same figures. The canvas is an image with a text
 * alternative pointing to the table; the table is what screen readers and printouts rely on.
 */
export function ChartFigure({ id, title, kind, labels, series, format, chartLabel, yMax, children }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = makeChart(canvas.current, {
      type: kind === 'line' ? 'line' : 'bar',
      data: { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, ...seriesStyle(i), spanGaps: false })) },
      options: {
        indexAxis: kind === 'hbar' ? 'y' : 'x',
        plugins: { legend: { display: series.length > 1, labels: { usePointStyle: true } }, tooltip: { enabled: true } },
        scales: kind === 'hbar' ? { x: { beginAtZero: true, grace: '15%' } } : { y: { beginAtZero: true, grace: '10%', ...(yMax ? { max: yMax } : {}) } },
      },
      plugins: [directLabels(format)],
    });
    return () => chart.destroy();
  }, [kind, JSON.stringify(labels), JSON.stringify(series), yMax, format]);
  // Horizontal bars need room per label; the height is set through the CSSOM, which the CSP allows.
  const height = kind === 'hbar' ? Math.max(160, labels.length * 28 + 60) : 300;
  return (
    <section class="stat-section" aria-labelledby={`${id}-title`} data-chart={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      <figure class="chart-figure">
        <div class="chart" style={{ height: `${height}px` }}>
          <canvas ref={canvas} role="img" aria-label={chartLabel} />
        </div>
      </figure>
      {children}
    </section>
  );
}

/** A table cell: the figure, or a mark that says "hidden" to screen readers. */
export function Figure({ text, hidden, hiddenText }: { text: string; hidden: boolean; hiddenText: string }) {
  if (!hidden) return <>{text}</>;
  return (
    <span class="suppressed" title={hiddenText}>
      <span aria-hidden="true">{text}</span>
      <span class="sr-only">{hiddenText}</span>
    </span>
  );
}
