#!/usr/bin/env node
// Runs the compiled CLI when present (the Docker image), else the TypeScript sources via tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (existsSync(compiled)) {
  await import(compiled);
} else {
  await import('tsx/esm');
  await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
}
