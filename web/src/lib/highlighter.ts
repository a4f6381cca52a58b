import type { HighlighterCore, LanguageRegistration } from 'shiki/core';

/**
 * Syntax highlighting with shiki, loaded on first use: the core, the JavaScript regex engine
 * (no WASM), one light and one dark theme, and each grammar in its own chunk when a code
 * block first needs it. Nothing of this is in the initial bundle.
 */
type GrammarModule = { default: LanguageRegistration[] };

const GRAMMARS: Record<string, () => Promise<GrammarModule>> = {
  javascript: () => import('shiki/langs/javascript.mjs'),
  typescript: () => import('shiki/langs/typescript.mjs'),
  tsx: () => import('shiki/langs/tsx.mjs'),
  jsx: () => import('shiki/langs/jsx.mjs'),
  python: () => import('shiki/langs/python.mjs'),
  bash: () => import('shiki/langs/bash.mjs'),
  json: () => import('shiki/langs/json.mjs'),
  html: () => import('shiki/langs/html.mjs'),
  css: () => import('shiki/langs/css.mjs'),
  sql: () => import('shiki/langs/sql.mjs'),
  go: () => import('shiki/langs/go.mjs'),
  rust: () => import('shiki/langs/rust.mjs'),
  java: () => import('shiki/langs/java.mjs'),
  c: () => import('shiki/langs/c.mjs'),
  cpp: () => import('shiki/langs/cpp.mjs'),
  yaml: () => import('shiki/langs/yaml.mjs'),
  toml: () => import('shiki/langs/toml.mjs'),
  markdown: () => import('shiki/langs/markdown.mjs'),
  diff: () => import('shiki/langs/diff.mjs'),
  dockerfile: () => import('shiki/langs/dockerfile.mjs'),
};

const ALIASES: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  py: 'python',
  python3: 'python',
  sh: 'bash',
  shell: 'bash',
  shellscript: 'bash',
  zsh: 'bash',
  console: 'bash',
  jsonc: 'json',
  json5: 'json',
  xml: 'html',
  svg: 'html',
  golang: 'go',
  rs: 'rust',
  'c++': 'cpp',
  cc: 'cpp',
  h: 'c',
  yml: 'yaml',
  md: 'markdown',
  patch: 'diff',
  docker: 'dockerfile',
};

const THEMES = { light: 'github-light', dark: 'github-dark' } as const;

/** The grammar id for a fence's language, or null when it is not one we highlight. */
export function resolveLanguage(lang: string | undefined | null): string | null {
  if (!lang) return null;
  const id = lang.toLowerCase();
  const resolved = ALIASES[id] ?? id;
  return resolved in GRAMMARS ? resolved : null;
}

let core: Promise<HighlighterCore> | null = null;
const grammars = new Map<string, Promise<void>>();
const cache = new Map<string, string>();
const CACHE_LIMIT = 300;

function loadCore(): Promise<HighlighterCore> {
  core ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, light, dark] = await Promise.all([
      import('shiki/core'),
      import('shiki/engine/javascript'),
      import('shiki/themes/github-light.mjs'),
      import('shiki/themes/github-dark.mjs'),
    ]);
    return createHighlighterCore({
      themes: [light.default, dark.default],
      langs: [],
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
  })();
  core.catch(() => {
    core = null;
  });
  return core;
}

/** Synchronous cache lookup, so a remounted block shows its colors at once. */
export function cachedHighlight(code: string, lang: string | null): string | null {
  return lang ? (cache.get(`${lang}\u0000${code}`) ?? null) : null;
}

/**
 * Highlights code as HTML with both themes as CSS variables (`--shiki-light`, `--shiki-dark`).
 * shiki escapes the code itself, so the HTML carries no markup from the message.
 */
export async function highlight(code: string, lang: string): Promise<string> {
  const key = `${lang}\u0000${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const highlighter = await loadCore();
  let grammar = grammars.get(lang);
  if (!grammar) {
    const load = GRAMMARS[lang];
    if (!load) throw new Error(`No grammar for ${lang}`);
    grammar = load().then((module) => highlighter.loadLanguage(...module.default));
    grammars.set(lang, grammar);
    grammar.catch(() => grammars.delete(lang));
  }
  await grammar;
  const html = highlighter.codeToHtml(code, { lang, themes: THEMES, defaultColor: false });
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, html);
  return html;
}
