/** The last path segment of an uploaded file's name. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/** The lower-cased extension without the dot, or '' (also for dotfiles such as `.env`). */
export function fileExtension(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The file name without its extension: the title of a document that names none itself. */
export function stem(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
