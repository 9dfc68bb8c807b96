/**
 * What `pulsekit-server --help` prints: every setting, read from the environment (server/config.ts).
 */
export const USAGE = `Usage: pulsekit-server [--help | --version]

Runs the Pulsekit reference server (REST + SSE and WebSocket, docs/protocol.md). Without a
PULSEKIT_SECRET it runs in dev mode and hands out demo tokens: open http://127.0.0.1:8787/.

Settings (environment variables):
  PORT=8787                 port; 0 picks a free one
  HOST=127.0.0.1            interface; 0.0.0.0 listens on every interface
  PULSEKIT_SECRET=…         HS256 key (32+ characters) for bearer tokens: production mode
  PULSEKIT_DEV=1            dev tokens (POST /v1/dev/token); default without a secret
  PULSEKIT_DATA_DIR=./data  the embedded SQLite database (<dir>/pulsekit.db)
  DATABASE_URL=postgres://user:password@host:5432/db
                            PostgreSQL instead of the embedded database
  PULSEKIT_DB_POOL=10       most PostgreSQL connections of this process
  REDIS_URL=redis://host:6379
                            several server processes on one PostgreSQL: events, presence and
                            rate limits are shared through Redis (needs DATABASE_URL)
  PULSEKIT_REDIS_PREFIX=pulsekit   prefix of Redis keys and channels
  PULSEKIT_INSTANCE=…       this process's name in logs (default host-pid-random)
  PULSEKIT_CORS=https://a.example,https://b.example   origins allowed to call the API (or *)
  PULSEKIT_MAX_BODY=65536   bytes per request body / WebSocket message
  PULSEKIT_RATE=20/40       ops per participant per second / burst; off disables
  PULSEKIT_MAX_CONN=5       streams (SSE + WebSocket) per participant and room
  PULSEKIT_MAX_TOPICS=256/4096   topics one connection / one room follows by name
  PULSEKIT_MAX_HANDSHAKES=32     connection attempts per address at once (0: no limit; raise it
                            behind a reverse proxy, where every client has the proxy's address)
  PULSEKIT_CHECKPOINT=500/2000   topic state written after this many events / ms

xAPI statements to a learning records store (docs/xapi.md); queued with their events, so none
is lost while the LRS or this server is down:
  PULSEKIT_LRS_URL=https://lrs.example/xapi/   the LRS's xAPI endpoint (POST <url>/statements)
  PULSEKIT_LRS_USERNAME=… PULSEKIT_LRS_PASSWORD=…   HTTP Basic credentials (the LRS's key/secret)
  PULSEKIT_LRS_TOKEN=…      a bearer token instead of Basic credentials
  PULSEKIT_XAPI_BASE=https://lms.example/pulsekit   IRI under which activity ids are made
                            (default <this server's URL>/xapi: set a stable public one)
  PULSEKIT_XAPI_HOME_PAGE=… homePage of participant accounts (default PULSEKIT_XAPI_BASE)
  PULSEKIT_LRS_BATCH=50     statements per request
  PULSEKIT_LRS_RETRY=1000/300000   backoff while the LRS is away: first delay / ceiling (ms)

Logs are JSON lines on stdout. SIGTERM or SIGINT shuts down gracefully (a second one exits at once).
`;
