/**
 * The signals that interrupt `smoke` and `run`: Ctrl-C (SIGINT), a supervisor's stop (SIGTERM),
 * a closed terminal or ssh session (SIGHUP) and Ctrl-\ (SIGQUIT). Each aborts the command's
 * work instead of killing the process, so the app it started is stopped and the loop's cleanup
 * runs.
 */

/** The signals handled like Ctrl-C. */
const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/**
 * Aborts `controller` (reason: the signal's name) on any interrupt signal until the returned
 * function is called. `on`, not `once`: while the command cleans up, a listener of ours must stay
 * registered, or execa's signal-exit (which watches the app's and agents' child processes)
 * re-raises the signal and kills us mid-cleanup. A repeated signal changes nothing.
 */
export function abortOnInterrupt(controller: AbortController): () => void {
  const onSignal = (signal: NodeJS.Signals) => controller.abort(signal);
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of INTERRUPT_SIGNALS) process.off(signal, onSignal);
  };
}
