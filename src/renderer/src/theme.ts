import { ref } from 'vue';

export type ThemeName = 'light' | 'dark';

const media = window.matchMedia('(prefers-color-scheme: dark)');

/** The system's colour scheme, kept current as it changes. */
export const theme = ref<ThemeName>(media.matches ? 'dark' : 'light');
media.addEventListener('change', (event) => {
  theme.value = event.matches ? 'dark' : 'light';
});

/** Reads a CSS custom property from :root, so charts follow the same palette as the page. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
