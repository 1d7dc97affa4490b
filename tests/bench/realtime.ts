/**
 * Realtime benchmark (issue 4): Síťovka's realtime engine against Hocuspocus 3 on the same
 * workloads, same kind of clients, same machine, in one run. Prints JSON to stdout (progress
 * goes to stderr).
 *
 *   npm run bench:realtime                   full run (about 10 minutes on 2 cores)
 *   npm run bench:realtime -- --quick        smoke run (small numbers, a minute or two)
 *   npm run bench:realtime -- --only w1,w3   some workloads (w1 w2 w3 w4 abuse)
 *   npm run bench:realtime:abuse             the abusive reader alone (= -- --only abuse)
 *   npm run bench:realtime -- --server sitovka   one server only
 *   npm run bench:realtime -- --profile      V8 CPU profiles of the server children, summarised
 *   npm run bench:realtime -- --only w4 --steps 200,400   other workload-4 steps
 *
 * Each server runs in its own child process (tests/bench/sitovka-server.ts: `createRealtime` on
 * a plain http.Server with a fresh migrated SQLite database; tests/bench/hocuspocus-server.ts:
 * `new Server` with the Database extension on better-sqlite3, default store debounce), so its
 * CPU time and resident memory are its own. This process is the load generator
 * (tests/bench/lib/clients.ts). Every edit carries its send time; propagation is the time from a
 * writer's local edit to the moment another writer (or a sampled listener) has it; Síťovka's
 * acknowledgement arrives after the update is committed to SQLite, Hocuspocus's SyncStatus
 * after it is applied in memory (Hocuspocus stores a document 2–10 s later). Typing workloads
 * end with a SIGKILL of the server and count the edits found in its database afterwards.
 *
 * Open file descriptors: 1,000+ clients need 2 per connection across both processes; raise
 * `ulimit -n` (4096 or more) if connections fail with EMFILE.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import SQLite from 'better-sqlite3'
import * as Y from 'yjs'
import {
	type Client,
	createListener,
	createWriter,
	inPool,
	Recorder,
	type Writer,
} from './lib/clients.ts'
import { countMarkers, fieldText, markerText, now } from './lib/edits.ts'
import { START_V8_OPTIONS } from '#tests/setup/paths.ts'
import { summariseProfile } from './lib/profile.ts'
import {
	PROJECT_ROOT,
	runChild,
	type ServerHandle,
	type ServerKind,
	startServer,
} from './lib/servers.ts'

// --- options -----------------------------------------------------------------------------------

const argv = process.argv.slice(2)
/** `--name value` or `--name=value`. */
const option = (name: string) => {
	const index = argv.indexOf(name)
	if (index >= 0) return argv[index + 1]
	return argv.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1)
}
const QUICK = argv.includes('--quick')
const PROFILE = argv.includes('--profile')
const ONLY = new Set((option('--only') ?? 'w1,w2,w3,w4,abuse').split(','))
const KINDS: ServerKind[] = option('--server')
	? [option('--server') as ServerKind]
	: ['sitovka', 'hocuspocus']

const CONFIG = QUICK
	? {
			w1: { clients: 40, writers: 6, rate: 2, warmupMs: 1000, measureMs: 4000 },
			w2: {
				docs: 10,
				clientsPerDoc: 10,
				writersPerDoc: 2,
				rate: 1,
				warmupMs: 1000,
				measureMs: 4000,
			},
			w3: { updates: 2000, runs: 1 },
			w4: { steps: [50, 100], rate: 1, warmupMs: 1000, measureMs: 3000 },
			abuse: { clients: 40, writers: 6, rate: 2, sockets: 5, warmupMs: 2000, measureMs: 4000 },
		}
	: {
			w1: { clients: 200, writers: 20, rate: 2, warmupMs: 5000, measureMs: 20_000 },
			w2: {
				docs: 50,
				clientsPerDoc: 20,
				writersPerDoc: 2,
				rate: 1,
				warmupMs: 5000,
				measureMs: 20_000,
			},
			w3: { updates: 10_000, runs: 5 },
			w4: {
				steps: [100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1400, 1600],
				rate: 1,
				warmupMs: 3000,
				measureMs: 10_000,
			},
			abuse: { clients: 200, writers: 20, rate: 2, sockets: 20, warmupMs: 5000, measureMs: 20_000 },
		}
