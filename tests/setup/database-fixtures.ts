import fs from 'node:fs'
import type Database from 'better-sqlite3'
import type { RunnerTestSuite, TestContext } from 'vitest'
import { getDb } from '#db/client.ts'

/**
 * Every test starts from its file's fixture: the database as the file's `beforeAll` hooks
 * (and those of the `describe` blocks around the test) left it, whatever earlier tests wrote.
 *
 * Modules hold the one better-sqlite3 connection (`getDb()`, realtime storage, servers started
 * in `beforeAll`), so the database file is never swapped: the fixture is copied aside
 * (`VACUUM INTO`) when a suite's first test starts, and before each later test the changed
 * tables are copied back through that same connection. Which tables changed is known from
 * temporary triggers (they live in this connection only, never in the file): a test that wrote
 * nothing costs three pragma reads, one that wrote a meeting restores a handful of small tables,
 * and the territory register (6,500 rows) is copied back only when something wrote to it.
 * Writes the triggers cannot see (another process on the same file, a new connection, the FTS5
 * search index) make the restore cover every table, or the search index, respectively.
 *
 * `describe` blocks with their own `beforeAll`: before a block's hooks run, the database goes
 * back to the enclosing block's fixture (told by fixture-runner.ts), so each block's fixture is
 * the file's plus its own `beforeAll`, whatever ran before it.
 */

/** A copy of the database at one point: a suite's fixture. */
type Snapshot = { file: string }

/** What the database holds now: `snapshot`, as long as these readings have not moved. */
type Synced = {
	snapshot: Snapshot
	connection: Database.Database | null
	totalChanges: number
	dataVersion: number
	schemaVersion: number
	/** Size and modification time of the file and its WAL, for when no connection is open. */
	fileStamp: string
}

type Table = { name: string; virtual: boolean; columns: string[] }

/** Temporary (this connection only): the tables written since the last restore. */
const DIRTY = 'fixture_dirty_tables'

