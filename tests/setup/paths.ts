import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Scratch space for test databases; ignored by git. */
export const TMP_DIR = path.join(PROJECT_ROOT, 'tests', '.tmp')
/** A migrated database with the territory register loaded, copied for each test file. */
export const BASE_DB = path.join(TMP_DIR, 'base.db')

/**
 * The V8 options `npm start` gives node (package.json `scripts.start`, e.g. the young generation's
 * size, README decision 18), so that browser tests and benchmarks run the server as it runs.
 */
export const START_V8_OPTIONS: string[] = (() => {
	const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'))
	const words = String(scripts.start).split(/\s+/).slice(1)
	return words.slice(0, words.indexOf('--import'))
})()
