/**
 * Errors the API answers with (docs/protocol.md, "Errors"): every HTTP error is
 * `{"error":{"code","message","retryable"}}`; the same code goes into WebSocket `error` messages.
 */

export interface ErrorBody {
  code: string;
  message: string;
  retryable: boolean;
}

/** An error with its HTTP status, protocol code and retry hint. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable = false,
    /** Extra response headers (Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: ErrorBody } {
    return { error: { code: this.code, message: this.message, retryable: this.retryable } };
  }
}

export const unauthorized = (message = 'A valid bearer token is required.') => new ApiError(401, 'unauthorized', message);
export const wrongRoom = () => new ApiError(403, 'wrong_room', 'This token is for another room.');
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const tooLarge = (message: string) => new ApiError(413, 'too_large', message);
export const notFound = (message = 'There is nothing at this path.') => new ApiError(404, 'not_found', message);
export const tooManyConnections = (max: number) =>
  new ApiError(429, 'too_many_connections', `At most ${max} open streams per participant and room.`, true, { 'Retry-After': '5' });
export const tooManyTopics = (message: string) => new ApiError(400, 'too_many_topics', message);
export const tooManyHandshakes = () =>
  new ApiError(429, 'too_many_connections', 'Too many connection attempts from this address at once; retry shortly.', true, {
    'Retry-After': '1',
  });
export const serverBusy = (message = 'The server is shutting down; try again shortly.') =>
  new ApiError(503, 'server_busy', message, true, { 'Retry-After': '2' });

/**
 * Why an open SSE stream or WebSocket is ended when its token runs out (SSE `error` frame, WebSocket
 * close 4001 with the reason `token_expired: …`): the client asks its token provider for a fresh
 * token and reconnects, resuming where it was.
 */
export const TOKEN_EXPIRED: ErrorBody = {
  code: 'token_expired',
  message: 'The token has expired; reconnect with a fresh one.',
  retryable: true,
};

/** Any thrown value as an ApiError (unknown errors become a 500 that does not leak details). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(500, 'internal', 'The server failed to handle this request.', true);
}
