import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bwrapArgs, findConfinement } from './agent-confinement.js';

describe('agent confinement', () => {
  it(`bwrap argv: read-only root, private /tmp, the copy and prompt folder writable, no new session; --unshare-net \
only for network none`, () => {
    const args = bwrapArgs('/usr/bin/bwrap', { appDir: '/t/w/app', ioDir: '/t/w/io' }, 'host');
    expect(args.slice(0, 3)).toEqual(['/usr/bin/bwrap', '--ro-bind', '/']);
    expect(args.join(' ')).toContain(
      '--tmpfs /tmp --unshare-pid --die-with-parent --bind /t/w/app /t/w/app --bind /t/w/io /t/w/io ' +
        '--chdir /t/w/app --',
    );
    expect(args.at(-1)).toBe('--');
    expect(args).not.toContain('--unshare-net');
    // A new session would take the agent out of the process group the timeout kills.
    expect(args).not.toContain('--new-session');
    expect(bwrapArgs('/usr/bin/bwrap', { appDir: '/a', ioDir: '/b' }, 'none')).toContain('--unshare-net');
  });

  it("the verify command's inputs are bound read-only over the private /tmp, before the writable copy", () => {
    const args = bwrapArgs(
      '/usr/bin/bwrap',
      { appDir: '/tmp/w/app', ioDir: '/tmp/w/io', readOnly: ['/tmp/spec', '/tmp/user/app'] },
      'host',
    ).join(' ');
    expect(args).toContain(
      '--tmpfs /tmp --unshare-pid --die-with-parent --ro-bind-try /tmp/spec /tmp/spec --ro-bind-try ' +
        '/tmp/user/app /tmp/user/app --bind /tmp/w/app /tmp/w/app',
    );
  });

  it('no bwrap on PATH: none, saying so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-bwrap-'));
    try {
      expect(await findConfinement('host', empty)).toEqual({
        kind: 'none',
        reason: 'bwrap (bubblewrap) is not on PATH',
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
