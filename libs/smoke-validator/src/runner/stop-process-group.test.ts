import { describe, expect, it } from 'vitest';
import { fakeClock, fakeProcesses } from '../test-support/fakes.js';
import { stopProcessGroup } from './stop-process-group.js';

const spec = { command: 'app', cwd: '/', env: {} };
const output = { stdout: () => undefined, stderr: () => undefined };

describe('stopProcessGroup', () => {
  it('stops a group that honours SIGTERM without SIGKILL', async () => {
    const fake = fakeProcesses();
    const proc = fake.launcher.launch(spec, output);
    const outcome = await stopProcessGroup(proc.pid ?? -1, { control: fake.group, clock: fakeClock(), graceMs: 500 });
    expect(outcome).toEqual({ signal: 'SIGTERM', survivors: false });
    expect(fake.signals).toEqual([`SIGTERM:${proc.pid}`]);
  });

  it('escalates to SIGKILL after the grace period', async () => {
    const fake = fakeProcesses({ ignoreTerm: true });
    const proc = fake.launcher.launch(spec, output);
    const outcome = await stopProcessGroup(proc.pid ?? -1, { control: fake.group, clock: fakeClock(), graceMs: 500 });
    expect(outcome).toEqual({ signal: 'SIGKILL', survivors: false });
    expect(fake.signals).toEqual([`SIGTERM:${proc.pid}`, `SIGKILL:${proc.pid}`]);
  });

  it('reports survivors when even SIGKILL does not empty the group', async () => {
    const outcome = await stopProcessGroup(7, {
      control: { signal: () => undefined, alive: () => true },
      clock: fakeClock(),
      graceMs: 100,
      killWaitMs: 100,
    });
    expect(outcome).toEqual({ signal: 'SIGKILL', survivors: true });
  });

  it('does nothing for a group that is already gone', async () => {
    const outcome = await stopProcessGroup(7, {
      control: {
        signal: () => {
          throw new Error('no');
        },
        alive: () => false,
      },
      clock: fakeClock(),
      graceMs: 100,
    });
    expect(outcome).toEqual({ signal: null, survivors: false });
  });
});
