import { describe, expect, it } from 'vitest';
import { buildApiModel } from '../http/openapi/api-model.js';
import type { CommandRunner } from '../runner/ports.js';
import { loadTestModeContract } from './test-contract.js';

const document = {
  openapi: '3.1.0',
  info: { title: 'shop', version: '1' },
  paths: {
    '/items/{item_id}': { get: { responses: { '200': { description: 'ok' }, '404': { description: 'missing' } } } },
  },
};
const sources = new Map([['app/main.py', 'from fastapi import FastAPI\napp = FastAPI()\n']]);

function recordingRunner(answer: Awaited<ReturnType<CommandRunner>>) {
  const calls: (string | readonly string[])[] = [];
  const run: CommandRunner = async (command) => {
    calls.push(command);
    return answer;
  };
  return { run, calls };
}

// In-memory fakes of the file ports: nothing exists, as under /srv/app, but the documents given.
const noFiles = () => false;
function documents(docs: Record<string, unknown> = {}) {
  return async (path: string) => {
    if (!(path in docs)) throw new Error(`no document at ${path}`);
    return buildApiModel(docs[path], path);
  };
}

describe('loadTestModeContract', () => {
  it('reads smoke.openapi when it names a file, without running anything', async () => {
    const runner = recordingRunner({ exitCode: 0, stdout: '', stderr: '', timedOut: false });
    const found = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', openapi: 'openapi.json', commandWords: ['pytest'] },
      {
        runCommand: runner.run,
        pythonSources: async () => sources,
        fileExists: noFiles,
        loadOpenApi: documents({ '/srv/app/openapi.json': document }),
      },
    );
    expect(found.api?.operations.map((op) => op.endpoint)).toEqual(['GET /items/{item_id}']);
    expect(runner.calls).toEqual([]);
  });

  it("prefers a checked-in openapi.json to the code's own app.openapi() when none is configured", async () => {
    const runner = recordingRunner({ exitCode: 0, stdout: JSON.stringify(document), stderr: '', timedOut: false });
    const found = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', commandWords: ['.venv/bin/python', '-m', 'pytest'] },
      {
        runCommand: runner.run,
        pythonSources: async () => sources,
        fileExists: (path) => path === '/srv/app/openapi.json',
        loadOpenApi: documents({ '/srv/app/openapi.json': document }),
      },
    );
    expect(found).toMatchObject({ source: '/srv/app/openapi.json' });
    expect(runner.calls).toEqual([]);
  });

  it('asks a FastAPI app for its own document, with the interpreter the tests run', async () => {
    const runner = recordingRunner({ exitCode: 0, stdout: JSON.stringify(document), stderr: '', timedOut: false });
    const found = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', commandWords: ['.venv/bin/python', '-m', 'pytest', '-q'] },
      { runCommand: runner.run, pythonSources: async () => sources, fileExists: noFiles, loadOpenApi: documents() },
    );
    expect(found.api?.operations).toHaveLength(1);
    const [argv] = runner.calls as string[][];
    expect(argv![0]).toBe('/srv/app/.venv/bin/python');
    expect(argv!.slice(-1)).toEqual(['app.main']);
  });

  it('says why there is no contract instead of failing the run', async () => {
    const failing = recordingRunner({
      exitCode: 1,
      stdout: '',
      stderr: 'Traceback...\nModuleNotFoundError: No module named fastapi',
      timedOut: false,
    });
    const broken = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', commandWords: ['pytest'], python: 'python3' },
      { runCommand: failing.run, pythonSources: async () => sources, fileExists: noFiles, loadOpenApi: documents() },
    );
    expect(broken).toEqual({ api: null, reason: expect.stringContaining('No module named fastapi') });
    const none = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', commandWords: ['pytest'] },
      { runCommand: failing.run, pythonSources: async () => new Map(), fileExists: noFiles, loadOpenApi: documents() },
    );
    expect(none).toEqual({ api: null, reason: expect.stringContaining('no FastAPI app') });
    const garbage = recordingRunner({ exitCode: 0, stdout: 'not json', stderr: '', timedOut: false });
    const unusable = await loadTestModeContract(
      { appRoot: '/srv/app', configDir: '/srv/app', commandWords: ['pytest'], python: 'python3' },
      { runCommand: garbage.run, pythonSources: async () => sources, fileExists: noFiles, loadOpenApi: documents() },
    );
    expect(unusable.api).toBeNull();
  });
});
