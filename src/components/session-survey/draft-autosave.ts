import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { deleteDraft, loadDraft, saveDraft, type DraftKey, type SurveyDraft } from './survey-drafts.js';

/** What the autosave reads from and gives back to the survey element. */
export interface AutosaveHooks {
  /** The draft's key (room, survey, participant), or null while there is no session. */
  key(): DraftKey | null;
  /** The form as it is now. */
  snapshot(): Omit<SurveyDraft, 'savedAt'>;
  /** A draft found on this device for a new key (merge it into the form). */
  restore(draft: SurveyDraft): void;
  /** The key changed: start from an empty form. */
  clear(): void;
  /** A save landed (for a polite "Draft saved"). */
  saved(): void;
}

/**
 * Autosave of the participant's unsent answers on this device: restored when the survey (room,
 * survey id, participant) is opened, saved a moment after each change and when the page is hidden,
 * deleted once the authority holds the response. `saved` drives the "Draft saved" line.
 */
export class DraftAutosave implements ReactiveController {
  /** The draft on this device matches what is shown (for "Draft saved"). */
  saved = false;
  #key: DraftKey | null = null;
  #keyStr = '';
  #restored: Promise<void> | undefined;
  #stored = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #hooks: AutosaveHooks;

  constructor(host: ReactiveControllerHost, hooks: AutosaveHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pagehide', this.flush);
  }

  hostDisconnected(): void {
    removeEventListener('pagehide', this.flush);
    this.flush();
  }

  /** Follows the key (call before rendering): another survey or participant starts from its own draft. */
  follow(): void {
    const key = this.#hooks.key();
    const keyStr = JSON.stringify(key);
    if (keyStr === this.#keyStr) return;
    this.#keyStr = keyStr;
    this.#key = key;
    this.#hooks.clear();
    this.saved = this.#stored = false;
    this.#restored = key ? this.#restore(key) : undefined;
  }

  /** True while a draft of this key is stored on this device. */
  get stored(): boolean {
    return this.#stored;
  }

  /** Saves after `delay` ms (the latest change wins). */
  schedule(delay = 400): void {
    if (!this.#key) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#save(), delay);
  }

  /** Saves now if a save is waiting (the page is going away). */
  flush = (): void => {
    if (this.#timer) void this.#save();
  };

  /** The response is with the authority: the draft has done its job. */
  async discard(): Promise<void> {
    this.saved = this.#stored = false;
    if (this.#key) await deleteDraft(this.#key);
  }

  async #save(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const key = this.#key;
    if (!key) return;
    await this.#restored;
    if (await saveDraft(key, { ...this.#hooks.snapshot(), savedAt: Date.now() })) {
      this.#stored = true;
      if (key === this.#key) {
        this.saved = true;
        this.#host.requestUpdate();
        this.#hooks.saved();
      }
    }
  }

  async #restore(key: DraftKey): Promise<void> {
    const d = await loadDraft(key);
    if (key !== this.#key || !d) return;
    this.#stored = this.saved = true;
    this.#hooks.restore(d);
    this.#host.requestUpdate();
  }
}