if (option('--steps')) CONFIG.w4.steps = option('--steps')!.split(',').map(Number)
/** Every n-th listener times arrivals (all of them count arrivals). */
const LISTENER_SAMPLE_EVERY = 5
const CONNECT_CONCURRENCY = 50
const DRAIN_TIMEOUT_MS = 15_000
const W4_P99_LIMIT_MS = 250
const MEETINGS = 100
const USERS = Math.max(1000, ...CONFIG.w4.steps)

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`)
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1)

const TMP = path.join(PROJECT_ROOT, 'tests', '.tmp', `bench-${process.pid}`)
const PROFILE_DIR = path.join(TMP, 'profiles')
const BASE_DB = path.join(TMP, 'sitovka-base.db')

type Fixture = { tokens: string[]; userIds: string[]; docs: string[]; observerTokens: string[] }
let fixture: Fixture

let runCounter = 0
/** A fresh database file for one server start: a copy of the base for Síťovka, empty for Hocuspocus. */
function freshDb(kind: ServerKind, label: string) {
	const file = path.join(TMP, `${label}-${kind}-${++runCounter}.db`)
	if (kind === 'sitovka') fs.copyFileSync(BASE_DB, file)
	return file
}

const credential = (kind: ServerKind, index: number) =>
	kind === 'sitovka' ? fixture.tokens[index % fixture.tokens.length]! : `bench-token-${index}`

const profiles: Record<string, unknown> = {}

async function stopServer(server: ServerHandle, label: string) {
	await server.stop(PROFILE ? 'graceful' : 'kill')
	if (!server.profileDir || !fs.existsSync(server.profileDir)) return
	// One profile per thread (tsx runs a module-loader thread too): the main thread's is the largest.
	const written = fs
		.readdirSync(server.profileDir)
		.map((file) => path.join(server.profileDir!, file))
		.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)
	if (written[0]) {
		profiles[label] = summariseProfile(written[0])
		fs.renameSync(written[0], path.join(PROFILE_DIR, `${label}.cpuprofile`))
	}
	fs.rmSync(server.profileDir, { recursive: true, force: true })
}

// --- persistence check -------------------------------------------------------------------------

/** The edits (markers) found in a stopped server's database, per document. */
function persistedEdits(kind: ServerKind, dbFile: string, docs: string[]) {
	const sqlite = new SQLite(dbFile)
	try {
		return docs.map((name) => {
			const doc = new Y.Doc({ gc: false })
			if (kind === 'sitovka') {
				const snapshot = sqlite
					.prepare<[string], { state: Buffer; through: number }>(
						'select state, through_update_id as through from yjs_snapshots where doc_name = ?',
					)
					.get(name)
				const updates = sqlite
					.prepare<[string, number], { update: Buffer }>(
						'select "update" from yjs_updates where doc_name = ? and id > ? order by id',
					)
					.all(name, snapshot?.through ?? 0)
				doc.transact(() => {
					if (snapshot) Y.applyUpdate(doc, snapshot.state)
					for (const row of updates) Y.applyUpdate(doc, row.update)
				})
			} else {
				const row = sqlite
					.prepare<[string], { data: Buffer }>('select data from documents where name = ?')
					.get(name)
				if (row) Y.applyUpdate(doc, row.data)
			}
			const count = countMarkers(fieldText(doc))
			doc.destroy()
			return count
		})
	} finally {
		sqlite.close()
	}
}

// --- typing workloads (1, 2, 4) -------------------------------------------------------------------

type TypingSpec = {
	label: string
	docs: string[]
	clientsPerDoc: number
	writersPerDoc: number
	rate: number
	warmupMs: number
	measureMs: number
	/** Runs on the server's fresh database before it starts (e.g. stores a large document). */
	prepare?: (dbFile: string) => Promise<unknown>
	/** An abusive reader during the run (see workloadAbuse). */
	abuse?: { doc: string; sockets: number; credential: string; reading: boolean }
}

type TypingResult = Awaited<ReturnType<typeof typeAndMeasure>>

/** A failed run (a crash, a timeout) is reported, not fatal: the other runs still count. */
async function tryTyping(
	kind: ServerKind,
	spec: TypingSpec,
): Promise<TypingResult | { error: string }> {
	try {
		return await runTyping(kind, spec)
	} catch (error) {
		log(`${spec.label} ${kind} failed: ${error instanceof Error ? error.message : String(error)}`)
		return { error: error instanceof Error ? error.message.slice(0, 500) : String(error) }
	}
}

const succeeded = (result: TypingResult | { error: string } | undefined) =>
	result && !('error' in result) ? result : undefined

async function runTyping(kind: ServerKind, spec: TypingSpec) {
	const dbFile = freshDb(kind, spec.label)
	const prepared = spec.prepare ? await spec.prepare(dbFile) : undefined
	const server = await startServer(kind, {
		db: dbFile,
		profileDir: PROFILE ? PROFILE_DIR : undefined,
	})
	const writers: Writer[] = []
	const listeners: Client[] = []
	const abusers: AbuserProcess[] = []
	try {
		const result = await typeAndMeasure(kind, spec, server, dbFile, writers, listeners, abusers)
		return prepared === undefined ? result : { ...result, prepared }
	} finally {
		await server.stop('kill')
		for (const client of [...writers, ...listeners, ...abusers]) client.close()
	}
}

async function typeAndMeasure(
	kind: ServerKind,
	spec: TypingSpec,
	server: ServerHandle,
	dbFile: string,
	writers: Writer[],
	listeners: Client[],
	abusers: AbuserProcess[],
) {
	const recorder = new Recorder()
	const connectable: Array<{ connect(): Promise<void> }> = []
	let clientIndex = 0
	let listenerIndex = 0
	for (const doc of spec.docs) {
		for (let index = 0; index < spec.clientsPerDoc; index++) {
			const base = { doc, recorder, port: server.port, credential: credential(kind, clientIndex++) }
			if (index < spec.writersPerDoc) {
				const writer = createWriter(kind, { ...base, id: writers.length + 1 })
				writers.push(writer)
				connectable.push(writer)
			} else {
				const listener = createListener(kind, {
					...base,
					sampled: listenerIndex++ % LISTENER_SAMPLE_EVERY === 0,
				})
				listeners.push(listener)
				connectable.push(listener)
			}
		}
	}
	const clients: Client[] = [...writers, ...listeners]
	log(`${spec.label} ${kind}: connecting ${clients.length} clients`)
	const connectStarted = now()
	const connected = new Set<unknown>()
	const connectErrors = await inPool(connectable, CONNECT_CONCURRENCY, async (client) => {
		await client.connect()
		connected.add(client)
	})
	const connectMs = now() - connectStarted
	const rssConnected = (await server.stats()).rss

	// The abuser starts before the warm-up, so its first burst (full budgets) counts too.
	let abuseRefusedAtConnect: string[] = []
	if (spec.abuse) {
		const abuser = new AbuserProcess({ port: server.port, ...spec.abuse })
		abusers.push(abuser)
		abuseRefusedAtConnect = await abuser.ready
		log(
			`${spec.label} ${kind}: abusive reader with ${spec.abuse.sockets - abuseRefusedAtConnect.length} sockets (${abuseRefusedAtConnect.length} refused)`,
		)
	}

	// Typing: each writer at `rate` edits per second, phases spread at random.
	const period = 1000 / spec.rate
	const timers: NodeJS.Timeout[] = []
	let typing = true
	for (const writer of writers) {
		const start = setTimeout(() => {
			if (!typing) return
			writer.edit(markerText)
			timers.push(setInterval(() => writer.edit(markerText), period))
		}, Math.random() * period)
		timers.push(start)
	}
	const loopDelay = monitorEventLoopDelay({ resolution: 5 })
	await sleep(spec.warmupMs)
	const before = await server.stats(true)
	const cpuBefore = process.cpuUsage()
	loopDelay.enable()
	const editCount = () => writers.reduce((sum, writer) => sum + writer.edits, 0)
	const editsAtStart = editCount()
	recorder.windowStart = now()
	await sleep(spec.measureMs)
	recorder.windowEnd = now()
	const editsInWindow = editCount() - editsAtStart
	const after = await server.stats()
	const cpu = process.cpuUsage(cpuBefore)
	loopDelay.disable()
	typing = false
	for (const timer of timers) clearTimeout(timer)
	const abuse = abusers[0] ? await abusers[0].stop() : null

	// Drain: everyone should see every edit made on their document.
	const editsPerDoc = new Map<string, number>()
	for (const writer of writers)
		editsPerDoc.set(writer.doc, (editsPerDoc.get(writer.doc) ?? 0) + writer.edits)
	const expected = (client: Client) =>
		(editsPerDoc.get(client.doc) ?? 0) - ((client as Partial<Writer>).edits ?? 0)
	// Clients that never connected are reported as connection failures, not as losses.
	const observers = clients.filter((client) => connected.has(client))
	const missing = () =>
		observers.reduce((sum, client) => sum + Math.max(0, expected(client) - client.received), 0)
	const drainStarted = now()
	while (missing() > 0 && now() - drainStarted < DRAIN_TIMEOUT_MS) await sleep(50)
	const lost = missing()

	// Convergence: every writer of a document holds the same state and every edit of it.
	let converged = true
	for (const doc of spec.docs) {
		const docWriters = writers.filter((writer) => writer.doc === doc)
		const first = docWriters[0]
		if (!first) continue
		const vector = Buffer.from(Y.encodeStateVector(first.ydoc)).toString('base64')
		const text = fieldText(first.ydoc)
		if (countMarkers(text) !== editsPerDoc.get(doc)) converged = false
		for (const writer of docWriters.slice(1)) {
			if (Buffer.from(Y.encodeStateVector(writer.ydoc)).toString('base64') !== vector)
				converged = false
			if (fieldText(writer.ydoc) !== text) converged = false
		}
	}

	const afterDrain = await server.stats()
	const failures = observers.reduce((sum, client) => sum + client.failures, 0)
	await stopServer(server, `${spec.label}-${kind}`)
	const persisted = persistedEdits(kind, dbFile, spec.docs)
	const edits = [...editsPerDoc.values()].reduce((sum, count) => sum + count, 0)
	const persistedTotal = persisted.reduce((sum, count) => sum + count, 0)
	const seconds = (after.at - before.at) / 1000
	const serverCpuMicros =
		after.cpuUserMicros + after.cpuSystemMicros - before.cpuUserMicros - before.cpuSystemMicros
	const extra = Object.fromEntries(
		Object.keys(afterDrain.extra).map((key) => [
			key,
			key === 'connections' || key === 'documents'
				? afterDrain.extra[key]
				: afterDrain.extra[key]! - (before.extra[key] ?? 0),
		]),
	)
	const result = {
		clients: clients.length,
		writers: writers.length,
		listeners: listeners.length,
		documents: spec.docs.length,
		connect: {
			ms: Math.round(connectMs),
			failed: connectErrors.length,
			firstError: connectErrors[0] ? String(connectErrors[0]).slice(0, 200) : undefined,
		},
		edits,
		propagation: recorder.propagation.summary(),
		ack: recorder.ack.summary(),
		lost,
		converged,
		clientFailures: failures,
		persistedAfterKill: PROFILE
			? { note: 'graceful stop while profiling', edits, persisted: persistedTotal }
			: { edits, persisted: persistedTotal, missing: edits - persistedTotal },
		server: {
			cpuPercent: round((serverCpuMicros / 1000 / (seconds * 1000)) * 100, 1),
			/**
			 * Server CPU time per delivered update (edits in the window × other clients on the
			 * document): how much the fan-out costs, little affected by other load on the machine.
			 */
			cpuMicrosPerDelivery: round(
				serverCpuMicros / Math.max(1, editsInWindow * (spec.clientsPerDoc - 1)),
				1,
			),
			eventLoopUtilisation: round(after.elu, 3),
			loopDelayP99Ms: round(after.loopDelayP99, 1),
			loopDelayMaxMs: round(after.loopDelayMax, 1),
			rssConnectedMb: mb(rssConnected),
			rssMb: mb(after.rss),
			rssMaxMb: mb(after.rssMax),
			/** Highest resident memory from the start to the end of the drain (not only the window). */
			rssPeakMb: mb(Math.max(before.rssMax, after.rssMax, afterDrain.rssMax)),
			heapUsedMb: mb(after.heapUsed),
			counters: extra,
		},
		...(abuse
			? {
					abuse: {
						sockets: abuse.sockets,
						refusedAtConnect: abuseRefusedAtConnect,
						seconds: round(abuse.seconds, 1),
						requests: abuse.requests,
						answered: abuse.answered,
						refused: abuse.refused,
						receivedMb: mb(abuse.bytesReceived),
					},
				}
			: {}),
		generator: {
			cpuPercent: round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100, 1),
			loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
		},
		/** Other work on the machine shows here (both servers and the generator count too). */
		loadAverage1m: round(os.loadavg()[0]!),
	}
	log(
		`${spec.label} ${kind}: p50 ${result.propagation.p50} p99 ${result.propagation.p99} ms, ack p99 ${result.ack.p99}, lost ${lost}, converged ${converged}, persisted ${persistedTotal}/${edits}, server cpu ${result.server.cpuPercent}% (${result.server.cpuMicrosPerDelivery} µs/delivery), generator cpu ${result.generator.cpuPercent}%`,
	)
	return result
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
	a == null || b == null || b === 0 ? null : round(a / b, 2)

function compareLatency(results: Partial<Record<ServerKind, TypingResult | { error: string }>>) {
	const s = succeeded(results.sitovka)?.propagation
	const h = succeeded(results.hocuspocus)?.propagation
	return {
		p50: ratio(s?.p50, h?.p50),
		p95: ratio(s?.p95, h?.p95),
		p99: ratio(s?.p99, h?.p99),
	}
}

type Target = { target: string; value: unknown; pass: boolean | null }
const target = (description: string, value: unknown, pass: boolean | null): Target => ({
	target: description,
	value,
	pass,
})
const atMost = (value: number | null | undefined, limit: number) =>
	value == null ? null : value <= limit

async function workload1() {
	const { clients, writers, rate, warmupMs, measureMs } = CONFIG.w1
	const results: Partial<Record<ServerKind, TypingResult | { error: string }>> = {}
	for (const kind of KINDS)
		results[kind] = await tryTyping(kind, {
			label: 'w1',
			docs: [fixture.docs[0]!],
			clientsPerDoc: clients,
			writersPerDoc: writers,
			rate,
			warmupMs,
			measureMs,
		})
	const s = succeeded(results.sitovka)
	return {
		description: `one document, ${clients} clients, ${writers} typing at ${rate} edits/s; ${measureMs / 1000} s measured after ${warmupMs / 1000} s warm-up`,
		...results,
		ratioSitovkaToHocuspocus: compareLatency(results),
		targets: s
			? [
					target('propagation p99 ≤ 50 ms', s.propagation.p99, atMost(s.propagation.p99, 50)),
					target('edits lost = 0', s.lost, s.lost === 0),
					target('writers converged', s.converged, s.converged),
					target(
						'every edit persisted (after SIGKILL)',
						s.persistedAfterKill.persisted,
						s.persistedAfterKill.persisted === s.edits,
					),
				]
			: [],
	}
}

async function workload2() {
	const { docs, clientsPerDoc, writersPerDoc, rate, warmupMs, measureMs } = CONFIG.w2
	const results: Partial<Record<ServerKind, TypingResult | { error: string }>> = {}
	for (const kind of KINDS)
		results[kind] = await tryTyping(kind, {
			label: 'w2',
			docs: fixture.docs.slice(1, 1 + docs),
			clientsPerDoc,
			writersPerDoc,
			rate,
			warmupMs,
			measureMs,
		})
	const s = succeeded(results.sitovka)
	return {
		description: `${docs * clientsPerDoc} clients over ${docs} documents, ${docs * writersPerDoc} typing at ${rate} edit/s; ${measureMs / 1000} s measured`,
		note: 'ack: Síťovka acknowledges after the SQLite commit (durable); Hocuspocus SyncStatus after applying in memory (stored 2–10 s later).',
		...results,
		ratioSitovkaToHocuspocus: compareLatency(results),
		targets: s
			? [
					target('propagation p99 ≤ 50 ms', s.propagation.p99, atMost(s.propagation.p99, 50)),
					target('durable ack p99 ≤ 25 ms', s.ack.p99, atMost(s.ack.p99, 25)),
					target('server RSS ≤ 250 MB', s.server.rssMaxMb, s.server.rssMaxMb <= 250),
					target('edits lost = 0', s.lost, s.lost === 0),
				]
			: [],
	}
}

// --- workload 3: cold open of a long history -----------------------------------------------------

/**
 * Starts a server, warms it up by opening a small document (200 stored updates), then times a
 * cold join of each of `docs` in turn: from the join request until the sync step 2 arrives (and
 * is applied). The first join runs in a process that has done little yet; the later ones in a
 * server that has been working, as a document opened during the day would be.
 */
async function coldOpens(
	kind: ServerKind,
	dbFile: string,
	docs: string[],
	warmDoc: string,
	env?: Record<string, string>,
) {
	const server = await startServer(kind, { db: dbFile, env })
	try {
		const recorder = new Recorder()
		const warm = createWriter(kind, {
			id: 1,
			doc: warmDoc,
			recorder,
			port: server.port,
			credential: credential(kind, 0),
		})
		await warm.connect()
		warm.edit(markerText)
		await sleep(200)
		warm.close()
		const results = []
		for (const [index, doc] of docs.entries()) {
			const client = createWriter(kind, {
				id: 2 + index,
				doc,
				recorder,
				port: server.port,
				credential: credential(kind, 1),
			})
			await client.open()
			const started = now()
			await client.join()
			results.push({
				syncedMs: round(client.syncedAt - started),
				/** Síťovka: the join acknowledgement (document loaded); Hocuspocus: authenticated. */
				joinedMs: round(client.joinedAt - started),
				appliedMs: round(now() - started),
				stateBytes: client.syncBytes,
				serverRssMb: mb((await server.stats()).rss),
			})
			client.close()
		}
		return results
	} finally {
		await server.stop('kill')
	}
}

/**
 * Cold joins of each document in a freshly started server, then all in one running server.
 * Síťovka's server warms Yjs up at start (server/realtime/warm-up.ts) as the app does; its fresh
 * joins are also measured without that warm-up, for comparison.
 */
async function coldOpenBoth(kind: ServerKind, dbFile: string, docs: string[], warmDoc: string) {
	const fresh = []
	for (const doc of docs) fresh.push(...(await coldOpens(kind, dbFile, [doc], warmDoc)))
	const withoutWarmUp = []
	if (kind === 'sitovka')
		for (const doc of docs)
			withoutWarmUp.push(...(await coldOpens(kind, dbFile, [doc], warmDoc, { BENCH_WARM_UP: '0' })))
	// The first join in the running server is again a fresh process; the rest are what counts.
	const running = (await coldOpens(kind, dbFile, docs, warmDoc)).slice(1)
	return {
		fresh: coldSummary(fresh),
		...(withoutWarmUp.length > 0 ? { freshWithoutWarmUp: coldSummary(withoutWarmUp) } : {}),
		running: coldSummary(running),
	}
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b)
	return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : null
}

function coldSummary(runs: Array<{ syncedMs: number }>) {
	const values = runs.map((run) => run.syncedMs)
	return { medianSyncedMs: median(values), minSyncedMs: Math.min(...values), runs }
}

async function workload3() {
	const { updates, runs } = CONFIG.w3
	const bigDocs = fixture.docs.slice(60, 60 + runs)
	const warmDoc = fixture.docs[59]!
	const seeds = [
		{ docs: bigDocs, updates },
		{ docs: [warmDoc], updates: 200 },
	]
	const results: Record<string, unknown> = {}
	let sitovkaBefore: number | null = null
	let sitovkaAfter: number | null = null
	let sitovkaBeforeRunning: number | null = null
	let sitovkaAfterRunning: number | null = null
	let hocuspocusCold: number | null = null
	let hocuspocusRunning: number | null = null
	if (KINDS.includes('sitovka')) {
		const dbFile = freshDb('sitovka', 'w3')
		log(`w3 sitovka: storing ${updates} updates in each of ${runs} documents`)
		const stored = await runChild<unknown>('sitovka', 'seed', {
			db: dbFile,
			args: { seeds, userId: fixture.userIds[0] },
		})
		const before = await coldOpenBoth('sitovka', dbFile, bigDocs, warmDoc)
		const compaction = await runChild<Array<Record<string, number>>>('sitovka', 'compact', {
			db: dbFile,
			args: { docs: bigDocs },
		})
		const after = await coldOpenBoth('sitovka', dbFile, bigDocs, warmDoc)
		sitovkaBefore = before.fresh.medianSyncedMs
		sitovkaAfter = after.fresh.medianSyncedMs
		sitovkaBeforeRunning = before.running.medianSyncedMs
		sitovkaAfterRunning = after.running.medianSyncedMs
		results.sitovka = {
			stored,
			beforeCompaction: before,
			compaction: compaction.map((run) => ({
				foldedUpdates: run.foldedUpdates,
				snapshotBytes: run.snapshotBytes,
				ms: round(run.ms ?? 0),
			})),
			afterCompaction: after,
		}
		log(
			`w3 sitovka: fresh process before ${sitovkaBefore} ms, after ${sitovkaAfter} ms (without the start-up warm-up ${before.freshWithoutWarmUp?.medianSyncedMs} / ${after.freshWithoutWarmUp?.medianSyncedMs} ms); running server before ${sitovkaBeforeRunning} ms, after ${sitovkaAfterRunning} ms`,
		)
	}
	if (KINDS.includes('hocuspocus')) {
		const dbFile = freshDb('hocuspocus', 'w3')
		const stored = await runChild<unknown>('hocuspocus', 'seed', {
			db: dbFile,
			args: { seeds },
		})
		const cold = await coldOpenBoth('hocuspocus', dbFile, bigDocs, warmDoc)
		hocuspocusCold = cold.fresh.medianSyncedMs
		hocuspocusRunning = cold.running.medianSyncedMs
		results.hocuspocus = {
			stored,
			note: 'Hocuspocus stores one full state per document; its cold load is reported once.',
			cold,
		}
		log(`w3 hocuspocus: fresh process ${hocuspocusCold} ms, running server ${hocuspocusRunning} ms`)
	}
	return {
		description: `cold join (this document not in memory) of a document with ${updates} stored updates: time from the join request to the sync step 2 arriving. fresh: median of ${runs} server starts (Síťovka's including its start-up warm-up of Yjs, as the app server runs it; freshWithoutWarmUp: the same without), each then opening a small document first; running: the other ${runs - 1} documents opened one after another in one server that has already opened one`,
		...results,
		ratioSitovkaToHocuspocus: {
			beforeCompaction: ratio(sitovkaBefore, hocuspocusCold),
			afterCompaction: ratio(sitovkaAfter, hocuspocusCold),
			runningServerBeforeCompaction: ratio(sitovkaBeforeRunning, hocuspocusRunning),
			runningServerAfterCompaction: ratio(sitovkaAfterRunning, hocuspocusRunning),
		},
		targets: KINDS.includes('sitovka')
			? [
					target('before compaction ≤ 100 ms', sitovkaBefore, atMost(sitovkaBefore, 100)),
					target('after compaction ≤ 20 ms', sitovkaAfter, atMost(sitovkaAfter, 20)),
					target(
						'running server, before compaction ≤ 100 ms',
						sitovkaBeforeRunning,
						atMost(sitovkaBeforeRunning, 100),
					),
					target(
						'running server, after compaction ≤ 20 ms',
						sitovkaAfterRunning,
						atMost(sitovkaAfterRunning, 20),
					),
				]
			: [],
	}
}

