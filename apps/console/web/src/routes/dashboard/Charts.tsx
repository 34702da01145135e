/**
 * The dashboard's charts, drawn by hand in SVG as components/TrendChart.tsx is (no chart library; colours are classes,
 * never inline styles, for the console's CSP). Each is one labelled image with its reading in the caption, and a table of
 * the same numbers for anyone who does not read the drawing. A suppressed figure is drawn as nothing and said as
 * "suppressed".
 */
import { useId } from 'react';
import {
  ABSTINENCE_CITED, againstCited, type AlumniFigures, changeText, countText, fractionText, type Median, percentOf, type Rate, rateText, SUPPRESSED,
} from './metrics';

const W = 560;

/** Abstinence at first follow-up on a 0-100% scale, the program's cited 50-70% shaded behind it. */
export function AbstinenceChart({ rate }: { rate: Rate }) {
  const id = useId();
  const H = 84;
  const PAD = { left: 12, right: 12, top: 18, bottom: 26 };
  const plotW = W - PAD.left - PAD.right;
  const x = (share: number) => PAD.left + share * plotW;
  const value = rate.suppressed ? null : rate.rate;
  const where = againstCited(value);
  const reading = rate.suppressed
    ? `suppressed (fewer than 11 patients, or a difference of 1 to 10)`
    : value === null
      ? 'no discharged patient has a completed follow-up in this period'
      : `${percentOf(value)}: ${fractionText(rate)} discharged patients with a completed follow-up, ${where} the cited ${percentOf(ABSTINENCE_CITED.low)}–${percentOf(ABSTINENCE_CITED.high)}`;
  return (
    <figure className="dash-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>Abstinence at first follow-up</strong>{' '}
        <span className="dash-reading" data-figure="abstinence">
          {rateText(rate)}
        </span>{' '}
        <span className="muted">
          {rate.suppressed ? '(fewer than 11 patients)' : `(${fractionText(rate)} with a completed follow-up; the program cites 50–70%)`}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="dash-svg" role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{`Abstinence at first follow-up: ${reading}. The table below lists the numbers.`}</title>
        <rect x={x(0)} y={PAD.top} width={plotW} height={H - PAD.top - PAD.bottom} className="dash-track" />
        <rect x={x(ABSTINENCE_CITED.low)} y={PAD.top - 6} width={x(ABSTINENCE_CITED.high) - x(ABSTINENCE_CITED.low)} height={H - PAD.top - PAD.bottom + 12} className="dash-cited" />
        <text x={(x(ABSTINENCE_CITED.low) + x(ABSTINENCE_CITED.high)) / 2} y={PAD.top - 8} className="dash-tick" textAnchor="middle">
          cited 50–70%
        </text>
        {value !== null && <rect x={x(0)} y={PAD.top + 8} width={Math.max(1, value * plotW)} height={H - PAD.top - PAD.bottom - 16} className={`dash-bar dash-bar-${where}`} />}
        {value !== null && <line x1={x(value)} x2={x(value)} y1={PAD.top - 2} y2={H - PAD.bottom + 2} className="dash-marker" />}
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <text key={t} x={x(t)} y={H - 8} className="dash-tick" textAnchor={t === 0 ? 'start' : t === 1 ? 'end' : 'middle'}>
            {percentOf(t)}
          </text>
        ))}
        {rate.suppressed && (
          <text x={W / 2} y={PAD.top + (H - PAD.top - PAD.bottom) / 2 + 4} className="dash-suppressed" textAnchor="middle">
            suppressed
          </text>
        )}
      </svg>
      <details className="dash-table">
        <summary>Abstinence at first follow-up as a table</summary>
        <table className="table">
          <caption className="visually-hidden">Abstinence at first follow-up</caption>
          <tbody>
            <tr>
              <th scope="row">Abstinent at their first follow-up</th>
              <td className="num">{rate.suppressed ? SUPPRESSED : rate.numerator}</td>
            </tr>
            <tr>
              <th scope="row">Discharged with a completed follow-up (the denominator)</th>
              <td className="num">{rate.suppressed ? SUPPRESSED : rate.denominator}</td>
            </tr>
            <tr>
              <th scope="row">Share</th>
              <td className="num">{rateText(rate)}</td>
            </tr>
            <tr>
              <th scope="row">Range the program cites</th>
              <td className="num">50–70%</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export type Bar = { key: string; label: string; value: number | null; suppressed?: boolean };

