/** The text/event-stream parser the HTTP transport reads its stream with. */

/** One event of a text/event-stream, as dispatched by `SseParser`. */
export interface SseMessage {
  /** Event type (`message` when the server gave none). */
  event: string;
  /** Data lines joined with "\n". */
  data: string;
  /** The stream's last event id after this event (the `id:` field persists across events). */
  lastEventId: string;
}

/** Longest line the parser keeps (1 MiB); a longer one is dropped with a warning. */
const MAX_LINE = 1 << 20;

/**
 * A small, complete parser of the text/event-stream format (HTML Living Standard, "Server-sent
 * events"): lines end with CRLF, LF or CR (also split across chunks); a leading BOM is skipped;
 * `:` starts a comment; `data` lines accumulate; `event`, `id` (ignored when it contains NUL) and
 * `retry` (digits only) set their fields; unknown fields are ignored; a blank line dispatches; an
 * event with no data is not dispatched (but its `id` still counts); an unterminated event at the
 * end of the stream is dropped.
 */
export class SseParser {
  #buffer = '';
  #started = false;
  #skipLF = false;
  #discarding = false;
  #data: string[] = [];
  #dataChars = 0;
  #event = '';
  /** The `id` field as last set (the "last event ID buffer"). */
  #idBuffer = '';
  /** The stream's last event ID: the id buffer as of the last dispatch. */
  #id = '';

  constructor(
    private readonly onMessage: (message: SseMessage) => void,
    private readonly onRetry: (ms: number) => void = () => {},
    private readonly onComment: (text: string) => void = () => {},
  ) {}

  /** The last event id as of the last dispatched event (what a reconnect sends as Last-Event-ID). */
  get lastEventId(): string {
    return this.#id;
  }

  /** Feeds decoded text. */
  push(chunk: string): void {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#skipLF && text.length > 0) {
      this.#skipLF = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const from = this.#buffer.length;
    this.#buffer += text;
    let start = 0;
    const buf = this.#buffer;
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.#line(buf.slice(start, i));
      if (c === 13) {
        if (i + 1 < buf.length) {
          if (buf.charCodeAt(i + 1) === 10) i++;
        } else {
          this.#skipLF = true;
        }
      }
      start = i + 1;
    }
    this.#buffer = buf.slice(start);
    if (this.#buffer.length > MAX_LINE) {
      console.warn('[pulsekit] dropped an over-long line from the event stream');
      this.#buffer = '';
      this.#discarding = true;
    }
  }

  #line(line: string): void {
    if (this.#discarding) {
      // The tail of a line that was too long.
      this.#discarding = false;
      return;
    }
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      this.onComment(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#dataChars += value.length + 1;
        if (this.#dataChars > MAX_LINE * 4) {
          console.warn('[pulsekit] dropped an over-long event from the event stream');
          this.#data = [];
          this.#dataChars = 0;
          break;
        }
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#idBuffer = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.onRetry(Number(value));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  #dispatch(): void {
    const data = this.#data;
    const event = this.#event;
    this.#data = [];
    this.#dataChars = 0;
    this.#event = '';
    this.#id = this.#idBuffer;
    if (data.length === 0) return;
    this.onMessage({ event: event || 'message', data: data.join('\n'), lastEventId: this.#id });
  }
}