// --- workload 4: largest passing single document ---------------------------------------------------

async function workload4() {
	const { steps, rate, warmupMs, measureMs } = CONFIG.w4
	const results: Record<string, unknown> = {}
	const largest: Partial<Record<ServerKind, number>> = {}
	for (const kind of KINDS) {
		const runs: Array<Record<string, unknown>> = []
		largest[kind] = 0
		for (const [index, clients] of steps.entries()) {
			const outcome = await tryTyping(kind, {
				label: `w4-${clients}`,
				docs: [fixture.docs[70 + index]!],
				clientsPerDoc: clients,
				writersPerDoc: Math.max(1, Math.round(clients / 10)),
				rate,
				warmupMs,
				measureMs,
			})
			const result = succeeded(outcome)
			if (!result) {
				runs.push({ clients, pass: false, ...outcome })
				break
			}
			const pass =
				result.connect.failed === 0 &&
				result.lost === 0 &&
				result.converged &&
				result.propagation.p99 !== null &&
				result.propagation.p99 <= W4_P99_LIMIT_MS
			runs.push({
				clients,
				pass,
				propagation: result.propagation,
				ack: result.ack,
				lost: result.lost,
				connectFailed: result.connect.failed,
				server: {
					cpuPercent: result.server.cpuPercent,
					cpuMicrosPerDelivery: result.server.cpuMicrosPerDelivery,
					eventLoopUtilisation: result.server.eventLoopUtilisation,
					loopDelayP99Ms: result.server.loopDelayP99Ms,
					rssMaxMb: result.server.rssMaxMb,
				},
				generatorCpuPercent: result.generator.cpuPercent,
				generatorLoopDelayP99Ms: result.generator.loopDelayP99Ms,
				loadAverage1m: result.loadAverage1m,
			})
			if (!pass) break
			largest[kind] = clients
		}
		results[kind] = { largestPassing: largest[kind], steps: runs }
	}
	return {
		description: `one document, 10% of clients typing at ${rate} edit/s; steps ${steps.join(', ')}; a step passes with p99 ≤ ${W4_P99_LIMIT_MS} ms, nothing lost, converged`,
		...results,
		ratioSitovkaToHocuspocus: { largestPassing: ratio(largest.sitovka, largest.hocuspocus) },
		targets:
			largest.sitovka !== undefined
				? [target('largest passing step ≥ 1000 (aim)', largest.sitovka, largest.sitovka >= 1000)]
				: [],
	}
}