/** Horizontal bars of counts, one row each (census, discharges by reason). */
export function BarChart({ title, bars, unit, description }: { title: string; bars: Bar[]; unit: string; description?: string }) {
  const id = useId();
  const ROW = 26;
  const PAD = { left: 190, right: 90, top: 6, bottom: 6 };
  const H = PAD.top + PAD.bottom + Math.max(1, bars.length) * ROW;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const plotW = W - PAD.left - PAD.right;
  const valueText = (b: Bar) => (b.suppressed || b.value === null ? SUPPRESSED : String(b.value));
  const summary = bars.length === 0 ? 'none' : bars.map((b) => `${b.label} ${valueText(b)}`).join('; ');
  return (
    <figure className="dash-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{title}</strong> {description && <span className="muted">{description}</span>}
      </figcaption>
      {bars.length === 0 ? (
        <p className="muted">No {unit} in this period.</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} className="dash-svg" role="img" aria-labelledby={`${id}-title`}>
          <title id={`${id}-title`}>{`${title}: ${summary}. The table below lists the numbers.`}</title>
          {bars.map((b, i) => {
            const y = PAD.top + i * ROW;
            const width = b.value ? (b.value / max) * plotW : 0;
            return (
              <g key={b.key}>
                <text x={PAD.left - 8} y={y + ROW / 2 + 4} className="dash-label" textAnchor="end">
                  {b.label}
                </text>
                {width > 0 && <rect x={PAD.left} y={y + 4} width={width} height={ROW - 8} className="dash-bar" />}
                <text x={PAD.left + width + 6} y={y + ROW / 2 + 4} className={b.suppressed ? 'dash-suppressed' : 'dash-value'}>
                  {valueText(b)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 && (
        <details className="dash-table">
          <summary>{title} as a table</summary>
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{title}</th>
                <th scope="col" className="num">
                  {unit}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.key}>
                  <th scope="row">{b.label}</th>
                  <td className="num">{valueText(b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

/** Median score changes around zero: left of the line the scores fell (better), right they rose. */
export function ChangeChart({ title, changes }: { title: string; changes: { key: string; label: string; median: Median }[] }) {
  const id = useId();
  const ROW = 30;
  const PAD = { left: 90, right: 60, top: 20, bottom: 8 };
  const H = PAD.top + PAD.bottom + changes.length * ROW;
  const span = Math.max(5, ...changes.map((c) => Math.abs(c.median.median ?? 0)));
  const plotW = W - PAD.left - PAD.right;
  const x = (v: number) => PAD.left + ((v + span) / (2 * span)) * plotW;
  const summary = changes.map((c) => `${c.label} ${changeText(c.median)}`).join('; ');
  return (
    <figure className="dash-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>{title}</strong> <span className="muted">median change from first to last score in the episode, discharged patients; below zero is improvement</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="dash-svg" role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{`${title}: ${summary}. The table below lists the numbers.`}</title>
        <text x={x(-span)} y={12} className="dash-tick">
          ← improved
        </text>
        <text x={x(span)} y={12} className="dash-tick" textAnchor="end">
          worsened →
        </text>
        <line x1={x(0)} x2={x(0)} y1={PAD.top - 4} y2={H - PAD.bottom} className="dash-axis" />
        {changes.map((c, i) => {
          const y = PAD.top + i * ROW;
          const v = c.median.suppressed ? null : c.median.median;
          return (
            <g key={c.key}>
              <text x={PAD.left - 8} y={y + ROW / 2 + 4} className="dash-label" textAnchor="end">
                {c.label}
              </text>
              {v !== null && v !== 0 && (
                <rect x={Math.min(x(0), x(v))} y={y + 6} width={Math.abs(x(v) - x(0))} height={ROW - 12} className={v < 0 ? 'dash-bar dash-bar-within' : 'dash-bar dash-bar-below'} />
              )}
              <text x={v !== null && v > 0 ? x(v) + 6 : x(0) + 6} y={y + ROW / 2 + 4} className={c.median.suppressed ? 'dash-suppressed' : 'dash-value'}>
                {changeText(c.median)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="dash-table">
        <summary>{title} as a table</summary>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                Median change
              </th>
              <th scope="col" className="num">
                Episodes with two or more scores
              </th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                <td className="num">{changeText(c.median)}</td>
                <td className="num">{c.median.suppressed ? SUPPRESSED : c.median.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * Alumni attendance: the alumni who came in the period, the alumni sessions they attended, and the share who came
 * every week (the program offers alumni one session a week), drawn on a 0-100% scale.
 */
export function AlumniChart({ alumni }: { alumni: AlumniFigures }) {
  const id = useId();
  const { active, sessions, weekly } = alumni;
  const H = 64;
  const PAD = { left: 12, right: 12, top: 8, bottom: 26 };
  const plotW = W - PAD.left - PAD.right;
  const x = (share: number) => PAD.left + share * plotW;
  const value = weekly.suppressed ? null : weekly.rate;
  const reading = weekly.suppressed
    ? 'suppressed (fewer than 11 alumni, or a difference of 1 to 10)'
    : value === null
      ? 'no alumnus had a whole week as alumni in this period'
      : `${percentOf(value)}: ${fractionText(weekly)} alumni came every whole week they were alumni`;
  return (
    <figure className="dash-figure" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <strong>Alumni attendance</strong>{' '}
        <span className="dash-reading" data-figure="alumni-active">
          {countText(active.count, active.suppressed)}
        </span>{' '}
        <span className="muted">alumni came,</span>{' '}
        <span className="dash-reading" data-figure="alumni-sessions">
          {countText(sessions.count, sessions.suppressed)}
        </span>{' '}
        <span className="muted">alumni sessions attended;</span>{' '}
        <span className="dash-reading" data-figure="alumni-weekly">
          {rateText(weekly)}
        </span>{' '}
        <span className="muted">{weekly.suppressed ? 'came weekly (fewer than 11 alumni)' : `came weekly (${fractionText(weekly)})`}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="dash-svg" role="img" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{`Alumni attending weekly: ${reading}. The table below lists the numbers.`}</title>
        <rect x={x(0)} y={PAD.top} width={plotW} height={H - PAD.top - PAD.bottom} className="dash-track" />
        {value !== null && <rect x={x(0)} y={PAD.top + 6} width={Math.max(1, value * plotW)} height={H - PAD.top - PAD.bottom - 12} className="dash-bar" />}
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <text key={t} x={x(t)} y={H - 8} className="dash-tick" textAnchor={t === 0 ? 'start' : t === 1 ? 'end' : 'middle'}>
            {percentOf(t)}
          </text>
        ))}
        {weekly.suppressed && (
          <text x={W / 2} y={PAD.top + (H - PAD.top - PAD.bottom) / 2 + 4} className="dash-suppressed" textAnchor="middle">
            suppressed
          </text>
        )}
      </svg>
      <details className="dash-table">
        <summary>Alumni attendance as a table</summary>
        <table className="table">
          <caption className="visually-hidden">Alumni attendance</caption>
          <tbody>
            <tr>
              <th scope="row">Alumni who attended at least one alumni session</th>
              <td className="num">{countText(active.count, active.suppressed)}</td>
            </tr>
            <tr>
              <th scope="row">Alumni sessions attended</th>
              <td className="num">{countText(sessions.count, sessions.suppressed)}</td>
            </tr>
            <tr>
              <th scope="row">Alumni who came every whole week they were alumni</th>
              <td className="num">{weekly.suppressed ? SUPPRESSED : weekly.numerator}</td>
            </tr>
            <tr>
              <th scope="row">Alumni with at least one whole week as alumni (the denominator)</th>
              <td className="num">{weekly.suppressed ? SUPPRESSED : weekly.denominator}</td>
            </tr>
            <tr>
              <th scope="row">Share attending weekly</th>
              <td className="num">{rateText(weekly)}</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
