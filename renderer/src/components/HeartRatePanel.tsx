import type { HeartRateData } from '../../../electron/shared/view-types.ts';
import { dayPhrase, formatBpm, formatTimeOfDay, heartRateChart, heartRateLabel, readingsOf, summarizeReadings } from '../format/heart-rate-chart.ts';
import type { HeartRateChart, Reading, ReadingSummary } from '../format/heart-rate-chart.ts';
import { DataPanel } from './DataPanel.tsx';
import { EmptyState } from './EmptyState.tsx';
import type { DataPanelProps } from './DataPanel.tsx';
import '../styles/panels.css';

interface Props extends DataPanelProps<HeartRateData> {
  /** The panel's heading and the region's name, e.g. "Heart rate". */
  readonly title: string;
}

/** With more readings than this the line is drawn without a dot per reading (they would merge). */
const MAX_DOTS = 120;

export function HeartRatePanel(props: Props) {
  return (
    <DataPanel {...props} errorTitle="Could not load the heart rate">
      {(data) => <HeartRateBody data={data} />}
    </DataPanel>
  );
}

function HeartRateBody({ data }: { readonly data: HeartRateData }) {
  const readings = readingsOf(data.points);
  const summary = summarizeReadings(readings);
  const chart = heartRateChart(readings, data.restingBpm);
  const dayText = dayPhrase(data.day, new Date());
  if (!summary || !chart) {
    return (
      <div className="heart-rate">
        <EmptyState title={dayText === 'today' ? 'No heart-rate readings yet today.' : `No heart-rate readings ${dayText}.`}>
          Readings appear once your watch or tracker has synced with its phone app. Choose Reload data to look again.
        </EmptyState>
        {data.restingBpm !== null ? <HeartRateSummary summary={null} restingBpm={data.restingBpm} /> : null}
      </div>
    );
  }
  return (
    <div className="heart-rate">
      <HeartRateSummary summary={summary} restingBpm={data.restingBpm} />
      <HeartRateChartSvg chart={chart} label={heartRateLabel(summary, data.restingBpm, dayText)} restingBpm={data.restingBpm} />
      <HeartRateReadings readings={readings} />
    </div>
  );
}

/** Latest, Lowest, Highest and Resting, above the chart. */
function HeartRateSummary({ summary, restingBpm }: { readonly summary: ReadingSummary | null; readonly restingBpm: number | null }) {
  return (
    <dl className="heart-rate-summary">
      {summary ? (
        <>
          <SummaryItem label="Latest" reading={summary.last} />
          <SummaryItem label="Lowest" reading={summary.lowest} />
          <SummaryItem label="Highest" reading={summary.highest} />
        </>
      ) : null}
      {restingBpm !== null ? (
        <div className="heart-rate-stat">
          <dt>Resting</dt>
          <dd>{formatBpm(restingBpm)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function SummaryItem({ label, reading }: { readonly label: string; readonly reading: Reading }) {
  return (
    <div className="heart-rate-stat">
      <dt>{label}</dt>
      <dd>
        {formatBpm(reading.bpm)}{' '}
        <time className="heart-rate-stat-time" dateTime={new Date(reading.at).toISOString()}>
          at {formatTimeOfDay(reading.at)}
        </time>
      </dd>
    </div>
  );
}

interface ChartProps {
  readonly chart: HeartRateChart;
  readonly label: string;
  readonly restingBpm: number | null;
}

/** The line chart: an image with a text alternative; the readings table below carries the detail. */
function HeartRateChartSvg({ chart, label, restingBpm }: ChartProps) {
  const { size, plot, points } = chart;
  const latest = points[points.length - 1];
  const anchorOf = (index: number): 'start' | 'end' | 'middle' => (chart.timeTicks.length === 1 ? 'middle' : index === 0 ? 'start' : 'end');
  return (
    <svg className="heart-rate-chart" viewBox={`0 0 ${size.width} ${size.height}`} role="img" aria-label={label} focusable="false">
      {chart.bpmTicks.map((tick) => (
        <g key={`bpm-${tick.value}`} className="heart-rate-tick">
          <line className="heart-rate-grid" x1={plot.left} x2={plot.right} y1={tick.position} y2={tick.position} />
          <text x={plot.left - 6} y={tick.position} textAnchor="end" dominantBaseline="middle">
            {Math.round(tick.value)}
          </text>
        </g>
      ))}
      <line className="heart-rate-axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      {chart.timeTicks.map((tick, index) => (
        <text key={`time-${tick.value}`} className="heart-rate-tick" x={tick.position} y={plot.bottom + 17} textAnchor={anchorOf(index)}>
          {formatTimeOfDay(tick.value)}
        </text>
      ))}
      {chart.restingY !== null && restingBpm !== null ? (
        <g className="heart-rate-resting">
          <line x1={plot.left} x2={plot.right} y1={chart.restingY} y2={chart.restingY} strokeDasharray="5 4" />
          <text x={plot.right + 6} y={chart.restingY} dominantBaseline="middle">
            {`Resting ${Math.round(restingBpm)}`}
          </text>
        </g>
      ) : null}
      <path className="heart-rate-line" d={chart.path} fill="none" />
      {points.length <= MAX_DOTS
        ? points.map((point, index) => (
            <circle key={index} className="heart-rate-dot" cx={point.x} cy={point.y} r={2.5}>
              <title>{`${formatTimeOfDay(point.reading.at)}: ${formatBpm(point.reading.bpm)}`}</title>
            </circle>
          ))
        : null}
      {latest ? <circle className="heart-rate-dot heart-rate-latest" cx={latest.x} cy={latest.y} r={4} /> : null}
    </svg>
  );
}

/** Every reading as a table, folded away: the chart's detail for screen readers and keyboard users. */
function HeartRateReadings({ readings }: { readonly readings: readonly Reading[] }) {
  return (
    <details className="heart-rate-readings">
      <summary>{readings.length === 1 ? 'Show the reading' : `Show all ${readings.length} readings`}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Heart rate</th>
          </tr>
        </thead>
        <tbody>
          {readings.map((reading, index) => (
            <tr key={index}>
              <td>
                <time dateTime={new Date(reading.at).toISOString()}>{formatTimeOfDay(reading.at)}</time>
              </td>
              <td>{formatBpm(reading.bpm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
