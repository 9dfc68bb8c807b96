import { css, html, LitElement } from 'lit';
import { DEFAULT_ROOM } from '../../core/client/default-session.js';
import { transportForEndpoint, whenEndpointTransports } from '../../core/transports/endpoint-transports.js';
import { SessionClient } from '../../core/client/session-client.js';
import { SessionProvider } from '../../core/lit/session-context.js';
import type { TokenProvider, Transport } from '../../core/protocol/transport.js';
import { pageScriptsHaveRun, pageScriptsRan } from '../../core/lit/page-ready.js';
import { LocalTransport } from '../../core/transports/local-transport.js';
import { isRole, type Actor, type Role } from '../../core/protocol/wire.js';
import type { XapiAgent, XapiStatement } from '../../core/protocol/xapi-types.js';

/** Detail of `pk-session-change`. */
export interface PkSessionChangeDetail {
  /** The new session every widget inside now uses. */
  session: SessionClient;
}

/** Detail of `pk-xapi-statement`. */
export interface PkXapiStatementDetail {
  /** The statement, ready to send to an LRS (docs/xapi.md). */
  statement: XapiStatement;
  /** Topic of the event it was built from, for example `poll:warmup`. */
  topic: string;
  /** Operation the event came from. */
  opId: string;
}

/**
 * Provides one live session to every Pulsekit widget inside it. Optional: widgets without a
 * `<pk-session>` ancestor use a default local session.
 *
 * @summary Session provider for Pulsekit widgets.
 * @slot - Widgets and any other content.
 * @fires {CustomEvent<PkSessionChangeDetail>} pk-session-change - A new session was created (room, role, transport or endpoint changed).
 * @fires {CustomEvent<PkXapiStatementDetail>} pk-xapi-statement - An xAPI statement for one of this page's accepted actions (only with `xapi-base`).
 */
