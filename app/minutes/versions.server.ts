import { and, desc, eq, sql } from 'drizzle-orm'
import * as Y from 'yjs'
import { getLogger } from '#app/utils/logger.server.ts'
import { type Db, getDb } from '#db/client.ts'
import { users, yjsVersions } from '#db/schema.ts'
import { createSqliteStorage, type RealtimeStorage } from '#server/realtime/storage.ts'
import { docFromState } from './minutes-doc.ts'

export type VersionKind = 'auto' | 'manual'

const storages = new WeakMap<Db, RealtimeStorage>()

/** The realtime engine's storage port on the current database (one per connection). */
function storage() {
	const db = getDb()
	let found = storages.get(db)
	if (!found) {
		found = createSqliteStorage(db, getLogger())
		storages.set(db, found)
	}
	return found
}

/**
 * The document as stored: the compacted snapshot merged with every update after it. Every
 * acknowledged edit is in the database, so this is what all editors have seen confirmed.
 * An empty document for a name never written.
 */
export async function loadStoredState(docName: string) {
	const { state } = await storage().loadDocument(docName)
	return state ?? Y.encodeStateAsUpdate(new Y.Doc())
}

/** Records the stored state as a version. */
export async function recordVersion(
	docName: string,
	{ kind, name, userId }: { kind: VersionKind; name?: string | null; userId?: string | null },
) {
	const state = await loadStoredState(docName)
	return insertVersion(docName, state, { kind, name: name ?? null, userId: userId ?? null })
}

function insertVersion(
	docName: string,
	state: Uint8Array,
	{ kind, name, userId }: { kind: VersionKind; name: string | null; userId: string | null },
) {
	return getDb()
		.insert(yjsVersions)
		.values({
			docName,
			kind,
			name,
			state: Buffer.from(state),
			createdById: userId,
		})
		.returning({ id: yjsVersions.id })
		.get()
}

/** Same visible text and same history: the state vectors and delete sets are equal. */
function sameContent(a: Uint8Array, b: Uint8Array) {
	const first = docFromState(a)
	const second = docFromState(b)
	try {
		return Y.equalSnapshots(Y.snapshot(first), Y.snapshot(second))
	} finally {
		first.destroy()
		second.destroy()
	}
}

function isEmpty(state: Uint8Array) {
	const doc = docFromState(state)
	try {
		return doc.store.clients.size === 0
	} finally {
		doc.destroy()
	}
}

/** Newest first; versions recorded in the same millisecond by insertion order. */
const newestFirst = [desc(yjsVersions.createdAt), desc(sql`${yjsVersions}.rowid`)] as const

/**
 * An automatic version, unless nothing changed since the latest version (of any kind) or the
 * document was never written. For the engine: call when a document goes idle and every
 * 10 minutes of editing. Returns the new version's id, or null when skipped.
 */
export async function recordAutoVersionIfChanged(docName: string) {
	const state = await loadStoredState(docName)
	const latest = getDb()
		.select({ state: yjsVersions.state })
		.from(yjsVersions)
		.where(eq(yjsVersions.docName, docName))
		.orderBy(...newestFirst)
		.limit(1)
		.get()
	if (latest ? sameContent(latest.state, state) : isEmpty(state)) return null
	return insertVersion(docName, state, { kind: 'auto', name: null, userId: null }).id
}

/** A document's versions, newest first, without their (large) states. */
export function listVersions(docName: string) {
	return getDb()
		.select({
			id: yjsVersions.id,
			name: yjsVersions.name,
			kind: yjsVersions.kind,
			createdAt: yjsVersions.createdAt,
			authorName: users.name,
		})
		.from(yjsVersions)
		.leftJoin(users, eq(users.id, yjsVersions.createdById))
		.where(eq(yjsVersions.docName, docName))
		.orderBy(...newestFirst)
		.all()
}

/** One version of the document with its state, or null (also for another document's version). */
export function getVersion(docName: string, versionId: string) {
	return (
		getDb()
			.select({
				id: yjsVersions.id,
				name: yjsVersions.name,
				kind: yjsVersions.kind,
				createdAt: yjsVersions.createdAt,
				authorName: users.name,
				state: yjsVersions.state,
			})
			.from(yjsVersions)
			.leftJoin(users, eq(users.id, yjsVersions.createdById))
			.where(and(eq(yjsVersions.docName, docName), eq(yjsVersions.id, versionId)))
			.get() ?? null
	)
}
