import { basename } from 'node:path';
import { renderHtmlReport, renderJsonReport, renderJunitReport, type SmokeResult } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import { loopSecrets } from '../adapters/redaction.js';
import type { LoopDeps } from '../loop/loop-deps.js';
import type { LoopResult, SmokeSummary } from '../loop/loop-result.js';
import { summarizeSmoke } from '../loop/summarize.js';
import { renderLoopHtml, renderLoopSection } from './loop-html.js';
import type { LoopRecording } from './loop-recorder.js';

/** The report sets `run` leaves beside loop.html: the baseline smoke's and the accepted state's. */
const REPORT_SETS = { baseline: 'baseline', final: 'final' } as const;

/** Where `writeLoopReports` wrote (null: no smoke run to report). */
export interface LoopReportPaths {
  readonly loopHtml: string;
  /** `final/smoke.html`: the smoke of the accepted state. */
  readonly smokeHtml: string | null;
  /** `baseline/smoke.html`: the smoke before any repair. */
  readonly baselineHtml: string | null;
}

/**
 * Writes `loop.html` into the artifacts directory, linking two report sets: `baseline/` (the
 * first smoke, before any repair) and `final/` (the smoke of the accepted state), each
 * smoke.html + smoke.xml + smoke.json, the HTML with a "Repair loop" section linking back. The
 * loop's smokes wrote these folders as they ran; here they are rewritten from the right runs.
 */
export async function writeLoopReports(
  deps: Pick<LoopDeps, 'writeArtifact'>,
  config: Pick<RepairLoopConfig, 'smoke' | 'loop' | 'repair' | 'patterns'>,
  result: LoopResult,
  recording: LoopRecording,
): Promise<LoopReportPaths> {
  const secrets = loopSecrets(config);
  const baseline = recording.smokes[0];
  // The accepted state's run: the latest whose figures are the result's final ones.
  const final = [...recording.smokes].reverse().find((o) => sameSummary(summarizeSmoke(o.result), result.final));
  const view = {
    diffs: recording.diffs,
    rollbacks: recording.rollbacks,
    targetPassRate: config.loop.targetPassRate,
    secrets,
    ...(baseline ? { baselineReport: `${REPORT_SETS.baseline}/smoke.html` } : {}),
    ...(final ? { smokeReport: `${REPORT_SETS.final}/smoke.html` } : {}),
    ...(result.patchFile ? { acceptedPatch: basename(result.patchFile) } : {}),
  };
  const loopHtml = await deps.writeArtifact('loop.html', renderLoopHtml(result, view));
  // The smoke reports sit one folder down: their links go up to loop.html and the patch.
  const section = renderLoopSection(result, {
    ...view,
    loopReport: '../loop.html',
    ...(view.acceptedPatch ? { acceptedPatch: `../${view.acceptedPatch}` } : {}),
  });
  const writeSet = async (set: string, smoke: SmokeResult) => {
    await deps.writeArtifact(`${set}/smoke.xml`, renderJunitReport(smoke));
    await deps.writeArtifact(`${set}/smoke.json`, renderJsonReport(smoke));
    return deps.writeArtifact(
      `${set}/smoke.html`,
      renderHtmlReport(smoke, `smoke-repair smoke report (${set})`, { loopSection: section }),
    );
  };
  const baselineHtml = baseline ? await writeSet(REPORT_SETS.baseline, baseline.result) : null;
  const smokeHtml = final ? await writeSet(REPORT_SETS.final, final.result) : null;
  return { loopHtml, smokeHtml, baselineHtml };
}

function sameSummary(a: SmokeSummary, b: SmokeSummary): boolean {
  return (Object.keys(b) as (keyof SmokeSummary)[]).every((key) => a[key] === b[key]);
}
