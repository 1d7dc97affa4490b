import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type Database from 'better-sqlite3'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Db } from '#db/client.ts'
import {
	assertDatabaseFileIsThere,
	reportDatabaseFailure,
	reportDatabaseWritten,
} from '#db/storage-health.ts'
import { StoredLog, type StoredUpdate } from './stored-log.ts'

export type { StoredUpdate }

export type LoadedDocument = {
	/**
	 * The snapshot (if any) and every later update, oldest first; empty for a document never
	 * written. Apply them with `applyStored` (one transaction, runs of rows joined: fast).
	 */
	stored: StoredLog
	/**
	 * Snapshot plus every later update as one update; null for a document never written.
	 * Computed on first use (the engine does not need it).
	 */
	readonly state: Uint8Array | null
	/**
	 * Y.encodeStateVector of the snapshot, when stored with it: with a snapshot alone, a document
	 * can greet clients and answer an empty one without decoding anything first.
	 */
	snapshotStateVector: Uint8Array | null
	/** Id of the last update included (0 when none). */
	lastUpdateId: number
	/** Rows in the update log after the snapshot, and their total size: compaction triggers. */
	updatesSinceSnapshot: number
	bytesSinceSnapshot: number
}

export type CompactionResult = {
	throughUpdateId: number
	foldedUpdates: number
	snapshotBytes: number
	/** What is left in the update log for this document after the fold. */
	remainingUpdates: number
	remainingBytes: number
}

/**
 * Where documents live. The engine needs only these three operations, so a PostgreSQL
 * implementation (several instances behind a socket.io adapter) can replace the SQLite one.
 * Contract: `appendUpdate` resolves only once the update is durable; `compact` never drops an
 * update appended while it runs; `loadDocument` reads snapshot and log consistently.
 */
export interface RealtimeStorage {
	loadDocument(name: string): Promise<LoadedDocument>
	appendUpdate(name: string, update: Uint8Array, userId: string | null): Promise<number>
	/** Folds the log into the snapshot; null when there was nothing to fold or another run won. */
	compact(name: string): Promise<CompactionResult | null>
}

type SnapshotRow = { state: Buffer; stateVector: Buffer | null; through: number }
/** The log after the snapshot in one value, and how many rows it holds (see `selectLog`). */
type LogRow = { count: number; log: Buffer | null }

