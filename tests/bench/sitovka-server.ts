/**
 * The Síťovka side of the realtime benchmark, run by tests/bench/realtime.ts as a child process
 * (IPC channel required) on the database in DATABASE_URL:
 *   setup    migrate, create one group with `users` members (one session each) and `meetings`
 *            meetings; answers { tokens, userIds, docs }
 *   seed     for each of `seeds` ({ docs, updates }), store a typed history of `updates`
 *            updates (one row each) in each of `docs`
 *   compact  fold the update log of each of `docs` with the storage's compact()
 *   seedLarge  store long minutes of about `bytes` in `doc`, folded into a snapshot
 *   serve    `createAppRealtime` (the app's engine and document kinds) on a plain http.Server
 *            on a random loopback port; answers stats
 * Arguments come as JSON in BENCH_ARGS.
 */
import http from 'node:http'
import pino from 'pino'
import { SESSION_COOKIE } from '#app/auth/cookie.server.ts'
import { createSession } from '#app/auth/session.server.ts'
import { closeDb, getDb, migrateDatabase } from '#db/client.ts'
import { readTerritoryCsv } from '#db/reference-data.ts'
import { groupMembers, groups, kraje, meetings, users } from '#db/schema.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { createAppRealtime } from '#server/live-documents.ts'
import { createSqliteStorage, type RealtimeStorage } from '#server/realtime/storage.ts'
import { reportToParent, send } from './lib/child-report.ts'
import { generateHistory, largeMinutes } from './lib/edits.ts'

const mode = process.argv[2]
const args = JSON.parse(process.env.BENCH_ARGS ?? '{}') as Record<string, unknown>
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))

function setup({
	users: userCount,
	meetings: meetingCount,
	observers: observerCount = 0,
}: {
	users: number
	meetings: number
	/** Users who only read (group role observer), with a session each: `observerTokens`. */
	observers?: number
}) {
	const db = getDb()
	migrateDatabase(db)
	return db.$client.transaction(() => {
		// Only the kraje (a group needs one); the full territory register is not needed here.
		for (const row of readTerritoryCsv('kraje.csv'))
			db.insert(kraje)
				.values({ kod: row.kod!, nuts3: row.nuts3!, nazev: row.nazev!, vuscKod: row.vusc_kod! })
				.run()
		const krajKod = db.select({ kod: kraje.kod }).from(kraje).limit(1).get()!.kod
		const groupId = db
			.insert(groups)
			.values({ name: 'Pracovní skupina Bydlení Šluknovsko', kind: 'jina', krajKod })
			.returning({ id: groups.id })
			.get().id
		const tokens: string[] = []
		const userIds: string[] = []
		for (let index = 0; index < userCount; index++) {
			const user = db
				.insert(users)
				.values({
					email: `pracovnik.${index}@example.cz`,
					name: `Sociální pracovník ${index}`,
					passwordHash: 'not-a-password-hash',
				})
				.returning({ id: users.id })
				.get()
			db.insert(groupMembers).values({ groupId, userId: user.id, role: 'member' }).run()
			tokens.push(`${SESSION_COOKIE}=${createSession(user.id, 'bench').token}`)
			userIds.push(user.id)
		}
		const docs: string[] = []
		for (let index = 0; index < meetingCount; index++) {
			const id = db
				.insert(meetings)
				.values({
					groupId,
					title: `Setkání ${index + 1}`,
					startsAt: new Date(Date.UTC(2026, 0, 1 + index, 8)),
					place: 'MěÚ Rumburk',
				})
				.returning({ id: meetings.id })
				.get().id
			docs.push(meetingMinutesDocumentName(id))
		}
		const observerTokens: string[] = []
		for (let index = 0; index < observerCount; index++) {
			const user = db
				.insert(users)
				.values({
					email: `pozorovatel.${index}@example.cz`,
					name: `Pozorovatel ${index}`,
					passwordHash: 'not-a-password-hash',
				})
				.returning({ id: users.id })
				.get()
			db.insert(groupMembers).values({ groupId, userId: user.id, role: 'observer' }).run()
			observerTokens.push(`${SESSION_COOKIE}=${createSession(user.id, 'bench').token}`)
		}
		return { tokens, userIds, docs, observerTokens }
	})()
}

