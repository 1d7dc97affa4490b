import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import path from 'node:path'
import type Database from 'better-sqlite3'
import express from 'express'
import { describe, expect, onTestFinished, test } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { messages } from '#app/i18n/messages.ts'
import { RealtimeClient } from '#app/realtime/provider.ts'
import { createLogDestination } from '#app/utils/log-destination.server.ts'
import { getDb } from '#db/client.ts'
import { logState, onStorageEvent, resetStorageHealth } from '#db/storage-health.ts'
import { createHealthCheck } from '#server/health.ts'
import { encodeUpdate } from '#server/realtime/protocol.ts'
import { createSqliteStorage } from '#server/realtime/storage.ts'
import { guardStorageFailures } from '#server/storage-failures.ts'
import type { ServerBuild } from '@remix-run/node'
import * as newGroupRoute from '#app/routes/groups.new.tsx'
import * as rootRoute from '#app/root.tsx'
import { PROJECT_ROOT, TMP_DIR } from '#tests/setup/paths.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import {
	createMinutesFixture,
	startRealtimeServer,
	testLogger,
	waitFor,
} from '#tests/setup/realtime-fixtures.ts'
import { routeContext } from '#tests/setup/route-helpers.ts'

type Health = {
	status: string
	database: { status: string; code?: string; refusedWrites?: number }
	log: { status: string; droppedLines?: number }
}

