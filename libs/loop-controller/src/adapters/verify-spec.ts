import { chmod, readFile, writeFile } from 'node:fs/promises';
import { parseSmokeConfig, type SmokeConfig } from '@smoke-repair/smoke-validator';
import { z } from 'zod';

/**
 * What the loop hands its verify bin (`verify-cause.js`) in a file: the smoke config the loop
 * runs with and the root it runs the app from, so the bin can run the same smoke against an
 * agent's scratch copy instead.
 */
const verifySpecSchema = z.strictObject({
  /** The loop's smoke config, loaded (absolute paths), as JSON. */
  config: z.record(z.string(), z.unknown()),
  /** The app root the config's paths point into (the loop's sandbox, or the user's tree). */
  root: z.string().min(1),
});

/** A verify spec as read back. */
export interface VerifySpec {
  readonly config: SmokeConfig;
  readonly root: string;
}

/**
 * Writes the spec (owner-only: the runner's environment may hold the app's secrets, and the file
 * lives as long as the loop does). The config is the loop's, `smoke.documentedTargets` included: the
 * verify bin must only ever run on a fresh copy of the tree, whose data nobody else uses.
 */
export async function writeVerifySpec(path: string, config: SmokeConfig, root: string): Promise<void> {
  await writeFile(path, `${JSON.stringify({ config, root })}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** Reads a spec back into a loaded config (validated again: the file is outside our process). */
export async function readVerifySpec(path: string): Promise<VerifySpec> {
  const spec = verifySpecSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  // configPath and configDir are the loaded config's additions, not keys of the file.
  const raw = Object.fromEntries(
    Object.entries(spec.config).filter(([key]) => key !== 'configPath' && key !== 'configDir'),
  );
  const configPath = spec.config['configPath'];
  const config = parseSmokeConfig(raw, typeof configPath === 'string' ? configPath : undefined);
  return { config, root: spec.root };
}