export function createDatabaseFixtures(databaseFile: string, pristineFile: string) {
	const pristine: Snapshot = { file: pristineFile }
	const files: string[] = [pristineFile]
	const snapshots = new Map<string, Snapshot>()
	let synced: Synced = {
		snapshot: pristine,
		connection: null,
		totalChanges: 0,
		dataVersion: 0,
		schemaVersion: 0,
		fileStamp: fileStamp(),
	}
	let tables: Table[] | undefined
	const tracked = new WeakSet<Database.Database>()

	function fileStamp() {
		return ['', '-wal']
			.map((suffix) => {
				const stat = fs.statSync(`${databaseFile}${suffix}`, { throwIfNoEntry: false })
				return stat ? `${stat.size}@${stat.mtimeMs}` : '-'
			})
			.join(' ')
	}

	/** The open connection, without opening one. */
	function openConnection(): Database.Database | null {
		const client = globalThis.__sitovkaDb?.$client
		return client?.open ? client : null
	}

	function readings(connection: Database.Database) {
		return {
			totalChanges: (connection.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
			dataVersion: connection.pragma('main.data_version', { simple: true }) as number,
			schemaVersion: connection.pragma('main.schema_version', { simple: true }) as number,
		}
	}

	/** Whether the database still holds `synced.snapshot`. */
	function unchanged() {
		const connection = openConnection()
		if (!connection) return synced.connection === null && fileStamp() === synced.fileStamp
		if (connection !== synced.connection) return false
		const now = readings(connection)
		return (
			now.totalChanges === synced.totalChanges &&
			now.dataVersion === synced.dataVersion &&
			now.schemaVersion === synced.schemaVersion
		)
	}

	function markSynced(snapshot: Snapshot, connection: Database.Database) {
		synced = { snapshot, connection, ...readings(connection), fileStamp: fileStamp() }
	}

	function listTables(connection: Database.Database): Table[] {
		const list = connection.pragma('main.table_list') as Array<{
			name: string
			type: string
			wr: number
		}>
		return list
			.filter(
				(table) =>
					(table.type === 'table' || table.type === 'virtual') &&
					(!table.name.startsWith('sqlite_') || table.name === 'sqlite_sequence'),
			)
			.map((table) => {
				const info = connection.pragma(`main.table_xinfo("${table.name}")`) as Array<{
					name: string
					type: string
					pk: number
					hidden: number
				}>
				const columns = info.filter((column) => column.hidden === 0)
				const keys = info.filter((column) => column.pk > 0)
				const rowidAlias =
					keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER' && table.type === 'table'
				const names = columns.map((column) => `"${column.name}"`)
				// Keep rowids too, so the rows come back exactly as they were.
				if (!table.wr && !rowidAlias && table.name !== 'sqlite_sequence') names.unshift('rowid')
				return { name: table.name, virtual: table.type === 'virtual', columns: names }
			})
	}

	/**
	 * Temporary triggers that note which tables this connection writes to. No `OR IGNORE`: the
	 * writing statement's conflict clause (an upsert's, say) would override the trigger's.
	 */
	function track(connection: Database.Database) {
		if (tracked.has(connection)) return
		connection.exec(`CREATE TEMP TABLE IF NOT EXISTS ${DIRTY} (name TEXT PRIMARY KEY)`)
		for (const table of tables!) {
			if (table.virtual || table.name === 'sqlite_sequence') continue
			for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
				connection.exec(
					`CREATE TEMP TRIGGER IF NOT EXISTS "fixture_${table.name}_${event}" AFTER ${event} ON main."${table.name}"
					BEGIN INSERT INTO temp.${DIRTY} (name) SELECT '${table.name}'
					WHERE NOT EXISTS (SELECT 1 FROM temp.${DIRTY} WHERE name = '${table.name}'); END`,
				)
			}
		}
		tracked.add(connection)
	}

	/** Copies the database aside as it is now. */
	function takeSnapshot(): Snapshot {
		const connection = getDb().$client
		const file = `${databaseFile}.fixture-${files.length}`
		fs.rmSync(file, { force: true })
		connection.prepare('VACUUM INTO ?').run(file)
		files.push(file)
		const snapshot = { file }
		tables ??= listTables(connection)
		track(connection)
		connection.exec(`DELETE FROM temp.${DIRTY}`)
		markSynced(snapshot, connection)
		return snapshot
	}

	/** Brings the database back to `snapshot`, copying only what may have changed. */
	function restore(snapshot: Snapshot) {
		if (synced.snapshot === snapshot && unchanged()) return
		const connection = getDb().$client
		tables ??= listTables(connection)
		const now = readings(connection)
		if (synced.connection && now.schemaVersion !== synced.schemaVersion) {
			throw new Error('A test changed the database schema; its fixture cannot be restored.')
		}
		// Only this connection's own writes are seen by the triggers.
		const everything =
			synced.snapshot !== snapshot ||
			synced.connection !== connection ||
			!tracked.has(connection) ||
			now.dataVersion !== synced.dataVersion
		track(connection)
		const dirty = new Set(
			(connection.prepare(`SELECT name FROM temp.${DIRTY}`).all() as Array<{ name: string }>).map(
				(row) => row.name,
			),
		)
		// The FTS5 index and the AUTOINCREMENT counters have no triggers: copy them whenever
		// anything changed (both are small).
		const copied = tables.filter(
			(table) =>
				everything || table.virtual || table.name === 'sqlite_sequence' || dirty.has(table.name),
		)
		connection.pragma('foreign_keys = OFF')
		connection.prepare('ATTACH DATABASE ? AS fixture').run(snapshot.file)
		try {
			connection.transaction(() => {
				for (const table of copied) {
					const columns = table.columns.join(', ')
					connection.exec(`DELETE FROM main."${table.name}"`)
					connection.exec(
						`INSERT INTO main."${table.name}" (${columns}) SELECT ${columns} FROM fixture."${table.name}"`,
					)
				}
				connection.exec(`DELETE FROM temp.${DIRTY}`)
			})()
		} finally {
			connection.exec('DETACH DATABASE fixture')
			connection.pragma('foreign_keys = ON')
		}
		markSynced(snapshot, connection)
	}

	/** The suites from the file down to `suite`. */
	function chainOf(suite: RunnerTestSuite): RunnerTestSuite[] {
		const chain: RunnerTestSuite[] = []
		for (let current: RunnerTestSuite | undefined = suite; current; current = current.suite) {
			chain.unshift(current)
		}
		if (chain[0] !== suite.file) chain.unshift(suite.file)
		return chain
	}

	/**
	 * The fixture of each suite in the chain, recorded the first time one is needed: by then
	 * the suite's `beforeAll` hooks have run and none of its tests. A suite whose hooks wrote
	 * nothing shares its parent's.
	 */
	function fixturesOf(chain: RunnerTestSuite[]) {
		return chain.map((suite) => {
			let snapshot = snapshots.get(suite.id)
			if (!snapshot) {
				snapshot = unchanged() ? synced.snapshot : takeSnapshot()
				snapshots.set(suite.id, snapshot)
			}
			return snapshot
		})
	}

	globalThis.__sitovkaSuiteStarting = (suite) => {
		// Its beforeAll starts from the enclosing suite's fixture, not from what the tests of an
		// earlier sibling block left behind.
		const chain = chainOf(suite.suite ?? suite.file)
		restore(fixturesOf(chain).at(-1)!)
	}

	return {
		/** For `beforeEach`: every test starts from its suite's fixture. */
		beforeEach(context: TestContext) {
			const test = context.task
			if (test.concurrent) throw new Error('Tests sharing one database cannot run concurrently.')
			restore(fixturesOf(chainOf(test.suite ?? test.file)).at(-1)!)
		},
		/** The copies made, for removal after the file. */
		files: () => [...files],
	}
}
