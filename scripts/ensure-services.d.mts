/** The bin directory of the newest installed PostgreSQL server, or null. */
export function postgresBin(): string | null;
/** The redis-server binary, or null. */
export function redisServer(): string | null;
/** Installs what is missing (as root, with apt); returns the paths or throws with advice. */
export function ensureServices(options?: { log?: (line: string) => void }): { postgres: string; redis: string };
