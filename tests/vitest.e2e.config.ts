import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Browser tests: the built app over HTTP, driven by Chromium through playwright-core.
// One file at a time (one Chromium at a time on a 2-core CI machine), one shared server.
export default defineConfig({
	root,
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		globalSetup: ['tests/setup/e2e-global-setup.ts'],
		pool: 'forks',
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 120_000,
		teardownTimeout: 30_000,
	},
})
