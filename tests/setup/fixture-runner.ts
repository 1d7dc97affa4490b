import type { RunnerTestSuite } from 'vitest'
import { VitestTestRunner } from 'vitest/runners'

declare global {
	/** Set by database-fixtures.ts in each test file's process. */
	var __sitovkaSuiteStarting: ((suite: RunnerTestSuite) => void) | undefined
}

/**
 * vitest's own runner, which also tells the database fixtures (database-fixtures.ts) when a
 * `describe` block starts: after the enclosing block's hooks and tests, before its own
 * `beforeAll`. No hook a setup file can register runs at that moment.
 */
export default class FixtureRunner extends VitestTestRunner {
	override async onBeforeRunSuite(suite: RunnerTestSuite) {
		await super.onBeforeRunSuite(suite)
		if (suite.file !== suite && suite.mode === 'run') globalThis.__sitovkaSuiteStarting?.(suite)
	}
}
