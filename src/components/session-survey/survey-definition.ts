import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pageScriptsRan } from '../../core/lit/page-ready.js';
import { parseDefinition, type ParsedDefinition } from './survey-schema.js';
import type { SurveyDefinition, SurveyDefinitionInput } from './survey-types.js';

/** Where the definition comes from: the element's `definition` and `src`. */
export interface DefinitionInputs {
  definition(): SurveyDefinitionInput | string | null;
  src(): string;
}

/**
 * The page's survey definition: the `definition` property (an object or JSON text), else fetched
 * from `src`, validated once per value. `src` is fetched only after the page's own scripts have
 * run (DOMContentLoaded) and one more task, so a definition a script sets right after the element
 * was created or upgraded wins without a request.
 */
export class DefinitionSource implements ReactiveController {
  #fetched: { src: string; value?: unknown; error?: string } | null = null;
  #started = false;
  /** `src` may be fetched: the first update is done and the page's own scripts have run since. */
  #due = false;
  #parsedFrom: unknown;
  #parsed!: ParsedDefinition;

  readonly #host: ReactiveControllerHost;
  readonly #inputs: DefinitionInputs;

  constructor(host: ReactiveControllerHost, inputs: DefinitionInputs) {
    this.#host = host;
    this.#inputs = inputs;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#started) return;
    this.#started = true;
    void pageScriptsRan().then(() =>
      setTimeout(() => {
        this.#due = true;
        this.#host.requestUpdate();
      }),
    );
  }

  hostUpdate(): void {
    const src = this.#inputs.src();
    if (!src || !this.#due || this.#inputs.definition() != null || this.#fetched?.src === src) return;
    this.#fetched = { src };
    const done = (f: { value?: unknown; error?: string }) => {
      if (this.#inputs.src() !== src) return;
      this.#fetched = { src, ...f };
      this.#host.requestUpdate();
    };
    fetch(src, { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then(
        (value) => done({ value }),
        (err: Error) => done({ error: `Could not load the survey definition from "${src}": ${err.message}` }),
      );
  }

  /** The page's definition and its authoring problem; neither while loading. */
  authored(): [SurveyDefinition | null, string?] {
    let raw: unknown = this.#inputs.definition();
    const src = this.#inputs.src();
    const f = this.#fetched;
    if (raw == null && src) {
      if (f?.src !== src || f.error) return [null, f?.error];
      raw = f.value;
      if (raw === undefined) return [null];
    }
    // Until the page's scripts have run, a definition may still come (a module script after ours).
    if (raw == null) return this.#due ? [null, 'The survey needs a definition: set the definition property or a src URL.'] : [null];
    if (raw !== this.#parsedFrom) {
      this.#parsedFrom = raw;
      try {
        this.#parsed = parseDefinition(typeof raw === 'string' ? JSON.parse(raw) : raw);
      } catch (err) {
        this.#parsed = {
          definition: null,
          errors: [{ field: '(definition)', message: `The definition is not valid JSON: ${(err as Error).message}` }],
        };
      }
    }
    const { definition, errors } = this.#parsed;
    return [
      definition,
      errors
        .slice(0, 5)
        .map((e) => e.message)
        .join('\n'),
    ];
  }
}
