import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Unit and integration tests: each test file gets its own copy of a migrated database, and each
// test starts from the file's fixture (tests/setup/database-fixtures.ts).
export default defineConfig({
	root,
	test: {
		include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
		globalSetup: ['tests/setup/global-setup.ts'],
		setupFiles: ['tests/setup/setup-test-env.ts'],
		runner: 'tests/setup/fixture-runner.ts',
		// Tests run in another order than written, the same one every run (a failure shows again
		// without a seed); `npm run test:isolation` tries other orders and each test alone.
		sequence: { shuffle: { files: false, tests: true }, seed: 20261205 },
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 60_000,
	},
})