// --- abusive reader ------------------------------------------------------------------------------

type AbuseCounts = {
	sockets: number
	seconds: number
	requests: number
	answered: number
	refused: Record<string, number>
	bytesReceived: number
}

/**
 * The abusive reader (tests/bench/abuser.ts) in its own process: its requests must not share
 * the event loop that times the others' edits. `ready` resolves with its refused handshakes and
 * joins once it is asking; `stop` with its counts.
 */
class AbuserProcess {
	private readonly child: ChildProcess
	readonly ready: Promise<string[]>
	private result: ((counts: AbuseCounts) => void) | null = null

	constructor(args: {
		port: number
		doc: string
		sockets: number
		credential: string
		reading: boolean
	}) {
		const env: Record<string, string | undefined> = { ...process.env }
		delete env.NODE_OPTIONS
		this.child = spawn(
			process.execPath,
			['--import', 'tsx', path.join(PROJECT_ROOT, 'tests', 'bench', 'abuser.ts')],
			{
				cwd: PROJECT_ROOT,
				env: {
					...env,
					NODE_ENV: 'production',
					BENCH_ARGS: JSON.stringify({ ...args, cookie: args.credential }),
				},
				stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			},
		)
		this.ready = new Promise((resolve, reject) => {
			this.child.on('message', (message: { type: string; refused?: string[]; value?: unknown }) => {
				if (message.type === 'ready') resolve(message.refused ?? [])
				if (message.type === 'result') this.result?.(message.value as AbuseCounts)
			})
			this.child.once('exit', (code) => reject(new Error(`abuser exited (${code})`)))
		})
		this.ready.catch(() => undefined)
	}