type Seed = { docs: string[]; updates: number }

/** Stores a typed history of `updates` updates in each of `docs`, one row per update. */
async function seed({ seeds, userId }: { seeds: Seed[]; userId: string }) {
	const storage = createSqliteStorage(getDb(), logger)
	const stored = []
	for (const { docs, updates } of seeds) {
		const history = generateHistory(updates)
		// Appended in one event-loop turn, so the storage writes each document in one transaction.
		for (const doc of docs)
			await Promise.all(history.updates.map((update) => storage.appendUpdate(doc, update, userId)))
		const bytes = history.updates.reduce((sum, update) => sum + update.byteLength, 0)
		stored.push({ docs: docs.length, updatesPerDoc: history.updates.length, bytesPerDoc: bytes })
	}
	return stored
}

/** Stores long minutes of about `bytes` in `doc` and folds them into a snapshot. */
async function seedLarge({ doc, bytes, userId }: { doc: string; bytes: number; userId: string }) {
	const storage = createSqliteStorage(getDb(), logger)
	const minutes = largeMinutes(bytes)
	await Promise.all(minutes.updates.map((update) => storage.appendUpdate(doc, update, userId)))
	const compacted = await storage.compact(doc)
	return { stateBytes: minutes.state.byteLength, snapshotBytes: compacted?.snapshotBytes ?? null }
}

async function compact({ docs }: { docs: string[] }) {
	const storage = createSqliteStorage(getDb(), logger)
	const results = []
	for (const doc of docs) {
		const started = performance.now()
		const result = await storage.compact(doc)
		results.push({ ...result, ms: performance.now() - started })
	}
	return results
}

/** Counts what the engine hands to storage (appends are group-committed by the storage). */
function countingStorage(
	inner: RealtimeStorage,
	counters: Record<string, number>,
): RealtimeStorage {
	return {
		loadDocument: (name) => inner.loadDocument(name),
		appendUpdate(name, update, userId) {
			counters.appends!++
			counters.appendedBytes! += update.byteLength
			return inner.appendUpdate(name, update, userId)
		},
		compact(name) {
			counters.compactions!++
			return inner.compact(name)
		},
	}
}

async function serve() {
	const db = getDb()
	const counters = { appends: 0, appendedBytes: 0, compactions: 0 }
	const httpServer = http.createServer((_req, res) => {
		res.statusCode = 404
		res.end()
	})
	const realtime = createAppRealtime({
		httpServer,
		db,
		logger,
		storage: countingStorage(createSqliteStorage(db, logger), counters),
		// As the app server does (server/app.ts).
		warmUp: process.env.BENCH_WARM_UP !== '0',
		// The load generator is one address with up to 1,600 sockets.
		limits: { maxConnectionsPerAddress: 100_000 },
	})
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
	const address = httpServer.address()
	reportToParent({
		extra: () => ({
			...counters,
			connections: realtime.engine.connectionCount,
			documents: realtime.engine.registry.size,
		}),
		async shutdown() {
			await realtime.close()
			httpServer.closeAllConnections()
			await new Promise<void>((resolve) => httpServer.close(() => resolve()))
			closeDb()
		},
	})
	send({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 })
}

async function main() {
	if (mode === 'serve') return serve()
	let value: unknown
	if (mode === 'setup') value = setup(args as { users: number; meetings: number })
	else if (mode === 'seed') value = await seed(args as Parameters<typeof seed>[0])
	else if (mode === 'compact') value = await compact(args as Parameters<typeof compact>[0])
	else if (mode === 'seedLarge') value = await seedLarge(args as Parameters<typeof seedLarge>[0])
	else throw new Error(`unknown mode ${mode}`)
	closeDb()
	send({ type: 'result', value })
	process.disconnect?.()
}

main().catch((error: unknown) => {
	send({
		type: 'error',
		message: error instanceof Error ? (error.stack ?? error.message) : String(error),
	})
	process.exitCode = 1
	process.disconnect?.()
})
