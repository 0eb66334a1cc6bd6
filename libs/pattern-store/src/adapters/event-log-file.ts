import { statSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PatternStoreIoError } from '../errors.js';
import type { PatternStoreLogger } from '../logger.js';
import type { PatternState } from '../pattern-state.js';
import { patternEventSchema } from '../schema.js';
import type { Journal } from '../state-store.js';
import type { PatternEvent } from '../types.js';
import { acquireFileLock } from './file-lock.js';

const CHUNK_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;

/** Options of the file journal. */
export interface FileJournalOptions {
  logger: PatternStoreLogger;
  lockTimeoutMs?: number;
}

function ioError(action: string, path: string, error: unknown): PatternStoreIoError {
  return new PatternStoreIoError(`cannot ${action} ${path}: ${(error as Error).message}`, { cause: error });
}

/**
 * The file backend's log: one JSON event per line, appended under a lock with one write and an
 * fsync per batch, so a crash loses at most the batch in flight. Readers consume whole lines
 * only; a line that is not a valid event (a torn write, a hand edit) is skipped with a warning.
 */
export class FileJournal implements Journal {
  /** Bytes consumed: always just after a newline. */
  private offset = 0;
  private lineNumber = 0;
  /** File size when last read: an unchanged size means nothing new (a cheap stat per read). */
  private seenSize = -1;
  /** Serialises this journal's reads and writes: two overlapping reads would consume a range twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly options: FileJournalOptions,
  ) {}

  async refresh(state: PatternState): Promise<void> {
    const size = statSync(this.path, { throwIfNoEntry: false })?.size;
    if (size === undefined || size === this.seenSize) return;
    await this.exclusive(() => this.readNew(state, false));
  }

  write(state: PatternState, decide: (state: PatternState) => PatternEvent[]): Promise<void> {
    return this.exclusive(() => this.writeLocked(state, decide));
  }

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async writeLocked(state: PatternState, decide: (state: PatternState) => PatternEvent[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true }).catch((error: unknown) => {
      throw ioError('create the directory of', this.path, error);
    });
    const lock = await acquireFileLock(`${this.path}.lock`, {
      logger: this.options.logger,
      timeoutMs: this.options.lockTimeoutMs,
    });
    try {
      // Holding the lock, a line without its newline is a writer's torn last record.
      await this.readNew(state, true);
      const events = decide(state);
      if (events.length === 0) return;
      const data = Buffer.from(events.map((event) => `${JSON.stringify(event)}\n`).join(''));
      await this.append(data);
      this.offset += data.length;
      // Holding the lock, with any torn tail terminated, the file ends exactly at our offset.
      this.seenSize = this.offset;
      this.lineNumber += events.length;
      for (const event of events) state.apply(event);
    } finally {
      await lock.release();
    }
  }

  async close(): Promise<void> {
    // Files are opened per operation; nothing stays open.
  }

  private async append(data: Buffer): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(this.path, 'a');
      await handle.write(data);
      await handle.sync();
    } catch (error) {
      throw ioError('append to', this.path, error);
    } finally {
      await handle?.close();
    }
  }

  /** Reads whole lines past `offset`. With `terminateTorn`, first ends a torn last line. */
  private async readNew(state: PatternState, terminateTorn: boolean): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw ioError('open', this.path, error);
    }
    try {
      let size = (await handle.stat()).size;
      if (size < this.offset) {
        this.options.logger.warn(
          `${this.path} shrank below what was read (${size} < ${this.offset} bytes); reading on from its end`,
        );
        this.offset = size;
      }
      if (terminateTorn && size > this.offset && !(await endsWithNewline(handle, size))) {
        await this.append(Buffer.from('\n'));
        size += 1;
      }
      await this.consume(handle, size, state);
      this.seenSize = size;
    } finally {
      await handle.close();
    }
  }

  private async consume(handle: FileHandle, size: number, state: PatternState): Promise<void> {
    let carry = Buffer.alloc(0);
    let position = this.offset;
    while (position < size) {
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const buffer =
        carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
        this.lineNumber += 1;
        this.applyLine(buffer.toString('utf8', start, end), state);
        this.offset += end + 1 - start;
        start = end + 1;
      }
      carry = Buffer.from(buffer.subarray(start));
    }
  }

  private applyLine(line: string, state: PatternState): void {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      this.skip(`not JSON (${(error as Error).message})`);
      return;
    }
    const parsed = patternEventSchema.safeParse(json);
    if (!parsed.success) {
      this.skip(`not a pattern event:\n${z.prettifyError(parsed.error)}`);
      return;
    }
    state.apply(parsed.data);
  }

  private skip(why: string): void {
    this.options.logger.warn(`${this.path}:${this.lineNumber}: skipped a corrupt record, ${why}`);
  }
}

async function endsWithNewline(handle: FileHandle, size: number): Promise<boolean> {
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, size - 1);
  return last[0] === NEWLINE;
}