	stop() {
		return new Promise<AbuseCounts>((resolve) => {
			this.result = resolve
			this.child.send({ type: 'stop' })
		})
	}

	close() {
		if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
	}
}

/** Just under the default `maxDocumentBytes` (8 MiB), leaving room for the seed's rounding. */
const ABUSED_DOCUMENT_BYTES = 8 * 1024 * 1024 - 256 * 1024
const MB_LIMIT = 500

/**
 * Issue 10, finding 3: one read-only user (group observer) opens `sockets` sockets on a document
 * at the size cap and asks for the whole document again and again, as fast as the server allows
 * (the next request as soon as the last is answered, 10 ms after a refusal), while `clients`
 * people work on another document as in W1. The same run without the abuser is the baseline.
 * Síťovka only: it is about Síťovka's limits, not a comparison.
 */
async function workloadAbuse() {
	if (!KINDS.includes('sitovka')) return { skipped: 'Síťovka only' }
	const { clients, writers, rate, sockets, warmupMs, measureMs } = CONFIG.abuse
	const abused = fixture.docs[91]!
	const base = {
		docs: [fixture.docs[90]!],
		clientsPerDoc: clients,
		writersPerDoc: writers,
		rate,
		warmupMs,
		measureMs,
		prepare: (dbFile: string) =>
			runChild<{ stateBytes: number; snapshotBytes: number | null }>('sitovka', 'seedLarge', {
				db: dbFile,
				args: { doc: abused, bytes: ABUSED_DOCUMENT_BYTES, userId: fixture.userIds[0] },
			}),
	}
	// A short run first, discarded: the first typing run of the load generator is slower (its
	// code is not optimised yet), which would flatter the runs after the baseline.
	await tryTyping('sitovka', { ...base, label: 'abuse-warm-up', warmupMs: 1000, measureMs: 3000 })
	const baseline = await tryTyping('sitovka', { ...base, label: 'abuse-baseline' })
	const attacked = await tryTyping('sitovka', {
		...base,
		label: 'abuse',
		abuse: { doc: abused, sockets, credential: fixture.observerTokens[0]!, reading: true },
	})
	// The same user again, its sockets no longer reading what they asked for.
	const silent = await tryTyping('sitovka', {
		...base,
		label: 'abuse-not-reading',
		abuse: { doc: abused, sockets, credential: fixture.observerTokens[0]!, reading: false },
	})
	const without = succeeded(baseline)
	const withAbuse = succeeded(attacked)
	const notReading = succeeded(silent)
	const p99Ratio = ratio(withAbuse?.propagation.p99, without?.propagation.p99)
	const p99RatioNotReading = ratio(notReading?.propagation.p99, without?.propagation.p99)
	return {
		description: `one read-only user with ${sockets} sockets asks for the whole of a document at the size cap (${mb(ABUSED_DOCUMENT_BYTES)} MB) as fast as the server allows, while ${clients} clients work on another document (${writers} typing at ${rate} edits/s); ${measureMs / 1000} s measured after ${warmupMs / 1000} s warm-up; baseline: the same without the abuser; then again with the abuser not reading its sockets (a request every 10 ms per socket, no waiting for answers)`,
		withoutAbuser: baseline,
		withAbuser: attacked,
		withAbuserNotReading: silent,
		p99RatioWithToWithout: p99Ratio,
		p99RatioNotReadingToWithout: p99RatioNotReading,
		targets: withAbuse
			? [
					target(
						`server RSS peak < ${MB_LIMIT} MB with the abuser`,
						withAbuse.server.rssPeakMb,
						withAbuse.server.rssPeakMb < MB_LIMIT,
					),
					target('others’ p99 with the abuser ≤ 2 × without', p99Ratio, atMost(p99Ratio, 2)),
					target('edits lost = 0', withAbuse.lost, withAbuse.lost === 0),
					...(notReading
						? [
								target(
									`server RSS peak < ${MB_LIMIT} MB with the abuser not reading`,
									notReading.server.rssPeakMb,
									notReading.server.rssPeakMb < MB_LIMIT,
								),
								target(
									'others’ p99 with the abuser not reading ≤ 2 × without',
									p99RatioNotReading,
									atMost(p99RatioNotReading, 2),
								),
							]
						: []),
				]
			: [],
	}
}

