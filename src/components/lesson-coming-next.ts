import { html, type TemplateResult } from 'lit';

/**
 * The honest placeholder of a lesson whose demos are not written yet: what it
 * will show, and where a working demo is meanwhile.
 */
export function comingNext(plans: readonly (string | TemplateResult)[]): TemplateResult {
  return html`<aside class="coming-next">
    <p><strong>Coming next.</strong> This lesson's demos are still being built. It will show:</p>
    <ul>
      ${plans.map((plan) => html`<li>${plan}</li>`)}
    </ul>
    <p>Meanwhile the <a href="#/what-are-websockets">echo demo</a> already runs in both connection modes.</p>
  </aside>`;
}