const asBuffer = (bytes: Uint8Array) =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * Applies stored rows to `doc` in one transaction, so Yjs integrates each row's structs as it
 * goes and runs its cleanup (merging, observers, the `update` event) once, with runs of log rows
 * joined into single updates (see StoredLog): tens of milliseconds for 10,000 rows, where
 * merging them with Y.mergeUpdates takes seconds. A row Yjs cannot read (written by a buggy
 * older version, say) must not make the whole document unloadable: it is skipped (Yjs reads an
 * update's structs before integrating any of them; joined rows were all read once already) and
 * reported.
 */
export function applyStored(
	doc: Y.Doc,
	stored: StoredLog | readonly StoredUpdate[],
	origin: unknown,
	onUnreadable: (row: StoredUpdate, error: unknown) => void,
) {
	const log = stored instanceof StoredLog ? stored : StoredLog.of(stored)
	if (log.length === 0) return
	doc.transact(() => {
		for (const part of log.parts()) {
			try {
				Y.applyUpdate(doc, part.bytes, origin)
			} catch (error) {
				onUnreadable(part, error)
			}
		}
	}, origin)
}

/**
 * Stored rows folded into one update and its state vector (gc:false like the live document:
 * nothing deleted is lost).
 */
export function foldStored(
	stored: StoredLog | readonly StoredUpdate[],
	onUnreadable: (row: StoredUpdate, error: unknown) => void,
) {
	if (stored.length === 0) return null
	const doc = new Y.Doc({ gc: false })
	try {
		applyStored(doc, stored, null, onUnreadable)
		return { state: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }
	} finally {
		doc.destroy()
	}
}

/** A LoadedDocument whose merged `state` is computed on first use. */
export function loadedDocument(
	fields: Omit<LoadedDocument, 'state'>,
	onUnreadable: (row: StoredUpdate, error: unknown) => void,
): LoadedDocument {
	let state: Uint8Array | null | undefined
	return {
		...fields,
		get state() {
			if (state === undefined) state = foldStored(fields.stored, onUnreadable)?.state ?? null
			return state
		},
	}
}

type PendingAppend = {
	name: string
	update: Buffer
	userId: string | null
	resolve(id: number): void
	reject(error: unknown): void
}

/**
 * SQLite storage on the app's database (WAL, synchronous=FULL, see README decision 4).
 *
 * Group commit: every commit costs an fsync (several milliseconds, during which better-sqlite3
 * blocks the event loop), so appends made while handling the socket messages of one event-loop
 * turn are written in one transaction right after it (setImmediate). Each promise resolves only
 * after that transaction committed; a failing batch is retried row by row so one bad row
 * cannot fail its neighbours.
 *
 * Storage failures (disk full, database read-only, its file deleted) fail the whole batch at
 * once and are recorded in db/storage-health.ts, which the engine reads to refuse the changes
 * as `unavailable`; the first commit that works again ends the failure.
 */
export function createSqliteStorage(db: Db, logger: Logger): RealtimeStorage {
	const sqlite: Database.Database = db.$client
	const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
		`select state, state_vector as stateVector, through_update_id as through
		 from yjs_snapshots where doc_name = ?`,
	)
	// The whole log in one blob, each row as `<id>,<length>:<bytes>` (StoredLog.parse): casting
	// a blob to text and back keeps its bytes as they are. The index on (doc_name, id) yields
	// the rows in id order; an ORDER BY inside group_concat would sort them again (a third of
	// the read), so StoredLog.parse checks the order instead.
	const selectLog = sqlite.prepare<[string, number], LogRow>(
		`select count(*) as count,
		   cast(group_concat(id || ',' || length("update") || ':' || cast("update" as text), '') as blob) as log
		 from yjs_updates indexed by yjs_updates_doc_idx where doc_name = ? and id > ?`,
	)
	const insertUpdate = sqlite.prepare<[string, Buffer, string | null, number]>(
		'insert into yjs_updates (doc_name, "update", user_id, created_at) values (?, ?, ?, ?)',
	)
	const upsertSnapshot = sqlite.prepare<[string, Buffer, Buffer, number, number]>(
		`insert into yjs_snapshots (doc_name, state, state_vector, through_update_id, updated_at)
		 values (?, ?, ?, ?, ?)
		 on conflict (doc_name) do update set state = excluded.state,
		   state_vector = excluded.state_vector, through_update_id = excluded.through_update_id,
		   updated_at = excluded.updated_at`,
	)
	const deleteFolded = sqlite.prepare<[string, number]>(
		'delete from yjs_updates where doc_name = ? and id <= ?',
	)
	const countLog = sqlite.prepare<[string], { updates: number; bytes: number | null }>(
		'select count(*) as updates, sum(length("update")) as bytes from yjs_updates where doc_name = ?',
	)

	/** Snapshot and the log after it, in one read transaction (a concurrent fold is atomic). */
	const readDocument = sqlite.transaction((name: string) => {
		const snapshot = selectSnapshot.get(name) ?? null
		const { count, log } = selectLog.get(name, snapshot?.through ?? 0)!
		return { snapshot, stored: StoredLog.parse(snapshot?.state ?? null, log, count) }
	})

	const insertOne = (entry: Pick<PendingAppend, 'name' | 'update' | 'userId'>, now: number) =>
		Number(insertUpdate.run(entry.name, entry.update, entry.userId, now).lastInsertRowid)
	const insertBatch = sqlite.transaction((entries: PendingAppend[]) => {
		const now = Date.now()
		return entries.map((entry) => insertOne(entry, now))
	})

	let batch: PendingAppend[] = []
	let flushScheduled = false

	function flushBatch() {
		flushScheduled = false
		const entries = batch
		batch = []
		let ids: number[]
		try {
			// SQLite in WAL mode would go on "committing" to a deleted file: lost at the next start.
			assertDatabaseFileIsThere(sqlite)
			ids = insertBatch(entries)
		} catch (error) {
			// Every row would fail the same way; nothing is gained by trying them one by one.
			if (reportDatabaseFailure(error)) {
				for (const entry of entries) entry.reject(error)
				return
			}
			for (const entry of entries) appendAlone(entry)
			return
		}
		reportDatabaseWritten()
		entries.forEach((entry, index) => entry.resolve(ids[index]!))
	}

	function appendAlone(entry: PendingAppend) {
		try {
			const id = insertOne(entry, Date.now())
			reportDatabaseWritten()
			entry.resolve(id)
		} catch (error) {
			reportDatabaseFailure(error)
			// The author's account was deleted meanwhile: keep the edit, lose the attribution.
			if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY' && entry.userId) {
				appendAlone({ ...entry, userId: null })
				return
			}
			entry.reject(error)
		}
	}

	const writeFold = sqlite.transaction(
		(
			name: string,
			expectedThrough: number,
			fold: { state: Uint8Array; stateVector: Uint8Array },
			through: number,
		) => {
			const current = selectSnapshot.get(name)?.through ?? 0
			// Another process folded meanwhile; its snapshot already holds these updates.
			if (current !== expectedThrough) return null
			upsertSnapshot.run(
				name,
				asBuffer(fold.state),
				asBuffer(fold.stateVector),
				through,
				Date.now(),
			)
			deleteFolded.run(name, through)
			return countLog.get(name)!
		},
	)

	const unreadable = (name: string) => (row: StoredUpdate, error: unknown) =>
		logger.error(
			{
				err: error,
				doc: name,
				updateId: row.id === 0 ? undefined : row.id,
				snapshot: row.id === 0,
			},
			'unreadable Yjs update skipped',
		)

	return {
		async loadDocument(name) {
			const { snapshot, stored } = readDocument(name)
			return loadedDocument(
				{
					stored,
					snapshotStateVector: snapshot?.stateVector ?? null,
					lastUpdateId: stored.lastId || (snapshot?.through ?? 0),
					updatesSinceSnapshot: stored.logLength,
					bytesSinceSnapshot: stored.logBytes,
				},
				unreadable(name),
			)
		},

		appendUpdate(name, update, userId) {
			return new Promise<number>((resolve, reject) => {
				batch.push({ name, update: asBuffer(update), userId, resolve, reject })
				if (!flushScheduled) {
					flushScheduled = true
					setImmediate(flushBatch)
				}
			})
		},

		async compact(name) {
			const { snapshot, stored } = readDocument(name)
			if (stored.logLength === 0) return null
			const expectedThrough = snapshot?.through ?? 0
			const through = stored.lastId
			// Let queued socket messages run between reading and the CPU-bound fold.
			await yieldToEventLoop()
			// Folding re-encodes the updates compactly; gc:false like the live document, so
			// compaction never drops deleted items that version history and attribution rely on.
			const fold = foldStored(stored, unreadable(name))!
			await yieldToEventLoop()
			// One short write transaction; updates appended meanwhile have ids > through and stay.
			let left: ReturnType<typeof writeFold>
			try {
				assertDatabaseFileIsThere(sqlite)
				left = writeFold(name, expectedThrough, fold, through)
			} catch (error) {
				reportDatabaseFailure(error)
				throw error
			}
			if (!left) return null
			return {
				throughUpdateId: through,
				foldedUpdates: stored.logLength,
				snapshotBytes: fold.state.byteLength,
				remainingUpdates: left.updates,
				remainingBytes: left.bytes ?? 0,
			}
		},
	}
}
