import fs from 'node:fs'
import type Database from 'better-sqlite3'

/**
 * What Síťovka knows about the disk it writes to: the database (every page action and realtime
 * edit) and the log. A full disk, a database that became read-only or a database file that
 * vanished must not stop the server (README decision "Storage failures"): writes are refused
 * with a clear message, reads keep working, `/healthz` and the log say what is wrong, and the
 * first write that works again ends the failure. Fed by the realtime storage, the page-action
 * guard (server/storage-failures.ts) and the log destination; read by `/healthz` and the root
 * loader (banner).
 */

/** Why the database refuses writes. */
export type DatabaseProblem = 'full' | 'read_only' | 'missing' | 'io_error'

export type DatabaseState =
	| { status: 'ok' }
	| {
			status: DatabaseProblem
			/** When writes started failing (ISO time). */
			since: string
			/** The last error code seen (SQLITE_FULL, ENOSPC, …). */
			code: string
			/** Writes refused since then. */
			refusedWrites: number
	  }

export type LogState =
	{ status: 'ok' } | { status: 'failing'; since: string; code: string; droppedLines: number }

type HealthState = {
	database: DatabaseState
	log: LogState
	/** When the last write probe ran (ms), so a failing database is probed at most every few s. */
	lastProbeAt: number
	/** The file each connection opened, to notice it being deleted or replaced underneath. */
	files: WeakMap<Database.Database, { path: string; dev: number; ino: number }>
	listeners: Set<(event: StorageEvent) => void>
}

/** A change worth logging (the logger subscribes; db/ knows no logger). */
export type StorageEvent =
	| { type: 'database-failing'; state: Extract<DatabaseState, { status: DatabaseProblem }> }
	| { type: 'database-recovered'; failedFor: string; refusedWrites: number; problem: string }

/** How often a failing database is probed with a real write (health checks, page loads). */
const PROBE_INTERVAL_MS = 2000

declare global {
	var __sitovkaStorageHealth: HealthState | undefined
}

/** Kept on globalThis: the custom server and Vite's SSR module graph share one state. */
function state(): HealthState {
	globalThis.__sitovkaStorageHealth ??= {
		database: { status: 'ok' },
		log: { status: 'ok' },
		lastProbeAt: 0,
		files: new WeakMap(),
		listeners: new Set(),
	}
	return globalThis.__sitovkaStorageHealth
}

const SQLITE_PROBLEMS: Array<[prefix: string, problem: DatabaseProblem]> = [
	['SQLITE_FULL', 'full'],
	['SQLITE_READONLY', 'read_only'],
	['SQLITE_CANTOPEN', 'missing'],
	['SQLITE_IOERR', 'io_error'],
	['SQLITE_CORRUPT', 'io_error'],
	['SQLITE_NOTADB', 'io_error'],
]
/**
 * Errors of the disk itself. Not ENOENT or EACCES: a file an action reads (a font, say) being
 * missing says nothing about the database.
 */
const SYSTEM_PROBLEMS: Record<string, DatabaseProblem> = {
	ENOSPC: 'full',
	EDQUOT: 'full',
	EFBIG: 'full',
	EROFS: 'read_only',
	EIO: 'io_error',
}

/**
 * The storage problem behind an error (a better-sqlite3 SqliteError, a Node system error, or an
 * error whose `cause` is one), or null for anything else (a constraint, a bug). Extended codes
 * such as SQLITE_IOERR_WRITE or SQLITE_READONLY_DBMOVED count with their primary code.
 */
export function storageProblemOf(error: unknown): DatabaseProblem | null {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code
		if (typeof code === 'string') {
			for (const [prefix, problem] of SQLITE_PROBLEMS)
				if (code === prefix || code.startsWith(`${prefix}_`)) return problem
			const system = SYSTEM_PROBLEMS[code]
			if (system) return system
		}
		current = (current as { cause?: unknown }).cause
	}
	return null
}

function codeOf(error: unknown) {
	const code = (error as { code?: unknown } | null)?.code
	return typeof code === 'string' ? code : 'unknown'
}

/** Subscribes to failures starting and ending; returns the unsubscribe function. */
export function onStorageEvent(listener: (event: StorageEvent) => void): () => void {
	state().listeners.add(listener)
	return () => {
		state().listeners.delete(listener)
	}
}

function emit(event: StorageEvent) {
	for (const listener of state().listeners) {
		try {
			listener(event)
		} catch {
			// A failing listener (the log, say) must not turn into a failed write.
		}
	}
}

/**
 * Records a database write that failed. Returns the problem when the error is a storage failure
 * (the caller refuses the write as "unavailable"), null when it is some other error.
 */
