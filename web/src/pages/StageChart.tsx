import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { formatNumber } from '../format';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Candidates by stage as bars (ECharts, only the parts used: the statistics chunk carries them). */
export function StageChart({ rows, title }: { rows: { label: string; count: number }[]; title: string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => formatNumber(Number(value)) },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => formatNumber(value) } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
      series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#b3121f' }, label: { show: true, position: 'right', formatter: ({ value }: { value: unknown }) => formatNumber(Number(value)) } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [rows]);
  // The figures are in the table beside it too; the chart is described for screen readers.
  return <div ref={element} role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${formatNumber(r.count)}`).join(', ')}`} style={{ width: '100%', height: Math.max(160, rows.length * 34) }} />;
}
