export interface BuildDirs {
  /** The TypeScript tree (default src/). */
  src?: string;
  /** Where its JavaScript goes (default dist/). */
  out?: string;
  /** The compiler options esbuild reads (default tsconfig.json); a newer one makes the build stale. */
  tsconfig?: string;
}
export const root: string;
export function isFresh(dirs?: BuildDirs): boolean;
export function build(dirs?: BuildDirs): Promise<void>;
export function buildIfNeeded(dirs?: BuildDirs): Promise<boolean>;
