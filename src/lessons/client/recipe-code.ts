import { html, type TemplateResult } from 'lit';
import { excerptDeclaration } from '../../components/source-excerpt.ts';
import '../../components/wsp-code-block.ts';

/** Where the recipes live, as the captions name them. */
export const RECIPES_FOLDER = 'src/lessons/client/recipes';

/**
 * One declaration of a client recipe, cut from the module's real text (a
 * `?raw` import of the very file the demo imports), at its real line numbers.
 * `playground`: the id of the playground example that runs the same code as plain JavaScript.
 */
export function recipeCode(source: string, file: string, name: string, playground = ''): TemplateResult {
  const excerpt = excerptDeclaration(source, name);
  return html`<wsp-code-block
    data-declaration=${name}
    .code=${excerpt.code}
    first-line=${excerpt.firstLine}
    label=${`${RECIPES_FOLDER}/${file}`}
    playground=${playground}
  ></wsp-code-block>`;
}
