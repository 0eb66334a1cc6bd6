/**
 * Issue 16, secrets: a run and a smoke with a custom credential header the app echoes into its
 * log, an agent whose command line sets AGENT_TOKEN and which prints it (and an inherited
 * DEPLOY_SECRET, and its prompt): no artifact file, no pattern store line, no output line holds
 * any of the values.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agent, tinyAppCopy } from './support/apps.js';
import { killLeftovers, runCli } from './support/processes.js';
import { readConfig, writeConfig } from './support/user-tree.js';

const base = mkdtempSync(join(tmpdir(), 'loop-secrets-'));
const state = { XDG_STATE_HOME: join(base, 'state') };
afterAll(() => {
  const leftovers = killLeftovers(base);
  rmSync(base, { recursive: true, force: true });
  expect(leftovers, 'processes left running after the file').toEqual([]);
});

// Shapes no token pattern knows: only redaction by value can catch them.
const HEADER = 'hdr-9f8e7d6c5b4a-custom';
const AGENT_TOKEN = 'agt-1a2b3c4d5e6f7a8b';
const DEPLOY_SECRET = 'env-0a9b8c7d6e5f4a3b';
const SECRETS = [HEADER, AGENT_TOKEN, DEPLOY_SECRET];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

function hits(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

describe('secrets never reach an artifact, the store or the terminal', () => {
  it(`run and smoke: header value echoed by the app, AGENT_TOKEN on the agent command line and printed by it, an env \
secret: 0 hits`, async () => {
    const app = await tinyAppCopy(base, 'leaky', {
      agent: 'leak-secrets.py',
      env: { TINY_ECHO_HEADER: 'X-Custom-Auth' },
    });
    const config = readConfig(app.dir) as {
      smoke: Record<string, unknown>;
      repair: { command: Record<string, unknown> };
    };
    writeConfig(app.dir, {
      ...config,
      smoke: { ...config.smoke, headers: { 'X-Custom-Auth': HEADER } },
      repair: {
        ...config.repair,
        command: {
          ...config.repair.command,
          command: `AGENT_TOKEN=${AGENT_TOKEN} ${agent('leak-secrets.py').join(' ')}`,
        },
      },
    });
    const env = { ...state, DEPLOY_SECRET };
    const run = await runCli(['--config', app.config, '--no-apply'], { cwd: app.dir, env }).done;
    expect(run.code, run.stderr).toBe(0);
    const smoke = await runCli(['--config', app.config], { cwd: app.dir, env, command: 'smoke' }).done;
    expect(smoke.code, smoke.stderr).toBe(1);

    const files = [...filesUnder(app.artifacts), app.store.slice('file:'.length)];
    // What the secrets would have been in: the app's log, the agent's transcript and chat history.
    for (const name of [
      'server.log',
      join('agent', readdirSync(join(app.artifacts, 'agent')).find((f) => f.endsWith('.log'))!),
    ]) {
      expect(readFileSync(join(app.artifacts, name), 'utf8'), name).toContain('[REDACTED]');
    }
    expect(
      files.some((f) => f.endsWith('.aider.chat.history.md')),
      files.join('\n'),
    ).toBe(true);
    const found = files.flatMap((path) => hits(readFileSync(path, 'utf8')).map((secret) => `${path}: ${secret}`));
    expect(found).toEqual([]);
    for (const [what, text] of Object.entries({
      runStdout: run.stdout,
      runStderr: run.stderr,
      smokeStdout: smoke.stdout,
      smokeStderr: smoke.stderr,
    })) {
      expect(hits(text), what).toEqual([]);
    }
  });
});
