/**
 * The Hocuspocus side of the realtime benchmark, run by tests/bench/realtime.ts as a child
 * process (IPC channel required). Hocuspocus 3 with its Database extension on better-sqlite3
 * (its own file in BENCH_DB, same pragmas as Síťovka: WAL, synchronous=FULL), default store
 * debounce (2 s, at most 10 s). Modes:
 *   seed   for each of `seeds` ({ docs, updates }), store the final state of a typed history
 *          of `updates` updates for each of `docs`
 *   serve  `new Server(...)` on a random loopback port; answers stats
 * Arguments come as JSON in BENCH_ARGS.
 */
import { Database } from '@hocuspocus/extension-database'
import { Server } from '@hocuspocus/server'
import SQLite from 'better-sqlite3'
import { reportToParent, send } from './lib/child-report.ts'
import { generateHistory } from './lib/edits.ts'

const mode = process.argv[2]
const args = JSON.parse(process.env.BENCH_ARGS ?? '{}') as Record<string, unknown>

function openStore() {
	const sqlite = new SQLite(process.env.BENCH_DB!)
	sqlite.pragma('journal_mode = WAL')
	sqlite.pragma('synchronous = FULL')
	sqlite.exec('create table if not exists documents (name text primary key, data blob not null)')
	return {
		sqlite,
		select: sqlite.prepare<[string], { data: Buffer }>('select data from documents where name = ?'),
		upsert: sqlite.prepare<[string, Buffer]>(
			'insert into documents (name, data) values (?, ?) on conflict (name) do update set data = excluded.data',
		),
	}
}

/** Stores the final state of a typed history of `updates` updates for each of `docs`. */
function seed({ seeds }: { seeds: Array<{ docs: string[]; updates: number }> }) {
	const store = openStore()
	const stored = []
	for (const { docs, updates } of seeds) {
		const history = generateHistory(updates)
		for (const doc of docs) store.upsert.run(doc, Buffer.from(history.state))
		stored.push({ docs: docs.length, updates, stateBytes: history.state.byteLength })
	}
	store.sqlite.close()
	return stored
}

async function serve() {
	const store = openStore()
	const counters = { stores: 0, storedBytes: 0, loads: 0 }
	const server = new Server({
		port: 0,
		address: '127.0.0.1',
		quiet: true,
		extensions: [
			new Database({
				fetch: async ({ documentName }) => {
					counters.loads++
					return store.select.get(documentName)?.data ?? null
				},
				store: async ({ documentName, state }) => {
					counters.stores++
					counters.storedBytes += state.byteLength
					store.upsert.run(documentName, state)
				},
			}),
		],
	})
	await server.listen()
	reportToParent({
		extra: () => ({
			...counters,
			connections: server.hocuspocus.getConnectionsCount(),
			documents: server.hocuspocus.getDocumentsCount(),
		}),
		async shutdown() {
			await server.destroy()
			store.sqlite.close()
		},
	})
	send({ type: 'ready', port: server.address.port })
}

async function main() {
	if (mode === 'serve') return serve()
	if (mode !== 'seed') throw new Error(`unknown mode ${mode}`)
	send({ type: 'result', value: seed(args as Parameters<typeof seed>[0]) })
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
