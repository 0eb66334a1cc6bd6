/** A patch the loop applies: its id, diff and the files it touches (relative to the app root). */
export interface PatchToApply {
  readonly id: string;
  readonly diff: string;
  readonly files: readonly string[];
}

/**
 * The app tree under the loop's control. Every change is journaled (original bytes first,
 * then the write), so a checkpoint can always be restored exactly — after a regression, on
 * Ctrl-C, or by the next run after a crash. The user's VCS state is never touched.
 */
export interface Workspace {
  /** Applies a patch on top of the current tree; throws when it no longer applies. */
  apply(patch: PatchToApply): Promise<void>;
  /** The current checkpoint: how many patches are applied. */
  checkpoint(): number;
  /** Restores the tree to a checkpoint, byte for byte; returns the ids of the undone patches. */
  rollback(to: number): Promise<string[]>;
  /** Every accepted change since the start, as one unified diff ('' when none). */
  acceptedDiff(): Promise<string>;
  /** Files changed since the start. */
  changedFiles(): Promise<string[]>;
  /** Ends the run: the journal is removed, the tree keeps what is applied. */
  close(): Promise<void>;
}
