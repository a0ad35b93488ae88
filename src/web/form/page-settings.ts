import { h } from '../dom.js';
import { page, type Update } from '../page.js';
import { labelled } from './labelled.js';

const themeKey = 'tparams-theme';

/** The page's language and colour theme, in the header. */
export function settingsFields(w: Record<string, string>, update: Update): HTMLElement[] {
  const state = page.state;
  return [
    labelled(
      'lang',
      w.language!,
      h(
        'select',
        {
          id: 'lang',
          onchange: (e: Event) =>
            update(
              {
                ...page.state,
                lang: (e.target as HTMLSelectElement).value === 'zh' ? 'zh' : 'en',
              },
              { now: true, controls: true },
            ),
        },
        h('option', { value: 'en', selected: state.lang === 'en' }, 'English'),
        h('option', { value: 'zh', selected: state.lang === 'zh' }, '中文'),
      ),
    ),
    labelled(
      'theme',
      w.theme!,
      h(
        'select',
        { id: 'theme', onchange: (e: Event) => setTheme((e.target as HTMLSelectElement).value) },
        ...(['auto', 'light', 'dark'] as const).map((v) =>
          h(
            'option',
            { value: v, selected: v === savedTheme() },
            w[`theme${v[0]!.toUpperCase()}${v.slice(1)}`]!,
          ),
        ),
      ),
    ),
  ];
}

/** The theme the reader chose last time on this browser (`auto`: the system's). */
export const savedTheme = (): string => localStorage.getItem(themeKey) ?? 'auto';

/** Sets the theme, and remembers it unless it is the system's. */
export function setTheme(theme: string): void {
  if (theme === 'light' || theme === 'dark') {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem(themeKey, theme);
  } else {
    delete document.documentElement.dataset.theme;
    localStorage.removeItem(themeKey);
  }
}
