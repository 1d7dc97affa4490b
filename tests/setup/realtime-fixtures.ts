import { type ChildProcess, spawn } from 'node:child_process'
import http from 'node:http'
import pino from 'pino'
import { onTestFinished } from 'vitest'
import { SESSION_COOKIE } from '#app/auth/cookie.server.ts'
import { createSession } from '#app/auth/session.server.ts'
import { getDb } from '#db/client.ts'
import { type GroupRole, groupMembers, groups, kraje, meetings, users } from '#db/schema.ts'
import type { RealtimeLimits } from '#server/realtime/config.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { createAppRealtime, liveDocumentKinds } from '#server/live-documents.ts'
import { parseDocumentName } from '#server/realtime/protocol.ts'
import { createSqliteStorage, type RealtimeStorage } from '#server/realtime/storage.ts'
import { PROJECT_ROOT } from './paths.ts'
import { type ClientOptions, connectClient } from './realtime-client.ts'

/** Polls `check` until it returns something other than false without throwing. No sleeps. */
export async function waitFor<T>(
	check: () => T | Promise<T>,
	{ timeout = 5000, interval = 5 }: { timeout?: number; interval?: number } = {},
): Promise<T> {
	const deadline = Date.now() + timeout
	let lastError: unknown = new Error('condition not met')
	for (;;) {
		try {
			const value = await check()
			if (value !== false) return value
			lastError = new Error('condition returned false')
		} catch (error) {
			lastError = error
		}
		if (Date.now() > deadline) throw lastError
		await new Promise((resolve) => setTimeout(resolve, interval))
	}
}

export const testLogger = () => pino({ level: process.env.LOG_LEVEL ?? 'silent' })

let sequence = 0

function insertUser(name: string, isAdmin = false) {
	const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${process.pid}.${++sequence}@example.cz`
	const user = getDb()
		.insert(users)
		.values({ email, name, passwordHash: 'not-a-password-hash', isAdmin })
		.returning({ id: users.id })
		.get()
	const { token } = createSession(user.id)
	return { id: user.id, name, cookie: `${SESSION_COOKIE}=${token}` }
}

export type FixtureUser = ReturnType<typeof insertUser>

/**
 * A group in some kraj with one member per role, an administrator and an outsider, two meetings
 * of the group and one meeting of another group. Users have sessions; `cookie` is ready to send.
 */
export function createMinutesFixture() {
	const db = getDb()
	const kraj = db.select({ kod: kraje.kod }).from(kraje).limit(1).get()!
	const makeGroup = (name: string) =>
		db
			.insert(groups)
			.values({ name, kind: 'jina', krajKod: kraj.kod })
			.returning({ id: groups.id })
			.get().id
	const groupId = makeGroup('Pracovní skupina Bydlení Šluknovsko')
	const otherGroupId = makeGroup('Platforma KMB Děčín')
	const people = {
		admin: insertUser('Alena Správcová', true),
		convenor: insertUser('Jana Nováková'),
		member: insertUser('Petr Svoboda'),
		guest: insertUser('Marie Horáková'),
		observer: insertUser('Tomáš Dvořák'),
		outsider: insertUser('Eva Černá'),
	}
	const roles: Array<[FixtureUser, GroupRole]> = [
		[people.convenor, 'convenor'],
		[people.member, 'member'],
		[people.guest, 'guest'],
		[people.observer, 'observer'],
	]
	for (const [user, role] of roles)
		db.insert(groupMembers).values({ groupId, userId: user.id, role }).run()
	db.insert(groupMembers)
		.values({ groupId: otherGroupId, userId: people.outsider.id, role: 'member' })
		.run()
	const makeMeeting = (group: string, title: string) =>
		db
			.insert(meetings)
			.values({
				groupId: group,
				title,
				startsAt: new Date('2026-12-03T09:00:00Z'),
				place: 'MěÚ Rumburk',
			})
			.returning({ id: meetings.id })
			.get().id
	const first = makeMeeting(groupId, 'Prosincové setkání')
	const second = makeMeeting(groupId, 'Lednové setkání')
	const foreign = makeMeeting(otherGroupId, 'Setkání platformy')
	return {
		...people,
		docs: {
			first: meetingMinutesDocumentName(first),
			second: meetingMinutesDocumentName(second),
			foreign: meetingMinutesDocumentName(foreign),
		},
	}
}

/**
 * Storage that counts calls, for "loaded once" assertions. `loadDelayMs` and `appendDelayMs`
 * make it slow like a networked database, so concurrent joins really overlap and an early
 * acknowledgement would be caught before the commit.
 */
export function countingStorage(
	inner: RealtimeStorage,
	{ loadDelayMs = 0, appendDelayMs = 0 } = {},
) {
	const counts = { loads: 0, appends: 0, compactions: 0 }
	const storage: RealtimeStorage = {
		async loadDocument(name) {
			counts.loads++
			if (loadDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, loadDelayMs))
			return inner.loadDocument(name)
		},
		async appendUpdate(name, update, userId) {
			counts.appends++
			if (appendDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, appendDelayMs))
			return inner.appendUpdate(name, update, userId)
		},
		compact(name) {
			counts.compactions++
			return inner.compact(name)
		},
	}
	return { storage, counts }
}

/**
 * A bare HTTP server on a random port with the realtime engine on it (no Remix needed), closed
 * when the current test finishes.
 */
export async function startRealtimeServer(
	options: {
		limits?: Partial<RealtimeLimits>
		storage?: RealtimeStorage
		onDocumentUnloaded?: (name: string) => void
	} = {},
) {
	const logger = testLogger()
	const httpServer = http.createServer((_req, res) => {
		res.statusCode = 404
		res.end()
	})
	const storage = options.storage ?? createSqliteStorage(getDb(), logger)
	const realtime = createAppRealtime({
		httpServer,
		logger,
		db: getDb(),
		limits: options.limits,
		storage,
		onDocumentUnloaded: options.onDocumentUnloaded,
	})
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
	const address = httpServer.address()
	const port = typeof address === 'object' && address ? address.port : 0
	let closed: Promise<void> | undefined
	const close = () => {
		closed ??= (async () => {
			await realtime.close()
			await new Promise<void>((resolve) => {
				httpServer.close(() => resolve())
				httpServer.closeAllConnections()
			})
		})()
		return closed
	}
	onTestFinished(close)
	return { url: `http://127.0.0.1:${port}`, realtime, storage, close }
}