export function reportDatabaseFailure(error: unknown): DatabaseProblem | null {
	const problem = storageProblemOf(error)
	if (!problem) return null
	const health = state()
	const current = health.database
	if (current.status === 'ok' || current.status !== problem) {
		const next = {
			status: problem,
			since: current.status === 'ok' ? new Date().toISOString() : current.since,
			code: codeOf(error),
			refusedWrites: current.status === 'ok' ? 1 : current.refusedWrites + 1,
		}
		health.database = next
		health.lastProbeAt = Date.now()
		emit({ type: 'database-failing', state: next })
	} else {
		current.refusedWrites++
		current.code = codeOf(error)
	}
	return problem
}

/** Records a database write that worked: a failure, if any, is over. */
export function reportDatabaseWritten() {
	const health = state()
	const current = health.database
	if (current.status === 'ok') return
	health.database = { status: 'ok' }
	emit({
		type: 'database-recovered',
		failedFor: `${Math.round((Date.now() - Date.parse(current.since)) / 1000)} s`,
		refusedWrites: current.refusedWrites,
		problem: current.status,
	})
}

export function reportLogFailure(code: string) {
	const health = state()
	if (health.log.status === 'failing') {
		health.log.droppedLines++
		health.log.code = code
		return
	}
	health.log = { status: 'failing', since: new Date().toISOString(), code, droppedLines: 1 }
}

export function reportLogDropped() {
	const log = state().log
	if (log.status === 'failing') log.droppedLines++
}

/** The log works again; returns what was lost meanwhile (for the summary line). */
export function reportLogWritten(): Extract<LogState, { status: 'failing' }> | null {
	const health = state()
	const log = health.log
	if (log.status === 'ok') return null
	health.log = { status: 'ok' }
	return log
}

/** Remembers which file `sqlite` opened, so that its deletion or replacement is noticed. */
export function watchDatabaseFile(sqlite: Database.Database) {
	if (sqlite.memory) return
	try {
		const stat = fs.statSync(sqlite.name)
		state().files.set(sqlite, { path: sqlite.name, dev: stat.dev, ino: stat.ino })
	} catch {
		// Not a plain file (or already gone): nothing to compare with.
	}
}

/**
 * False when the database file was deleted or replaced since it was opened. SQLite in WAL mode
 * goes on "writing" to a deleted file (the data is gone at the next start), so such writes must
 * be refused instead of acknowledged. A stat costs microseconds.
 */
export function databaseFileIsThere(sqlite: Database.Database) {
	const file = state().files.get(sqlite)
	if (!file) return true
	try {
		const stat = fs.statSync(file.path)
		return stat.dev === file.dev && stat.ino === file.ino
	} catch {
		return false
	}
}

/** The error a write gets when the database file is gone. */
export class DatabaseFileMissingError extends Error {
	readonly code = 'SQLITE_CANTOPEN'
	constructor() {
		super('the database file was deleted or replaced while the server was running')
		this.name = 'DatabaseFileMissingError'
	}
}

/** Throws DatabaseFileMissingError when the database file is gone; call before a write. */
export function assertDatabaseFileIsThere(sqlite: Database.Database) {
	if (!databaseFileIsThere(sqlite)) throw new DatabaseFileMissingError()
}

/**
 * A real write that changes nothing: a row with a few kilobytes inserted and deleted in one
 * committed transaction. It needs new pages and a WAL append like any write, so it fails on a
 * full disk (or over `max_page_count`), a read-only database or a broken device.
 */
function probeWrite(sqlite: Database.Database) {
	sqlite.transaction(() => {
		sqlite
			.prepare(
				"insert into reference_data (name, checksum) values ('storage-probe', hex(zeroblob(4096)))",
			)
			.run()
		sqlite.prepare("delete from reference_data where name = 'storage-probe'").run()
	})()
}

/**
 * The database's state now. While it is failing, a write probe runs at most every
 * `PROBE_INTERVAL_MS` (or now, when asked: after a page action worked), so health checks and page
 * loads notice by themselves that space returned.
 */
export function checkDatabase(
	sqlite: Database.Database,
	{ probeNow = false }: { probeNow?: boolean } = {},
): DatabaseState {
	const health = state()
	if (!databaseFileIsThere(sqlite)) {
		if (health.database.status !== 'missing') reportDatabaseFailure(new DatabaseFileMissingError())
		return health.database
	}
	if (health.database.status === 'ok') return health.database
	if (!probeNow && Date.now() - health.lastProbeAt < PROBE_INTERVAL_MS) return health.database
	health.lastProbeAt = Date.now()
	try {
		probeWrite(sqlite)
		reportDatabaseWritten()
	} catch (error) {
		if (!reportDatabaseFailure(error)) throw error
	}
	return health.database
}

/** The database's last known state, without probing. */
export function databaseState(): DatabaseState {
	return state().database
}

export function logState(): LogState {
	return state().log
}

/** For tests: forget every failure. */
export function resetStorageHealth() {
	const health = state()
	health.database = { status: 'ok' }
	health.log = { status: 'ok' }
	health.lastProbeAt = 0
}
