import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type Database from 'better-sqlite3'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Db } from '#db/client.ts'

export type LoadedDocument = {
	/** Snapshot plus every later update, merged; null for a document never written. */
	state: Uint8Array | null
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

type SnapshotRow = { state: Buffer; through: number }
type UpdateRow = { id: number; update: Buffer }

const asBuffer = (bytes: Uint8Array) =>
	Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

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
 */
export function createSqliteStorage(db: Db, logger: Logger): RealtimeStorage {
	const sqlite: Database.Database = db.$client
	const selectSnapshot = sqlite.prepare<[string], SnapshotRow>(
		'select state, through_update_id as through from yjs_snapshots where doc_name = ?',
	)
	const selectUpdates = sqlite.prepare<[string, number], UpdateRow>(
		'select id, "update" from yjs_updates where doc_name = ? and id > ? order by id',
	)
	const insertUpdate = sqlite.prepare<[string, Buffer, string | null, number]>(
		'insert into yjs_updates (doc_name, "update", user_id, created_at) values (?, ?, ?, ?)',
	)
	const upsertSnapshot = sqlite.prepare<[string, Buffer, number, number]>(
		`insert into yjs_snapshots (doc_name, state, through_update_id, updated_at) values (?, ?, ?, ?)
		 on conflict (doc_name) do update set state = excluded.state,
		   through_update_id = excluded.through_update_id, updated_at = excluded.updated_at`,
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
		const updates = selectUpdates.all(name, snapshot?.through ?? 0)
		return { snapshot, updates }
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
			ids = insertBatch(entries)
		} catch {
			for (const entry of entries) appendAlone(entry)
			return
		}
		entries.forEach((entry, index) => entry.resolve(ids[index]!))
	}

	function appendAlone(entry: PendingAppend) {
		try {
			entry.resolve(insertOne(entry, Date.now()))
		} catch (error) {
			// The author's account was deleted meanwhile: keep the edit, lose the attribution.
			if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY' && entry.userId) {
				appendAlone({ ...entry, userId: null })
				return
			}
			entry.reject(error)
		}
	}

	const writeFold = sqlite.transaction(
		(name: string, expectedThrough: number, state: Buffer, through: number) => {
			const current = selectSnapshot.get(name)?.through ?? 0
			// Another process folded meanwhile; its snapshot already holds these updates.
			if (current !== expectedThrough) return null
			upsertSnapshot.run(name, state, through, Date.now())
			deleteFolded.run(name, through)
			return countLog.get(name)!
		},
	)

	/**
	 * Merges stored updates. A row Yjs cannot read (written by a buggy older version, say) must not
	 * make the whole document unloadable: it is skipped and logged.
	 */
	function mergeStored(name: string, rows: Array<{ id: number; bytes: Uint8Array }>) {
		if (rows.length === 0) return null
		if (rows.length === 1) return rows[0]!.bytes
		try {
			return Y.mergeUpdates(rows.map((row) => row.bytes))
		} catch (error) {
			const readable = rows.filter((row) => {
				try {
					Y.decodeUpdate(row.bytes)
					return true
				} catch {
					logger.error({ err: error, doc: name, updateId: row.id }, 'unreadable Yjs update skipped')
					return false
				}
			})
			return readable.length === 0 ? null : Y.mergeUpdates(readable.map((row) => row.bytes))
		}
	}

	function rowsOf(snapshot: SnapshotRow | null, updates: UpdateRow[]) {
		const rows = updates.map((row) => ({ id: row.id, bytes: new Uint8Array(row.update) }))
		if (snapshot) rows.unshift({ id: 0, bytes: new Uint8Array(snapshot.state) })
		return rows
	}

	return {
		async loadDocument(name) {
			const { snapshot, updates } = readDocument(name)
			return {
				state: mergeStored(name, rowsOf(snapshot, updates)),
				lastUpdateId: updates.at(-1)?.id ?? snapshot?.through ?? 0,
				updatesSinceSnapshot: updates.length,
				bytesSinceSnapshot: updates.reduce((sum, row) => sum + row.update.byteLength, 0),
			}
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
			const { snapshot, updates } = readDocument(name)
			if (updates.length === 0) return null
			const expectedThrough = snapshot?.through ?? 0
			const through = updates.at(-1)!.id
			// Let queued socket messages run between reading and the CPU-bound fold.
			await yieldToEventLoop()
			const merged = mergeStored(name, rowsOf(snapshot, updates))
			// Folding re-encodes the merged updates compactly; gc:false like the live document, so
			// compaction never drops deleted items that version history and attribution rely on.
			const folded = new Y.Doc({ gc: false })
			if (merged) Y.applyUpdate(folded, merged)
			const state = Y.encodeStateAsUpdate(folded)
			folded.destroy()
			await yieldToEventLoop()
			// One short write transaction; updates appended meanwhile have ids > through and stay.
			const left = writeFold(name, expectedThrough, asBuffer(state), through)
			if (!left) return null
			return {
				throughUpdateId: through,
				foldedUpdates: updates.length,
				snapshotBytes: state.byteLength,
				remainingUpdates: left.updates,
				remainingBytes: left.bytes ?? 0,
			}
		},
	}
}
