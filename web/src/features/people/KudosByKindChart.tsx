import { BarChart } from '@mui/x-charts/BarChart';

/** Kudos received, by kind: a bar each (MUI X Charts, loaded with the profile page only). */
export default function KudosByKindChart(props: { byKind: Array<{ kind: string; count: number }> }) {
  return (
    <BarChart
      height={220}
      layout="horizontal"
      yAxis={[{ scaleType: 'band', data: props.byKind.map((each) => each.kind), width: 110 }]}
      // Counts are whole numbers: no 0.5 ticks.
      xAxis={[{ tickMinStep: 1 }]}
      series={[{ data: props.byKind.map((each) => each.count), label: 'Kudos received' }]}
      hideLegend
    />
  );
}
