/**
 * Where the loop runs the app: a copy of the user's tree (DESIGN §4). The loop starts, patches,
 * restarts and smokes the sandbox; the user's tree is written once, at the end.
 */
export interface Sandbox {
  /** The app root inside the sandbox (same directory name as the user's). */
  readonly root: string;
  /** The user's app root it was copied from. */
  readonly userRoot: string;
  /** How long the copy took (ms). */
  readonly copyMs: number;
  /** The files copied (relative paths, sorted). */
  files(): readonly string[];
  /**
   * Puts the sandbox's data back as it was when the loop began: files the app changed are
   * restored, files and folders it created are removed. `keep` (the loop's patched files) is
   * left alone. Call it while the app is stopped.
   */
  resetData(keep: ReadonlySet<string>): Promise<{ restored: number; removed: number }>;
  /** A file's bytes as they were when the sandbox was made (null: it did not exist). */
  original(path: string): Promise<Buffer | null>;
  /** A file's bytes in the sandbox now (null: it does not exist). */
  current(path: string): Promise<Buffer | null>;
  /** Deletes the sandbox. */
  remove(): Promise<void>;
}
