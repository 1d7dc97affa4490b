import Database from 'better-sqlite3'
import { asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb } from '#db/client.ts'
import { obce, organisations, yjsUpdates } from '#db/schema.ts'

/**
 * The test database itself (tests/setup/database-fixtures.ts): whatever a test writes, through
 * the app's connection or another one, into small tables, the territory register, the search
 * index or an AUTOINCREMENT counter, the next test starts from the file's fixture again.
 */

const organisationNames = () =>
	getDb()
		.select({ name: organisations.name })
		.from(organisations)
		.orderBy(asc(organisations.name))
		.all()
		.map((row) => row.name)

const firstObec = () => getDb().select().from(obce).orderBy(asc(obce.kod)).limit(1).get()!

const searchRows = () =>
	getDb()
		.$client.prepare('SELECT kind, ref_id AS refId, title FROM search_index ORDER BY rowid')
		.all()

/** What every test of this file must find when it starts. */
let fixture: {
	organisations: string[]
	obec: typeof obce.$inferSelect
	search: unknown[]
	obceCount: number
}

beforeAll(() => {
	getDb().insert(organisations).values({ name: 'Naděje, z. s.', kind: 'nno' }).run()
	getDb()
		.$client.prepare(
			"INSERT INTO search_index (kind, ref_id, meeting_id, title, body) VALUES ('meeting', 'm1', 'm1', 'Setkání platformy', '')",
		)
		.run()
	fixture = {
		organisations: organisationNames(),
		obec: firstObec(),
		search: searchRows(),
		obceCount: getDb().select().from(obce).all().length,
	}
})

/** The id the next stored realtime update gets: the same in every test. */
let firstUpdateId: number | undefined

/** Writes through the app's connection: a small table, the territory, the index, a counter. */
function writeThroughTheApp(who: string) {
	getDb()
		.insert(organisations)
		.values({ name: `Spolek, kde pracuje ${who}`, kind: 'nno' })
		.run()
	getDb()
		.update(obce)
		.set({ nazev: `Obec podle ${who}` })
		.where(eq(obce.kod, fixture.obec.kod))
		.run()
	getDb().delete(obce).where(eq(obce.orpKod, fixture.obec.orpKod)).run()
	getDb()
		.$client.prepare(
			"INSERT INTO search_index (kind, ref_id, meeting_id, title, body) VALUES ('meeting', ?, ?, ?, '')",
		)
		.run(who, who, `Zápis, který psal ${who}`)
	const { id } = getDb()
		.insert(yjsUpdates)
		.values({ docName: `meeting:${who}:minutes`, update: Buffer.from([0, 0]) })
		.returning({ id: yjsUpdates.id })
		.get()
	// The AUTOINCREMENT counter starts from the fixture's too.
	firstUpdateId ??= id
	expect(id).toBe(firstUpdateId)
}

/** Writes through another connection to the same file, as another process would. */
function writeThroughAnotherConnection(who: string) {
	const other = new Database(getEnv().databasePath)
	try {
		other
			.prepare("INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, 'nno', ?)")
			.run(`jine-spojeni-${who}`, `Jiné spojení (${who})`, Date.now())
		other.prepare('UPDATE territory_obce SET nazev = ? WHERE kod = ?').run(who, fixture.obec.kod)
	} finally {
		other.close()
	}
	expect(organisationNames()).toContain(`Jiné spojení (${who})`)
}

describe('every test starts from the fixture, whatever the others wrote', () => {
	for (const [who, write] of [
		['Jana', writeThroughTheApp],
		['Petr', writeThroughAnotherConnection],
		['Eva', writeThroughTheApp],
	] as const) {
		test(`${who} finds only what beforeAll wrote, then writes`, () => {
			expect(organisationNames()).toEqual(fixture.organisations)
			expect(firstObec()).toEqual(fixture.obec)
			expect(searchRows()).toEqual(fixture.search)
			expect(getDb().select().from(obce).all()).toHaveLength(fixture.obceCount)
			write(who)
		})
	}
})

describe('a describe block with its own beforeAll', () => {
	beforeAll(() => {
		getDb().insert(organisations).values({ name: 'Jen pro tento blok', kind: 'obec' }).run()
	})

	test('has the file fixture and its own rows', () => {
		expect(organisationNames()).toEqual([...fixture.organisations, 'Jen pro tento blok'].sort())
	})
})

describe('another describe block', () => {
	test('never sees what another block’s beforeAll wrote', () => {
		expect(organisationNames()).toEqual(fixture.organisations)
	})
})
