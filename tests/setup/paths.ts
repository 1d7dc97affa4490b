import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Scratch space for test databases; ignored by git. */
export const TMP_DIR = path.join(PROJECT_ROOT, 'tests', '.tmp')
/** A migrated database with the territory register loaded, copied for each test file. */
export const BASE_DB = path.join(TMP_DIR, 'base.db')
