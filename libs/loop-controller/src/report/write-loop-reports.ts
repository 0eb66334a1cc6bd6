import { writeFile } from 'node:fs/promises';
import { basename, dirname, relative } from 'node:path';
import { renderHtmlReport } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { LoopDeps } from '../loop/loop-deps.js';
import type { LoopResult, SmokeSummary } from '../loop/loop-result.js';
import { summarizeSmoke } from '../loop/summarize.js';
import { renderLoopHtml, renderLoopSection } from './loop-html.js';
import type { LoopRecording } from './loop-recorder.js';

/**
 * Writes `loop.html` into the artifacts directory and re-renders `smoke.html` from the smoke
 * run of the accepted state, with a "Repair loop" section linking to it. Returns both paths
 * (smoke.html null when no smoke run wrote one).
 */
export async function writeLoopReports(
  deps: Pick<LoopDeps, 'writeArtifact'>,
  config: Pick<RepairLoopConfig, 'smoke' | 'loop' | 'repair'>,
  result: LoopResult,
  recording: LoopRecording,
): Promise<{ loopHtml: string; smokeHtml: string | null }> {
  const apiKeyEnv = config.repair.llm?.apiKeyEnv;
  const secrets = [...Object.values(config.smoke.smoke.headers), ...(apiKeyEnv && process.env[apiKeyEnv] ? [process.env[apiKeyEnv]!] : [])];
  // The accepted state's run: the latest whose figures are the result's final ones.
  const final = [...recording.smokes].reverse().find((o) => sameSummary(summarizeSmoke(o.result), result.final));
  const smokeHtml = final?.reports?.html ?? null;
  const view = {
    diffs: recording.diffs,
    rollbacks: recording.rollbacks,
    targetPassRate: config.loop.targetPassRate,
    secrets,
    ...(smokeHtml ? { smokeReport: basename(smokeHtml) } : {}),
    ...(result.patchFile ? { acceptedPatch: basename(result.patchFile) } : {}),
  };
  const loopHtml = await deps.writeArtifact('loop.html', renderLoopHtml(result, view));
  if (final && smokeHtml) {
    const section = renderLoopSection(result, { ...view, loopReport: relative(dirname(smokeHtml), loopHtml) });
    await writeFile(smokeHtml, renderHtmlReport(final.result, undefined, { loopSection: section }), 'utf8');
  }
  return { loopHtml, smokeHtml };
}

function sameSummary(a: SmokeSummary, b: SmokeSummary): boolean {
  return (Object.keys(b) as (keyof SmokeSummary)[]).every((key) => a[key] === b[key]);
}
