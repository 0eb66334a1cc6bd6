import { reapLeftoverProcesses, removeOrphanScratchDirs } from '@smoke-repair/smoke-validator';

/**
 * What runs killed with SIGKILL left, removed before a new run starts: their labelled processes
 * (an app, an agent command, and whatever those spawned) and their scratch directories in the
 * temp directory (sandboxes, agents' copies of the app). Returns one line for the user, or null
 * when there was nothing.
 */
export async function sweepLeftovers(): Promise<string | null> {
  const processes = reapLeftoverProcesses();
  const dirs = await removeOrphanScratchDirs();
  if (processes.length === 0 && dirs.length === 0) return null;
  const parts = [
    ...(processes.length > 0 ? [`stopped ${processes.length} process${processes.length === 1 ? '' : 'es'} (pid ${processes.map((p) => p.pid).join(', ')})`] : []),
    ...(dirs.length > 0 ? [`removed ${dirs.length} scratch director${dirs.length === 1 ? 'y' : 'ies'}`] : []),
  ];
  return `cleaned up after a killed run: ${parts.join(', ')}`;
}
