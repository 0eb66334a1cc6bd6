import { describe, expect, it } from 'vitest';
import { InvalidOptionsError, NonLoopbackTargetError } from '../errors.js';
import { httpOrigin, isLoopbackHost } from '../net/loopback.js';
import { resolveDockerOptions } from './docker-options.js';
import { resolveProcessOptions } from './process-options.js';

describe('loopback policy', () => {
  it('accepts loopback hosts only', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.1', '192.168.1.2', '0.0.0.0', 'example.com', '127.0.0.256', '::'])
      expect(isLoopbackHost(host)).toBe(false);
    expect(httpOrigin('::1', 80)).toBe('http://[::1]:80');
  });

  it('rejects a non-loopback host or URL unless allowed', () => {
    expect(() => resolveProcessOptions({ command: 'x', cwd: '.', port: 1, host: '10.1.2.3' })).toThrow(
      NonLoopbackTargetError,
    );
    expect(() =>
      resolveProcessOptions({ command: 'x', cwd: '.', port: 1, health: { url: 'http://example.com/' } }),
    ).toThrow(NonLoopbackTargetError);
    expect(
      resolveProcessOptions({ command: 'x', cwd: '.', port: 1, host: '10.1.2.3', allowNonLoopback: true }).baseUrl,
    ).toBe('http://10.1.2.3:1');
  });
});

describe('process runner options', () => {
  it('fills defaults, resolves URLs and freezes', () => {
    const options = resolveProcessOptions({ command: ['node', 'app.js'], cwd: '/srv', port: 3000 });
    expect(options.readiness).toEqual({
      target: { host: '127.0.0.1', port: 3000 },
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    expect(options.health).toEqual({ url: 'http://127.0.0.1:3000/', timeoutMs: 2_000 });
    expect(options.logFile).toMatch(/smoke-repair-app-3000-[0-9a-f]{8}\.log$/);
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.readiness)).toBe(true);
  });

  it('reports invalid options readably', () => {
    const error = (() => {
      try {
        resolveProcessOptions({ command: '', cwd: '.', port: 70_000 });
      } catch (e) {
        return e as InvalidOptionsError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error?.code).toBe('SMOKE_INVALID_OPTIONS');
    expect(error?.message).toContain('port');
    expect(error?.message).toContain('command');
  });
});

describe('docker runner options', () => {
  it('needs exactly one of image and build', () => {
    expect(() => resolveDockerOptions({ appDir: '.', port: 1 })).toThrow(InvalidOptionsError);
    expect(() => resolveDockerOptions({ appDir: '.', port: 1, image: 'a', build: { context: '.' } })).toThrow(
      /exactly one/,
    );
  });

  it('derives a stable container name and build tag', () => {
    const a = resolveDockerOptions({ appDir: '/srv/app', port: 8000, build: { context: '/srv/app' } });
    const b = resolveDockerOptions({ appDir: '/srv/app', port: 8000, build: { context: '/srv/app' } });
    expect(a.name).toBe(b.name);
    expect(a.image).toBe(a.build?.tag);
    expect(a.build).toMatchObject({ dockerfile: 'Dockerfile' });
    expect(a).toMatchObject({ mountPath: '/app', init: true, readOnlyMount: false });
  });
});
