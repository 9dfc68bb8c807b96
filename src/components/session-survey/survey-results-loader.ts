import { html, type ReactiveElement, type TemplateResult } from 'lit';
import { LazyModule, LazyModuleController } from '../../core/lit/lazy-module.js';
import type { SurveyDefinition } from './survey-types.js';
import type { ResultsPanelHooks } from './survey-results.js';

type Results = typeof import('./survey-results.js');
const resultsModule = new LazyModule<Results>(() => import('./survey-results.js'), 'the survey results view');

/**
 * The facilitator's results view as the element holds it: loaded on first use (participants never
 * download it), "Loading the results…" meanwhile, and a notice to reload when the chunk cannot
 * load. Once loaded, the chunk's `ResultsPanel` renders the results and the way back from the preview.
 */
export class ResultsLoader {
  #panel: InstanceType<Results['ResultsPanel']> | undefined;
  readonly #view: LazyModuleController<Results>;

  constructor(
    private readonly host: ReactiveElement,
    private readonly hooks: ResultsPanelHooks,
  ) {
    this.#view = new LazyModuleController(host, resultsModule);
  }

  /** Resolves when the results view's strings for the element's language are loaded (at once before the view is). */
  ready(): Promise<unknown> {
    return Promise.resolve(this.#panel?.r.ready());
  }

  /** The results of `def`, or what stands in their place while the chunk loads or after it failed. */
  render(def: SurveyDefinition): TemplateResult | undefined {
    const t = this.hooks.t;
    const waiting = html`<p part="status">${t.t('surveyLoadingResults')}</p>`;
    return this.#view.render({
      pending: () => waiting,
      // A reload is the way back: the failure is remembered for the page's life (see LazyModule).
      failed: () => html`<p part="error" role="alert">${t.t('surveyResultsFailed')}</p>`,
      loaded: (m) => {
        if (this.#panel) return this.#panel.render(def);
        // Set up after this render: the panel adds controllers and styles to the element.
        void Promise.resolve().then(() => {
          this.#panel ??= new m.ResultsPanel(this.host, this.hooks);
          this.host.requestUpdate();
        });
        return waiting;
      },
    });
  }

  /** Under the preview: the way back to the results (the preview is opened from them, so they are loaded). */
  renderShowResults(): TemplateResult | undefined {
    return this.#panel?.renderShowResults();
  }
}
