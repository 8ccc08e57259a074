import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on child processes, sockets and timers rather than the CPU: two files at a
    // time halve the suite on a two-core machine (the default would be one).
    maxWorkers: 2,
  },
});