// --- main --------------------------------------------------------------------------------------

function packageVersion(name: string) {
	const file = path.join(PROJECT_ROOT, 'node_modules', name, 'package.json')
	return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
}

async function main() {
	fs.mkdirSync(PROFILE_DIR, { recursive: true })
	const started = now()
	const machine = {
		cpu: os.cpus()[0]?.model,
		cores: os.cpus().length,
		memoryGb: round(os.totalmem() / 1024 ** 3, 1),
		node: process.version,
		platform: `${os.platform()} ${os.release()}`,
		loadAverageAtStart: os.loadavg().map((value) => round(value)),
	}
	log(`setting up the Síťovka database (${USERS} users with sessions, ${MEETINGS} meetings)`)
	fixture = await runChild<Fixture>('sitovka', 'setup', {
		db: BASE_DB,
		args: { users: USERS, meetings: MEETINGS, observers: 1 },
	})
	const workloads: Record<string, unknown> = {}
	try {
		if (ONLY.has('w1')) workloads.w1 = await workload1()
		if (ONLY.has('w2')) workloads.w2 = await workload2()
		if (ONLY.has('w3')) workloads.w3 = await workload3()
		if (ONLY.has('w4')) workloads.w4 = await workload4()
		if (ONLY.has('abuse')) workloads.abuse = await workloadAbuse()
	} finally {
		// Databases always go; profiles stay when asked for.
		for (const file of fs.readdirSync(TMP))
			if (!PROFILE || file !== path.basename(PROFILE_DIR))
				fs.rmSync(path.join(TMP, file), { recursive: true, force: true })
		if (!PROFILE) fs.rmSync(TMP, { recursive: true, force: true })
	}
	const output = {
		benchmark: 'realtime',
		date: new Date().toISOString(),
		mode: QUICK ? 'quick' : 'full',
		machine: { ...machine, loadAverageAtEnd: os.loadavg().map((value) => round(value)) },
		versions: {
			'socket.io': packageVersion('socket.io'),
			yjs: packageVersion('yjs'),
			'@hocuspocus/server': packageVersion('@hocuspocus/server'),
		},
		/** V8 options both server children ran with (those of `npm start`). */
		serverV8Options: START_V8_OPTIONS,
		durationSeconds: Math.round((now() - started) / 1000),
		ratios: 'Síťovka ÷ Hocuspocus: ≤ 1 means Síťovka is at least as fast (for W4, ≥ 1 is better)',
		workloads,
		...(PROFILE ? { profiles, profileDir: PROFILE_DIR } : {}),
	}
	process.stdout.write(`${JSON.stringify(output, null, '\t')}\n`)
	// Sockets closed by the killed servers may keep handles open for a moment.
	process.exit(0)
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error))
	process.exit(1)
})
