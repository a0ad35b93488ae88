/**
 * Keeps only the woff2 source of each of KaTeX's @font-face rules (every browser that runs KaTeX
 * reads it) and lets the caller say where the file is: a data URL for a standalone document, a
 * file next to the stylesheet for the web page.
 */
export function woff2Only(css: string, urlOf: (file: string) => string): string {
  return css.replace(
    /src:url\(fonts\/([^)]+\.woff2)\) format\("woff2"\)(?:,url\([^)]+\) format\("[^"]+"\))*/g,
    (_whole, file: string) => `src:url(${urlOf(file)}) format("woff2")`,
  );
}

/** The woff2 files a KaTeX stylesheet names. */
export function woff2Files(css: string): string[] {
  return [...new Set([...css.matchAll(/fonts\/([^)]+\.woff2)/g)].map((m) => m[1]!))];
}
