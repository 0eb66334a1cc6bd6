import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, NonLoopbackTargetError, StaleServiceError } from '../errors.js';
import type { CommandOutcome, CommandRunner } from '../runner/ports.js';
import { fakeClock, fakeHttp, refused } from '../test-support/fakes.js';
import { checkFreshness } from './check-freshness.js';
import { resolveFreshnessOptions } from './freshness-options.js';

const ok = (stdout: string): CommandOutcome => ({ exitCode: 0, stdout, stderr: '', timedOut: false });
const SS = 'LISTEN 0 128 127.0.0.1:8790 0.0.0.0:* users:(("uvicorn",pid=7,fd=3))';

function deps(meta: (call: number) => string | Error, run: CommandRunner = async () => ok('')) {
  const commands: string[] = [];
  return {
    commands,
    deps: {
      http: fakeHttp((_url, call) => {
        const body = meta(call);
        return body instanceof Error ? body : { status: 200, body };
      }),
      run: (async (command, options) => {
        commands.push(String(command));
        return run(command, options);
      }) as CommandRunner,
      listener: async (port: number) => (port === 8790 ? SS : null),
      clock: fakeClock(),
    },
  };
}

const metaOptions = resolveFreshnessOptions({ meta: { url: 'http://127.0.0.1:8790/__meta' }, port: 8790 });

describe('checkFreshness with a meta URL', () => {
  it('is fresh without a restart when the required fields are there; records meta and ss', async () => {
    const body = '{"git_sha":"abc","started_at":"2024-05-01T10:00:00Z"}';
    const { deps: d } = deps(() => body);
    let restarts = 0;
    const report = await checkFreshness(metaOptions, d, { restart: async () => void restarts++ });
    expect(report).toMatchObject({ fresh: true, restarted: false, meta: body, ss: SS });
    expect(restarts).toBe(0);
  });

  it('restarts once when a field is missing, then passes', async () => {
    const { deps: d } = deps((call) =>
      call === 1 ? '{"git_sha":"abc"}' : '{"git_sha":"abc","started_at":1714557600}',
    );
    let restarts = 0;
    const report = await checkFreshness(metaOptions, d, { restart: async () => void restarts++ });
    expect(restarts).toBe(1);
    expect(report.restarted).toBe(true);
    expect(report.probes[0]).toMatchObject({ fresh: false, missing: ['started_at'] });
  });

  it('throws StaleServiceError with the report when still stale after the restart', async () => {
    const { deps: d } = deps(() => refused());
    const error = (await checkFreshness(metaOptions, d, { restart: async () => undefined }).catch(
      (e: unknown) => e,
    )) as StaleServiceError;
    expect(error).toBeInstanceOf(StaleServiceError);
    expect(error.code).toBe('SMOKE_STALE_SERVICE');
    expect(error.message).toContain('still stale after a restart');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.report).toMatchObject({ fresh: false, restarted: true, meta: null, ss: SS });
  });

  it('is stale when the service started before the patch', async () => {
    const { deps: d } = deps((call) =>
      JSON.stringify({ git_sha: 'x', started_at: call === 1 ? '2024-05-01T10:00:00Z' : '2024-05-01T10:05:00Z' }),
    );
    const report = await checkFreshness(metaOptions, d, {
      notBeforeMs: Date.parse('2024-05-01T10:04:59.500Z'),
      restart: async () => undefined,
    });
    expect(report.probes[0]?.reason).toMatch(/^started at 2024-05-01T10:00:00.000Z, before/);
    expect(report.fresh).toBe(true);
  });

  it('checks expected field values', async () => {
    const { deps: d } = deps(() => '{"git_sha":"old","started_at":1}');
    const error = (await checkFreshness(metaOptions, d, {
      expect: { git_sha: 'new' },
      restart: async () => undefined,
    }).catch((e: unknown) => e)) as StaleServiceError;
    expect(error.message).toContain('git_sha is "old", expected "new"');
  });

  it('fails at once when stale and no restart is configured', async () => {
    const { deps: d } = deps(() => '{}');
    await expect(checkFreshness(metaOptions, d)).rejects.toThrow(/no restart is configured/);
  });

  it('reports a failing restart callback in the error', async () => {
    const { deps: d } = deps(() => '{}');
    const error = (await checkFreshness(metaOptions, d, {
      restart: async () => {
        throw new Error('port busy');
      },
    }).catch((e: unknown) => e)) as StaleServiceError;
    expect(error.message).toContain('the restart failed: port busy');
  });
});

describe('checkFreshness with probe/restart commands (the seed exec-RPC step)', () => {
  const options = resolveFreshnessOptions({
    commands: { probe: 'make exec-rpc-probe', restart: 'make exec-rpc-restart', requiredFields: ['t_ms'] },
  });

  it('runs restart then probe again when t_ms is missing', async () => {
    let probes = 0;
    const { deps: d, commands } = deps(
      () => '',
      async (command) =>
        command === 'make exec-rpc-probe' ? ok(++probes === 1 ? 'pong' : '{"t_ms": 12}') : ok('restarted'),
    );
    const report = await checkFreshness(options, d);
    expect(commands).toEqual(['make exec-rpc-probe', 'make exec-rpc-restart', 'make exec-rpc-probe']);
    expect(report).toMatchObject({ fresh: true, restarted: true, meta: '{"t_ms": 12}', ss: null });
  });

  it('accepts a non-JSON probe output that names the field', async () => {
    const { deps: d } = deps(
      () => '',
      async () => ok('ok t_ms=3\n'),
    );
    expect((await checkFreshness(options, d)).fresh).toBe(true);
  });

  it('treats a failing probe command as stale and quotes the failing restart', async () => {
    const { deps: d } = deps(
      () => '',
      async (command) =>
        command === 'make exec-rpc-probe'
          ? { exitCode: 2, stdout: '', stderr: 'no rule', timedOut: false }
          : { exitCode: 1, stdout: '', stderr: 'compose: down', timedOut: false },
    );
    const error = (await checkFreshness(options, d).catch((e: unknown) => e)) as StaleServiceError;
    expect(error.message).toContain('`make exec-rpc-probe` exited with code 2');
    expect(error.message).toContain('`make exec-rpc-restart` exited with code 1: compose: down');
  });
});

describe('freshness options', () => {
  it('needs meta or commands, and a loopback meta URL', () => {
    expect(() => resolveFreshnessOptions({})).toThrow(InvalidOptionsError);
    expect(() => resolveFreshnessOptions({ meta: { url: 'http://192.168.0.10/__meta' } })).toThrow(
      NonLoopbackTargetError,
    );
    expect(resolveFreshnessOptions({ meta: { url: 'http://localhost:1/__meta' } }).meta?.requiredFields).toEqual([
      'git_sha',
      'started_at',
    ]);
  });
});
