import type { LoopResult } from '../loop/loop-result.js';
import { pct } from './html-text.js';

const W = 640;
const H = 220;
const M = { left: 44, right: 20, top: 22, bottom: 34 };

/**
 * The pass rate per iteration as an inline SVG line chart: the baseline, then each iteration's
 * re-smoke (green: kept, red: rolled back), with the target as a dashed line. No scripts.
 */
export function passRateChart(result: LoopResult, target?: number): string {
  const points = [
    {
      label: 'baseline',
      rate: result.initial.passRate,
      color: '#59636e',
      note: `${result.initial.serverErrors} × 5xx`,
    },
    ...result.iterations.flatMap((it) =>
      it.smoke
        ? [
            {
              label: String(it.iteration),
              rate: it.smoke.passRate,
              color: it.kept ? '#1a7f37' : '#cf222e',
              note: `${it.smoke.serverErrors} × 5xx${it.kept ? '' : ', rolled back'}`,
            },
          ]
        : [],
    ),
  ];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points.length === 1 ? plotW / 2 : (plotW * i) / (points.length - 1));
  const y = (rate: number) => M.top + plotH * (1 - Math.min(1, Math.max(0, rate)));
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (r) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(r)}" y2="${y(r)}" stroke="#eaeef2"/><text ` +
        `x="${M.left - 6}" y="${y(r) + 4}" font-size="11" text-anchor="end" fill="#59636e">${r * 100}%</text>`,
    )
    .join('');
  const targetLine =
    target === undefined
      ? ''
      : `<line x1="${M.left}" x2="${W - M.right}" y1="${y(target)}" y2="${y(target)}" stroke="#1f2328" ` +
        `stroke-dasharray="4 3"/><text x="${W - M.right}" y="${y(target) - 4}" font-size="11" text-anchor="end" ` +
        `fill="#1f2328">target ${pct(target)}</text>`;
  const line =
    points.length > 1
      ? `<polyline fill="none" stroke="#0969da" stroke-width="2" ` +
        `points="${points.map((p, i) => `${x(i)},${y(p.rate)}`).join(' ')}"/>`
      : '';
  const marks = points
    .map(
      (p, i) =>
        `<g><title>${p.label}: ${pct(p.rate)} (${p.note})</title><circle cx="${x(i)}" cy="${y(p.rate)}" r="5" ` +
        `fill="${p.color}"/><text x="${x(i)}" y="${y(p.rate) - 9}" font-size="11" text-anchor="middle" ` +
        `fill="#1f2328">${pct(p.rate)}</text><text x="${x(i)}" y="${H - M.bottom + 16}" font-size="11" ` +
        `text-anchor="middle" fill="#59636e">${p.label}</text></g>`,
    )
    .join('');
  const summary = points.map((p) => `${p.label} ${pct(p.rate)}`).join(', ');
  return (
    `<svg role="img" aria-label="pass rate per iteration: ${summary}" width="${W}" height="${H}" viewBox="0 ` +
    `0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg" style="max-width:100%;` +
    `height:auto">${grid}${targetLine}${line}${marks}<text x="${M.left + plotW / 2}" y="${H - 4}" font-size="11" ` +
    `text-anchor="middle" fill="#59636e">iteration</text></svg>`
  );
}