export type ChildServer = {
	port: number
	url: string
	child: ChildProcess
	/** Resolves with the exit signal or code once the process has ended. */
	exited: Promise<string>
	output(): string
}

const READY = /REALTIME_LISTENING (\d+)/

/**
 * Runs `tests/setup/realtime-server.ts` in a child process on `databaseFile` and `port`
 * (0: any free port); resolves once it listens. Killed when the current test finishes.
 */
export function spawnRealtimeServer(databaseFile: string, port = 0) {
	const env: Record<string, string | undefined> = {}
	for (const [key, value] of Object.entries(process.env))
		if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS') env[key] = value
	// `node --import tsx`, not the tsx CLI: the CLI runs the script in a second process, and a
	// SIGKILL must hit the server itself.
	const child = spawn(
		process.execPath,
		['--import', 'tsx', 'tests/setup/realtime-server.ts', String(port)],
		{
			cwd: PROJECT_ROOT,
			env: { ...env, NODE_ENV: 'test', DATABASE_URL: `file:${databaseFile}` },
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	)
	let output = ''
	const exited = new Promise<string>((resolve) =>
		child.once('exit', (code, signal) => resolve(signal ?? String(code))),
	)
	onTestFinished(async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
		await exited
	})
	return new Promise<ChildServer>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8')
			const match = READY.exec(output)
			if (!match) return
			child.stdout.off('data', onData)
			const actual = Number(match[1])
			resolve({
				port: actual,
				url: `http://127.0.0.1:${actual}`,
				child,
				exited,
				output: () => output,
			})
		}
		child.stdout.on('data', onData)
		child.stderr.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8')
		})
		void exited.then((how) => reject(new Error(`realtime server exited (${how}):\n${output}`)))
	})
}

/** What the registered document kinds allow `user` to do with the document `name` (as a join). */
export async function resolveDocument(
	user: { id: string; email: string; name: string; isAdmin: boolean },
	name: string,
) {
	const parsed = parseDocumentName(name)
	if (!parsed) return 'none'
	return (await liveDocumentKinds().resolve({ ...user, locale: 'cs' }, parsed)).access
}

/** A realtime test client, closed when the current test finishes. */
export async function client(url: string, options: ClientOptions) {
	const connected = await connectClient(url, options)
	onTestFinished(() => connected.close())
	return connected
}

/** A client of `cookie`'s session that joined `docName` and finished the sync handshake. */
export async function joinedClient(url: string, cookie: string, docName: string) {
	const joined = await client(url, { cookie })
	const reply = await joined.join(docName)
	if (!reply.ok) throw new Error(`join refused: ${reply.error}`)
	await waitFor(() => joined.doc(docName).synced)
	return joined
}
