/**
 * Where encoded bytes go. Encoders write to a ByteSink, so one encoder serves an in-memory result (HTTP response
 * body, library call), a file written atomically (io/file-sink.ts) and a stream. Platform-neutral.
 */
export interface ByteSink {
  /** Appends bytes; resolves when the sink can take more (back-pressure). The sink may keep the array: do not reuse it. */
  write(bytes: Uint8Array): Promise<void>;
  /** Completes the output: a file appears under its final name only now. */
  end(): Promise<void>;
  /** Discards what was written: nothing remains, not even a partial file. Safe to call after a failed write. */
  abort(): Promise<void>;
}

export interface MemorySink extends ByteSink {
  /** Everything written, as one array (valid after end()). */
  bytes(): Uint8Array;
}

/** Collects the bytes in memory. */
export function memorySink(): MemorySink {
  let parts: Uint8Array[] = [];
  let length = 0;
  return {
    async write(bytes) {
      parts.push(bytes);
      length += bytes.length;
    },
    async end() {},
    async abort() {
      parts = [];
      length = 0;
    },
    bytes() {
      if (parts.length === 1) return parts[0];
      const out = new Uint8Array(length);
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
      }
      parts = [out];
      return out;
    },
  };
}

/** Writes whole bytes to a sink and completes it; aborts it when the write fails. */
export async function writeAll(sink: ByteSink, bytes: Uint8Array): Promise<void> {
  try {
    await sink.write(bytes);
    await sink.end();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
