import type { PatternStore } from '@smoke-repair/pattern-store';
import { redactDeep, redactText, runSecrets } from '@smoke-repair/smoke-validator';
import type { RepairLoopConfig } from '../config/loop-config.js';
import type { LoopDeps } from '../loop/loop-deps.js';

/**
 * The secret values of a loop run, redacted by value wherever they appear: configured header
 * values, the runner's env and the environment's `*_KEY`/`*_TOKEN`/`*_SECRET`/`*_PASSWORD`
 * values (what commands inherit), the secret-named variables the app's and the agent's command
 * lines assign, the LLM key, and the pattern store URI's password.
 */
export function loopSecrets(config: Pick<RepairLoopConfig, 'smoke' | 'repair' | 'patterns'>): string[] {
  // Defensive reads: callers (and tests) may hand in a partial config.
  const runner = (config.smoke.app?.runner ?? {}) as { env?: Record<string, string>; command?: string | string[] };
  const apiKeyEnv = config.repair?.llm?.apiKeyEnv;
  const apiKey = apiKeyEnv ? process.env[apiKeyEnv] : undefined;
  const command = config.repair?.command as { env?: Record<string, string>; command?: string | string[] } | undefined;
  const app = (config.smoke.app ?? {}) as { build?: string; reset?: string };
  const testCommand = config.smoke.smoke?.testCommand;
  return [
    ...runSecrets({
      headers: config.smoke.smoke?.headers ?? {},
      runnerEnv: { ...runner.env, ...testCommand?.env, ...command?.env },
      // `AGENT_TOKEN=… aider …`: what a command line assigns, its process may print.
      commands: [runner.command, command?.command, app.build, app.reset, testCommand?.command],
      uris: config.patterns?.store ? [config.patterns.store] : [],
    }),
    ...(apiKey && apiKey.length >= 4 ? [apiKey] : []),
  ];
}

/**
 * Deps whose artifacts (loop.json, escalation.json, loop.html, snapshots) are redacted before
 * they are written. Patches are code and are written as they are: `[REDACTED]` in one would
 * not apply.
 */
export function redactingArtifacts<D extends Pick<LoopDeps, 'writeArtifact'>>(deps: D, secrets: readonly string[]): D {
  return {
    ...deps,
    writeArtifact: (name, content) =>
      deps.writeArtifact(name, name.endsWith('.patch') ? content : redactText(content, secrets)),
  };
}

/** A store that records attempts with their secrets redacted (a command line, a description). */
export function redactingStore(store: PatternStore, secrets: readonly string[]): PatternStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'recordAttempt')
        return (input: Parameters<PatternStore['recordAttempt']>[0]) =>
          target.recordAttempt(redactDeep(input, secrets));
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
