#!/usr/bin/env node
// Runs the server's JavaScript build (dist/), made from src/ again whenever a source changed, so
// there is no build step to forget (scripts/server-build.mjs, docs/decisions/013).
import { buildIfNeeded } from '../scripts/server-build.mjs';

let entry = '../dist/cli/index.js';
try {
  await buildIfNeeded();
} catch (error) {
  if (!['EACCES', 'EPERM', 'EROFS'].includes(error?.code)) {
    console.error(`Could not build Redline's server code: ${error?.message ?? error}`);
    process.exit(1);
  }
  // An install this user cannot write to: run the sources through tsx instead (slower to start).
  console.error(`Redline cannot write its build to ${error.path ?? 'dist/'} (${error.code}); running the TypeScript sources directly.`);
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli/index.ts';
}
await import(entry);
