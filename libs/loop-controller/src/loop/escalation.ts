import type { FreshnessReport } from '@smoke-repair/smoke-validator';
import type { LoopDeps, SmokeOutcome } from './loop-deps.js';
import type { EscalationBundle, EscalationReason } from './loop-result.js';

/**
 * Seed 004's escalation bundle, fields in the seed's order, null where a value could not be
 * collected. Written to `escalation.json` beside the smoke reports.
 */
export async function buildEscalation(
  deps: LoopDeps,
  input: {
    reason: EscalationReason;
    last: SmokeOutcome;
    freshness: FreshnessReport | null;
    attempts: ReadonlyMap<string, number>;
    commands: readonly string[];
    lastPatchDiff: string | null;
  },
): Promise<EscalationBundle> {
  // One entry per (nodeid, signature): variants of one endpoint failing the same way are one failure.
  const failures = [
    ...new Map(
      input.last.result.violations.map((v) => {
        const failure = {
          nodeid: v.nodeid ?? v.endpoint,
          signature: v.signature.key,
          attempts: input.attempts.get(v.signature.hash) ?? 0,
        };
        return [`${failure.nodeid}\u0000${failure.signature}`, failure] as const;
      }),
    ).values(),
  ];
  const curls = input.last.result.violations.map((v) => v.reproduce).filter((c) => c.trim() !== '');
  const requirements = await deps.requirementsSnapshot?.().catch(() => null);
  const requirementsPath = requirements ? await deps.writeArtifact('requirements.snapshot.txt', requirements) : null;
  const live = await deps.serviceSnapshot?.().catch(() => null);
  const ss = live?.ss ?? (await deps.portListener?.().catch(() => null)) ?? input.freshness?.ss ?? null;
  const bundle: EscalationBundle = {
    reason: input.reason,
    failures,
    repro_commands: [...new Set([deps.smokeCommand, ...input.commands, ...curls])],
    last_patch_diff: input.lastPatchDiff,
    artifacts: [input.last.reports?.html ?? null, input.last.reports?.junit ?? null, requirementsPath],
    exec_rpc_freshness: { meta: live?.meta ?? input.freshness?.meta ?? null, ss },
  };
  await deps.writeArtifact('escalation.json', `${JSON.stringify(bundle, null, 2)}\n`);
  return bundle;
}
