import { UserError } from '../../errors/user-error.js';
import { renderKatex } from '../../render/katex.js';
import { shown } from './spec-issues.js';

const greek =
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega';
/** The commands a symbol's TeX may use: Greek letters, accents, fonts and text. */
const symbolCommands = new Set([
  ...greek.split(' '),
  'text',
  'textrm',
  'mathrm',
  'mathbf',
  'mathit',
  'mathsf',
  'mathtt',
  'mathcal',
  'mathbb',
  'boldsymbol',
  'operatorname',
  'hat',
  'bar',
  'tilde',
  'vec',
  'dot',
  'ddot',
  'check',
  'breve',
  'widehat',
  'widetilde',
  'overline',
  'prime',
  'ell',
  'star',
  'ast',
  'dagger',
  'times',
  'cdot',
]);

/**
 * A symbol's TeX from a spec goes into every document's math as it is, so it must be math and
 * only math: a short run of letters, digits, subscripts, superscripts, braces and commands, which
 * KaTeX sets in strict mode. (`$`, `<`, `&`, `%`, `|` and line breaks could end the math or the
 * table cell around it in Markdown or LaTeX; KaTeX's `trust` stays off, so no command links out.)
 */
export function checkSymbolTex(tex: string, field: string, source: string): void {
  const fail = (why: string) =>
    new UserError(`${source}: spec field ${field} = ${shown(tex)}: ${why}`, {
      field,
      received: tex,
      expected: 'TeX for one symbol, such as d_{\\text{model}}',
    });
  if (tex.length === 0 || tex.length > 80)
    throw fail('expected TeX for one symbol, 1 to 80 characters');
  if (!/^[A-Za-z0-9\\{}_^ ,.'()+\-=*/:;!?[\]]+$/.test(tex))
    throw fail(
      'expected TeX for one symbol: letters, digits, \\commands, _, ^, braces (no $ < > & % | # ~ or line breaks)',
    );
  const command = [...tex.matchAll(/\\([A-Za-z]+)/g)]
    .map((m) => m[1]!)
    .find((c) => !symbolCommands.has(c));
  if (command)
    throw fail(
      `\\${command} is not a command a symbol's name needs (letters, accents, fonts and \\text are)`,
    );
  try {
    renderKatex(tex, { displayMode: false, output: 'mathml' });
  } catch (error) {
    throw fail(
      `KaTeX cannot set it (${(error as Error).message.replace(/^KaTeX parse error: /, '').split('\n')[0]})`,
    );
  }
}
