/**
 * A measure's trend, drawn by hand in SVG (no chart library: the chart is small and the first load stays light): the
 * clinical bands as shaded strips, each score as a point on a line, and a table of the same numbers for anyone who
 * does not read the drawing (screen readers get the table; the SVG is one labelled image). Colours are SVG attributes
 * and classes, never inline styles (the console's CSP allows styles from its own files only).
 */
import { useId } from 'react';
import { calendarDate } from '../lib/dates';
import { bandLabel, type Trend } from '../lib/chart';

const W = 560;
const H = 220;
const PAD = { left: 40, right: 175, top: 12, bottom: 32 };
const SERIES_CLASSES = ['trend-line-1', 'trend-line-2', 'trend-line-3'];

const dateOf = (iso: string) => calendarDate(iso.slice(0, 10));

export function TrendChart({ trend }: { trend: Trend }) {
  const id = useId();
  const all = trend.series.flatMap((s) => s.points);
  const times = all.map((p) => new Date(p.at).getTime());
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (at: string) => PAD.left + (t1 === t0 ? plotW / 2 : ((new Date(at).getTime() - t0) / (t1 - t0)) * plotW);
  const y = (v: number) => PAD.top + plotH - (Math.min(v, trend.max) / trend.max) * plotH;
  const ticks = trend.bands.length > 0 ? [...trend.bands.map((b) => b.from), trend.max] : [0, 6, 12, 18, 24];
  const latest = trend.series.map((s) => ({ s, last: s.points.at(-1) }));
  const summary = latest
    .filter((l) => l.last)
    .map(({ s, last }) => `${trend.series.length > 1 ? `${s.label}: ` : ''}latest ${last!.value}${last!.band ? ` (${bandLabel(last!.band)})` : ''} on ${dateOf(last!.at)}`)
    .join('; ');
  return (
    <figure className="trend" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{trend.instrument}</strong> <span className="muted">({trend.series[0]?.points.length ?? 0} administered; {summary})</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="trend-svg" role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{`${trend.instrument} trend: ${summary}. The table below lists every score.`}</title>
        {trend.bands.map((b) => (
          <g key={b.label}>
            <rect x={PAD.left} width={plotW} y={y(b.to + (b.to === trend.max ? 0 : 1))} height={y(b.from) - y(b.to + (b.to === trend.max ? 0 : 1))} className={`band band-${b.tone}`} />
            <text x={W - PAD.right + 6} y={(y(b.from) + y(b.to + (b.to === trend.max ? 0 : 1))) / 2 + 4} className="band-label">
              {b.label} ({b.from}-{b.to})
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} className="axis" />
        <line x1={PAD.left} x2={PAD.left + plotW} y1={PAD.top + plotH} y2={PAD.top + plotH} className="axis" />
        {ticks.map((t) => (
          <text key={t} x={PAD.left - 6} y={y(t) + 4} className="tick" textAnchor="end">
            {t}
          </text>
        ))}
        <text x={PAD.left} y={H - 8} className="tick">
          {dateOf(new Date(t0).toISOString())}
        </text>
        {t1 !== t0 && (
          <text x={PAD.left + plotW} y={H - 8} className="tick" textAnchor="end">
            {dateOf(new Date(t1).toISOString())}
          </text>
        )}
        {trend.series.map((s, i) => (
          <g key={s.key} className={SERIES_CLASSES[i % SERIES_CLASSES.length]}>
            {s.points.length > 1 && <polyline fill="none" className="trend-line" points={s.points.map((p) => `${x(p.at)},${y(p.value)}`).join(' ')} />}
            {s.points.map((p, k) => (
              <circle key={k} cx={x(p.at)} cy={y(p.value)} r={4} className="trend-point" />
            ))}
          </g>
        ))}
        {trend.series.length > 1 &&
          trend.series.map((s, i) => (
            <g key={s.key} className={SERIES_CLASSES[i % SERIES_CLASSES.length]}>
              <line x1={W - PAD.right + 6} x2={W - PAD.right + 22} y1={PAD.top + 10 + i * 18} y2={PAD.top + 10 + i * 18} className="trend-line" />
              <text x={W - PAD.right + 26} y={PAD.top + 14 + i * 18} className="band-label">
                {s.label}
              </text>
            </g>
          ))}
      </svg>
      <details className="trend-table">
        <summary>{trend.instrument} scores as a table</summary>
        <table className="table">
          <caption className="visually-hidden">{trend.instrument} scores, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              {trend.series.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
              {trend.bands.length > 0 && <th scope="col">Band</th>}
            </tr>
          </thead>
          <tbody>
            {trend.series[0]?.points.map((p, k) => (
              <tr key={k}>
                <th scope="row">{dateOf(p.at)}</th>
                {trend.series.map((s) => (
                  <td key={s.key}>{s.points[k]?.value}</td>
                ))}
                {trend.bands.length > 0 && <td>{bandLabel(p.band)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
