// The one chart shape the dashboards repeat: columns or lines over categories along the
// bottom, whole numbers up the side, the numbers on hover. Only what differs is passed in.

export interface ColumnChartSpec {
  /** The labels along the bottom, one per column. */
  categories: string[]
  /** ECharts series, one value per category each. */
  series: object[]
  /** A legend under the chart; 'scroll' when it may not fit on one line. */
  legend?: 'plain' | 'scroll'
  /** Shade the hovered column rather than draw a line through it (for bars). */
  shadow?: boolean
  /** Room left of the chart for the numbers up the side. */
  left?: number
}

export function columnChart({ categories, series, legend, shadow = false, left = 40 }: ColumnChartSpec) {
  return {
    tooltip: shadow ? { trigger: 'axis', axisPointer: { type: 'shadow' } } : { trigger: 'axis' },
    ...(legend && { legend: legend === 'scroll' ? { bottom: 0, type: 'scroll' } : { bottom: 0 } }),
    grid: { left, right: 16, top: 16, bottom: legend ? 48 : 28 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', minInterval: 1 },
    series,
  }
}
