/**
 * Structured logs: one JSON object per line, `{time, level, event, ...fields}`. Callers never pass
 * tokens, headers or operation payloads; `redact` drops any field whose name looks like a secret
 * in case one slips through.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Receives one finished log line (without the trailing newline). */
export type LogSink = (line: string) => void;

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /token|secret|authorization|password|cookie/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET_FIELD.test(k)) continue;
    out[k] = v instanceof Error ? { name: v.name, message: v.message } : v;
  }
  return out;
}

/**
 * Lines for stdout, written once per turn of the event loop: stdout to a pipe is a synchronous
 * write on Linux, so one write per line let a flood of requests (each logged) hold the loop that
 * other rooms wait for (issue #17). Whatever is pending is written when the process exits.
 */
function stdoutSink(): LogSink {
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  process.once('exit', flush);
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(`${line}\n`);
  };
}

/** A logger writing to `sink` (stdout by default); `false` gives a silent logger. */
export function createLogger(sink: boolean | LogSink = true): Logger {
  const write: LogSink | null = sink === false ? null : sink === true ? stdoutSink() : sink;
  const emit = (level: LogLevel, event: string, fields?: Record<string, unknown>): void => {
    if (!write) return;
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, event, ...(fields ? redact(fields) : {}) });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, event, note: 'fields could not be serialized' });
    }
    write(line);
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}