/** `/healthz` of the app (server/health.ts) on its own port, closed after the test. */
async function startHealthServer() {
	const app = express()
	app.get('/healthz', createHealthCheck(getDb(), testLogger()))
	const server = http.createServer(app)
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
	onTestFinished(
		() =>
			new Promise<void>((resolve) => {
				server.close(() => resolve())
				server.closeAllConnections()
			}),
	)
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`
	return async () => {
		const response = await fetch(url)
		return { status: response.status, body: (await response.json()) as Health }
	}
}

/**
 * A full database, for real: SQLite refuses to grow past `max_page_count` with SQLITE_FULL, as it
 * does when the disk is full. Filler rows use up the free pages first. From then on every write
 * that needs a new page fails, as on a full disk; a small one may still fit into a page's free
 * bytes, so the writes below are a few kilobytes (pasted text). `recover()` gives the space back
 * (the filler stays: it is the "disk" that was full).
 */
function fillDatabase(sqlite: Database.Database) {
	const pages = sqlite.pragma('page_count', { simple: true }) as number
	sqlite.pragma(`max_page_count = ${pages}`)
	const insert = sqlite.prepare(
		'insert into reference_data (name, checksum) values (?, hex(randomblob(1500)))',
	)
	for (let index = 0; ; index++) {
		try {
			insert.run(`filler-${index}`)
		} catch (error) {
			expect((error as { code?: string }).code).toBe('SQLITE_FULL')
			break
		}
	}
	const recover = () => {
		sqlite.pragma('max_page_count = 1073741823')
	}
	onTestFinished(() => {
		recover()
		resetStorageHealth()
	})
	return { recover }
}

function storedText(docName: string) {
	return createSqliteStorage(getDb(), testLogger())
		.loadDocument(docName)
		.then((loaded) => {
			const doc = new Y.Doc()
			if (loaded.state) Y.applyUpdate(doc, loaded.state)
			return doc.getText('content').toString()
		})
}

/** Pasted paragraphs: a few kilobytes each, so storing them needs new pages. */
const KEPT = `Omluveni: ${'Jana Nováková, Petr Svoboda; '.repeat(200)}`
const LOST = `Tohle server odmítl: ${'nikdy nepotvrzeno; '.repeat(300)}`

function freshUpdate(text: string) {
	const doc = new Y.Doc()
	doc.getText('content').insert(0, text)
	return Y.encodeStateAsUpdate(doc)
}

/** The browser's realtime client (app/realtime/provider.ts), signed in with `cookie`. */
function browserClient(url: string, cookie: string, docName: string) {
	const client = new RealtimeClient({
		url,
		socketOptions: { extraHeaders: { cookie }, reconnectionDelay: 50, reconnectionDelayMax: 100 },
	})
	onTestFinished(() => client.destroy())
	const doc = new Y.Doc({ gc: false })
	const handle = client.openDocument(docName, doc, new Awareness(doc))
	const statuses = new Set<string>()
	handle.subscribe(() => statuses.add(handle.getStatus()))
	return { handle, doc, statuses }
}

/**
 * "Nová skupina" (app/routes/groups.new.tsx) and the root loader, guarded as the server guards
 * every route (server/storage-failures.ts), for an administrator signed in with `cookie`.
 */
function newGroupPage(cookie: string) {
	const kraj = getDb().$client.prepare('select kod from territory_kraje limit 1').get() as {
		kod: string
	}
	const build = guardStorageFailures(
		{
			routes: {
				root: { id: 'root', path: '', module: rootRoute },
				'routes/groups.new': {
					id: 'routes/groups.new',
					parentId: 'root',
					path: 'groups/new',
					module: newGroupRoute,
				},
			},
		} as unknown as ServerBuild,
		getDb(),
	)
	const action = build.routes['routes/groups.new']!.module.action!
	const rootLoader = build.routes.root!.module.loader!
	const submit = () =>
		action({
			request: new Request('http://localhost:3000/groups/new', {
				method: 'POST',
				headers: { Cookie: cookie },
				body: new URLSearchParams({
					name: 'Pracovní skupina Bydlení – Šluknovský výběžek, Varnsdorf, Rumburk a Krásná Lípa',
					kind: 'jina',
					scope: 'kraj',
					krajKod: kraj.kod,
					// The longest description allowed, all letters with háčky and čárky (two bytes
					// each): over 4 kB with the rest of the row, so it needs a new page.
					description: 'žťčýůúěďéóř'.repeat(200).slice(0, 2000),
				}),
			}),
			params: {},
			context: routeContext,
		})
	const rootData = async () =>
		(await rootLoader({
			request: new Request('http://localhost:3000/', {
				headers: { Cookie: cookie },
			}),
			params: {},
			context: routeContext,
		})) as { storageProblem: string | null }

	return { submit, rootData }
}

describe('a full database', () => {
	test('realtime: edits are refused `unavailable`, the server stays up, readers read, /healthz says 503; once space returns everything kept is stored', async () => {
		const people = createMinutesFixture()
		const docName = people.docs.first
		const { url } = await startRealtimeServer()
		const health = await startHealthServer()
		expect((await health()).status).toBe(200)

		// Two people type; everything acknowledged before the disk fills must survive it.
		const writer = await connectClient(url, { cookie: people.member.cookie })
		onTestFinished(() => writer.close())
		expect(await writer.join(docName)).toEqual({ ok: true, readOnly: false })
		await waitFor(() => writer.doc(docName).synced)
		const browser = browserClient(url, people.convenor.cookie, docName)
		await browser.handle.whenSaved()
		for (const word of ['Zápis ', 'ze ', 'setkání. '])
			expect(await writer.send(docName, encodeUpdate(freshUpdate(word)))).toEqual({ ok: true })
		browser.doc.getText('content').insert(0, 'Přítomni: ')
		await browser.handle.whenSaved()
		const acknowledged = await storedText(docName)
		expect(acknowledged).toContain('Přítomni: ')

		const events: string[] = []
		onTestFinished(onStorageEvent((event) => events.push(event.type)))
		const { recover } = fillDatabase(getDb().$client)

		// A change now is refused as `unavailable`, not `internal`, and nothing is broadcast.
		expect(await writer.send(docName, encodeUpdate(freshUpdate(LOST)))).toEqual({
			ok: false,
			error: 'unavailable',
		})
		const failing = await health()
		expect(failing.status).toBe(503)
		expect(failing.body.status).toBe('error')
		expect(failing.body.database).toMatchObject({ status: 'full', code: 'SQLITE_FULL' })

		// The browser keeps its change, says why it cannot save, and keeps trying.
		browser.doc.getText('content').insert(0, KEPT)
		await waitFor(() => browser.handle.getStatus() === 'unavailable')
		expect(browser.handle.getState().pending).toBeGreaterThan(0)
		expect(browser.handle.getState().error).toBeNull()

		// Reading still works: somebody opening the minutes now gets the stored text.
		const reader = await connectClient(url, { cookie: people.guest.cookie })
		onTestFinished(() => reader.close())
		expect((await reader.join(docName)).ok).toBe(true)
		await waitFor(() => reader.doc(docName).synced)
		expect(reader.doc(docName).text.toString()).toContain('Přítomni: ')

		// Space returns: no restart, health is ok again, the browser's change is stored by itself.
		recover()
		await waitFor(async () => (await health()).status === 200, { timeout: 5000, interval: 100 })
		await waitFor(() => browser.handle.getStatus() === 'saved', { timeout: 15_000, interval: 50 })
		expect(browser.statuses.has('unavailable')).toBe(true)
		expect(await writer.send(docName, encodeUpdate(freshUpdate('Konec. ')))).toEqual({ ok: true })
		const stored = await storedText(docName)
		for (const text of ['Přítomni: ', 'Zápis ', 'ze ', 'setkání. ', KEPT, 'Konec. '])
			expect(stored).toContain(text)
		// What was refused was never acknowledged, and it is not there.
		expect(stored).not.toContain(LOST)
		// The log hears of it once when it starts and once when it ends, not per refused write.
		expect(events).toEqual(['database-failing', 'database-recovered'])
	})

	test('pages: an action that writes answers 503 with a Czech message and no redirect; the root loader shows the banner; the same form works once space returns', async () => {
		const people = createMinutesFixture()
		const { submit, rootData } = newGroupPage(people.admin.cookie)

		expect((await rootData()).storageProblem).toBeNull()
		const { recover } = fillDatabase(getDb().$client)

		const refused = (await submit()) as { data: { error: string }; init: ResponseInit }
		expect(refused.init.status).toBe(503)
		expect(refused.data.error).toBe('storage.full')
		expect(messages.cs['storage.full']).toContain('došlo místo')
		expect((await rootData()).storageProblem).toBe('full')
		// After a 503 the root loader runs again, so the banner appears above the kept form.
		expect(
			rootRoute.shouldRevalidate({
				actionStatus: 503,
				defaultShouldRevalidate: false,
			} as Parameters<typeof rootRoute.shouldRevalidate>[0]),
		).toBe(true)

		recover()
		const saved = (await submit()) as Response
		expect(saved).toBeInstanceOf(Response)
		expect(saved.status).toBe(302)
		expect(saved.headers.get('Location')).toMatch(/^\/groups\//)
		expect((await rootData()).storageProblem).toBeNull()
	})
})

describe('a read-only or vanished database', () => {
	test('a read-only database refuses realtime writes `unavailable` and page writes 503, and recovers', async () => {
		const people = createMinutesFixture()
		const { url } = await startRealtimeServer()
		const health = await startHealthServer()
		const writer = await connectClient(url, { cookie: people.member.cookie })
		onTestFinished(() => writer.close())
		await writer.join(people.docs.first)
		await waitFor(() => writer.doc(people.docs.first).synced)
		const sqlite = getDb().$client
		// SQLite itself refuses every write on this connection (SQLITE_READONLY).
		sqlite.pragma('query_only = ON')
		onTestFinished(() => {
			sqlite.pragma('query_only = OFF')
			resetStorageHealth()
		})
		expect(await writer.send(people.docs.first, encodeUpdate(freshUpdate('a')))).toEqual({
			ok: false,
			error: 'unavailable',
		})
		const failing = await health()
		expect(failing.status).toBe(503)
		expect(failing.body.database.status).toBe('read_only')
		const page = newGroupPage(people.admin.cookie)
		const refused = (await page.submit()) as { data: { error: string }; init: ResponseInit }
		expect(refused.init.status).toBe(503)
		expect(refused.data.error).toBe('storage.readOnly')
		expect(messages.cs['storage.readOnly']).toContain('jen pro čtení')

		sqlite.pragma('query_only = OFF')
		await waitFor(async () => (await health()).status === 200, { timeout: 5000, interval: 100 })
		expect(await writer.send(people.docs.first, encodeUpdate(freshUpdate('b')))).toEqual({
			ok: true,
		})
	})

	test('a deleted database file: edits are refused instead of acknowledged into a file that is gone', async () => {
		const people = createMinutesFixture()
		const { url } = await startRealtimeServer()
		const health = await startHealthServer()
		const writer = await connectClient(url, { cookie: people.member.cookie })
		onTestFinished(() => writer.close())
		await writer.join(people.docs.first)
		await waitFor(() => writer.doc(people.docs.first).synced)
		const file = getDb().$client.name
		const aside = `${file}.moved-away`
		fs.renameSync(file, aside)
		onTestFinished(() => {
			if (fs.existsSync(aside)) fs.renameSync(aside, file)
			resetStorageHealth()
		})
		expect(await writer.send(people.docs.first, encodeUpdate(freshUpdate('x')))).toEqual({
			ok: false,
			error: 'unavailable',
		})
		const failing = await health()
		expect(failing.status).toBe(503)
		expect(failing.body.database.status).toBe('missing')

		// The operator puts the file back: writes work again without a restart.
		fs.renameSync(aside, file)
		await waitFor(async () => (await health()).status === 200, { timeout: 5000, interval: 100 })
		expect(await writer.send(people.docs.first, encodeUpdate(freshUpdate('y')))).toEqual({
			ok: true,
		})
	})
})

describe('a log that cannot be written', () => {
	test('lines are dropped and counted on a full device (/dev/full), and summed up once writing works again', () => {
		const fd = fs.openSync('/dev/full', 'w')
		const destination = createLogDestination({ fd, retryAfterMs: 0 })
		for (let index = 0; index < 5; index++) destination.write(`{"msg":"line ${index}"}\n`)
		expect(destination.dropped).toBe(5)
		expect(logState()).toMatchObject({ status: 'failing', code: 'ENOSPC', droppedLines: 5 })

		// The same descriptor number, now a file with space: the next line gets through.
		const file = path.join(TMP_DIR, `log-${process.pid}-${Date.now()}.log`)
		fs.closeSync(fd)
		const reopened = fs.openSync(file, 'w')
		onTestFinished(() => {
			fs.closeSync(reopened)
			fs.rmSync(file, { force: true })
			resetStorageHealth()
		})
		expect(reopened).toBe(fd)
		destination.write('{"msg":"back"}\n')
		expect(destination.dropped).toBe(0)
		expect(logState().status).toBe('ok')
		const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)
		expect(JSON.parse(lines[0]!)).toMatchObject({ droppedLines: 5, code: 'ENOSPC' })
		expect(JSON.parse(lines[1]!)).toEqual({ msg: 'back' })
	})

	test('a server whose stdout is a full device keeps serving and reports the dropped lines', async () => {
		const full = fs.openSync('/dev/full', 'w')
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/setup/full-log-server.ts'], {
			cwd: PROJECT_ROOT,
			env: {
				PATH: process.env.PATH,
				NODE_ENV: 'test',
				LOG_LEVEL: 'info',
				DATABASE_URL: process.env.DATABASE_URL,
				BASE_URL: 'http://localhost:3000',
			},
			stdio: ['ignore', full, 'pipe'],
		})
		fs.closeSync(full)
		let output = ''
		const exited = new Promise<string>((resolve) =>
			child.once('exit', (code, signal) => resolve(signal ?? String(code))),
		)
		onTestFinished(async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
			await exited
		})
		const port = await new Promise<number>((resolve, reject) => {
			child.stderr!.on('data', (chunk: Buffer) => {
				output += chunk.toString('utf8')
				const match = /LISTENING (\d+)/.exec(output)
				if (match) resolve(Number(match[1]))
			})
			void exited.then((how) => reject(new Error(`server exited (${how}):\n${output}`)))
		})
		// Every request is logged; every log line hits ENOSPC.
		for (let index = 0; index < 20; index++) {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`)
			expect(response.status).toBe(200)
			await response.arrayBuffer()
		}
		const response = await fetch(`http://127.0.0.1:${port}/healthz`)
		const body = (await response.json()) as Health
		expect(body.status).toBe('degraded')
		expect(body.database.status).toBe('ok')
		expect(body.log.status).toBe('failing')
		expect(body.log.droppedLines).toBeGreaterThanOrEqual(20)
		expect(child.exitCode).toBeNull()
	})
})