export class PkSession extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  // One static object instead of a decorator per property: no decorator helpers in the bundle.
  static override properties = {
    room: { reflect: true },
    endpoint: {},
    userRole: { attribute: 'user-role' },
    // The old name of user-role, read for one more version (decisions §33).
    legacyRole: { attribute: 'role' },
    participantName: { attribute: 'participant-name' },
    participantId: { attribute: 'participant-id' },
    transport: { attribute: false },
    tokenProvider: { attribute: false },
    xapiBase: { attribute: 'xapi-base' },
    xapiHomePage: { attribute: 'xapi-home-page' },
    sessionLabel: { attribute: 'session-label' },
    xapiAgent: { attribute: false },
  };

  /** Room the widgets join. */
  room: string = DEFAULT_ROOM;
  /** Backend URL; needs a network transport to be loaded (otherwise the local transport is used). */
  endpoint = '';
  /**
   * Role of the person at this browser: participant (default), facilitator or producer. Not ARIA's
   * `role` attribute, which this element used to take: that name still works for this version, with
   * an error in the console (decisions §33).
   */
  userRole: Role = 'participant';
  /**
   * @deprecated The `role` attribute: use `user-role`. Read for this version only, with a console
   * error: `role` is ARIA's attribute, and axe fails every page that gives it our values.
   */
  legacyRole: string | null = null;
  #warnedLegacy = false;
  /** Display name shown to others (when a widget shows names). */
  participantName = '';
  /** Participant id from the host (SSO); by default a stable id per browser and room. */
  participantId = '';
  /** Transport to use instead of the default (MemoryTransport, your own backend...). */
  transport: Transport | null = null;
  /** Supplies bearer tokens for backends that need them (SSO). */
  tokenProvider: TokenProvider | null = null;
  /** Base IRI of xAPI activity ids; setting it turns on `pk-xapi-statement` events (docs/xapi.md). */
  xapiBase = '';
  /** Home page of the participant accounts in xAPI statements (default: `xapi-base`). */
  xapiHomePage = '';
  /** Label of the live session, carried in the context of xAPI statements. */
  sessionLabel = '';
  /** Maps a participant to the xAPI agent for named statements (an e-mail, a name); never used for anonymous data. */
  xapiAgent: ((actor: Actor) => XapiAgent | null | undefined) | null = null;

  // `null` until the session is built (on the first update, once every property set before the
  // upgrade is in): widgets wait for it instead of falling back to the default session.
  #ctxProvider = new SessionProvider(this, null);
  #current: SessionClient | null = null;
  /** The inputs the current session (or the wait for one) was built from; null: nothing built. */
  #builtWith: unknown[] | null = null;
  /** Stops waiting for the network transports. */
  #stopWaiting: (() => void) | null = null;
  /** Stops the statements of the current session, and what they were started with. */
  #stopStatements: (() => void) | null = null;
  #statementsWith: unknown[] | null = null;

  /** The live session (created on first connect). */
  get session(): SessionClient | null {
    return this.#current;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back after a teardown (removed, then inserted again later): build anew on the next update.
    if (!this.#builtWith) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element (disconnect + connect in one task) must not drop the session.
    queueMicrotask(() => {
      if (!this.isConnected) this.#teardown();
    });
  }

  protected override willUpdate(): void {
    // Rebuild only when an input really differs from what the live session was built with: the
    // first update reports every initial property as "changed", and a rebuild closes the transport.
    const built = this.#builtWith;
    if (!built || this.#inputs().some((v, i) => v !== built[i])) this.#rebuild();
    else this.#listenForStatements();
  }

  /**
   * Fires `pk-xapi-statement` for the session's statements while `xapi-base` is set. Called as
   * soon as a session exists, before it starts, so none of its statements is missed.
   */
  #listenForStatements(): void {
    const session = this.#current;
    const inputs = [session, this.xapiBase, this.xapiHomePage, this.sessionLabel, this.xapiAgent];
    if (this.#statementsWith?.every((v, i) => v === inputs[i])) return;
    this.#stopStatements?.();
    this.#stopStatements = null;
    this.#statementsWith = inputs;
    if (!session || !this.xapiBase) return;
    const emit = (statement: XapiStatement, event: { topic: string; opId: string }) =>
      this.dispatchEvent(
        new CustomEvent<PkXapiStatementDetail>('pk-xapi-statement', {
          bubbles: true,
          composed: true,
          detail: { statement, topic: event.topic, opId: event.opId },
        }),
      );
    try {
      this.#stopStatements = session.onStatement(emit, {
        baseIri: this.xapiBase,
        homePage: this.xapiHomePage || undefined,
        sessionLabel: this.sessionLabel || undefined,
        language: this.closest('[lang]')?.getAttribute('lang') || undefined,
        agent: this.xapiAgent ?? undefined,
      });
    } catch (err) {
      console.error(`[pulsekit] <pk-session xapi-base="${this.xapiBase}">: ${(err as Error).message}`);
    }
  }

  /** The role asked for: `user-role`, else the deprecated `role` attribute (with a console error, once). */
  get #role(): string {
    if (this.legacyRole === null || this.userRole !== 'participant') return this.userRole;
    if (!this.#warnedLegacy) {
      this.#warnedLegacy = true;
      console.error(
        `[pulsekit] <pk-session role="${this.legacyRole}">: use user-role="${this.legacyRole}". "role" is ARIA's attribute (axe fails the page); it works in this version only.`,
      );
    }
    return this.legacyRole;
  }

  #inputs(): unknown[] {
    return [this.room, this.endpoint, this.#role, this.participantName, this.participantId, this.transport, this.tokenProvider];
  }

  #rebuild(): void {
    this.#teardown();
    const inputs = (this.#builtWith = this.#inputs());
    if (pageScriptsHaveRun()) {
      this.#build();
      return;
    }
    // The page's own scripts may still set a token provider or load network.js: connect after them.
    void pageScriptsRan().then(() => {
      if (this.#builtWith === inputs) this.#build();
    });
  }

  #build(): void {
    let transport = this.transport;
    if (transport && transport.status === 'closed') {
      console.error(
        '[pulsekit] <pk-session>: its transport is closed. A transport serves one session: set a new `transport` when room, role or identity change.',
      );
    }
    if (!transport && this.endpoint) {
      transport = transportForEndpoint(this.endpoint);
      if (!transport) {
        this.#awaitNetwork();
        return;
      }
    }
    this.#start(transport ?? new LocalTransport());
  }

  /**
   * `endpoint` is set but no network transport is loaded, although the page's scripts have run:
   * the host may still call `enableNetworkTransports()` or import network.js later. Until it does,
   * the session runs locally, and says so.
   */
  #awaitNetwork(): void {
    console.error(
      `[pulsekit] <pk-session endpoint="${this.endpoint}">: no network transport is loaded (load network.js or call enableNetworkTransports()); using the local transport (this browser only) until one is.`,
    );
    this.#stopWaiting = whenEndpointTransports(() => this.#rebuild());
    this.#start(new LocalTransport());
  }

  #start(transport: Transport): void {
    const asked = this.#role;
    const role: Role = isRole(asked) ? asked : 'participant';
    if (role !== asked)
      console.warn(
        `[pulsekit] <pk-session user-role="${asked}"> is not a role (participant, facilitator or producer); using "participant".`,
      );
    this.#current = new SessionClient({
      room: this.room || DEFAULT_ROOM,
      transport,
      identity: { id: this.participantId || undefined, name: this.participantName, role },
      tokenProvider: this.tokenProvider ?? undefined,
    });
    this.#listenForStatements();
    void this.#current.start();
    this.#ctxProvider.setValue(this.#current);
    this.dispatchEvent(new CustomEvent('pk-session-change', { bubbles: true, composed: true, detail: { session: this.#current } }));
  }

  #teardown(): void {
    this.#stopWaiting?.();
    this.#stopWaiting = null;
    this.#builtWith = null;
    this.#stopStatements?.();
    this.#stopStatements = null;
    this.#statementsWith = null;
    const old = this.#current;
    this.#current = null;
    // Widgets that (re)connect before the next session is built wait, rather than take a closed one.
    this.#ctxProvider.setValue(null);
    if (old) void old.close();
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** A `<pk-session>` created a new session. */
    'pk-session-change': CustomEvent<PkSessionChangeDetail>;
    /** A `<pk-session xapi-base>` delivers an xAPI statement for one of this page's accepted actions. */
    'pk-xapi-statement': CustomEvent<PkXapiStatementDetail>;
  }
}
