import { count } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { createSession } from '#app/auth/session.server.ts'
import { createUser } from '#app/auth/users.server.ts'
import { loader as indexLoader } from '#app/routes/territory._index.tsx'
import { loader as krajLoader } from '#app/routes/territory.kraj.$kod.tsx'
import { loader as orpLoader } from '#app/routes/territory.orp.$kod.tsx'
import { loader as searchLoader } from '#app/routes/territory.search.ts'
import {
	getKraj,
	getOrp,
	listKraje,
	listKrajOptions,
	listOrpOptions,
	searchObce,
	searchOrp,
} from '#app/territory/territory.server.ts'
import { getDb } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { groups, kraje, obce, orp, organisations } from '#db/schema.ts'

const context = { clientIp: '203.0.113.9', requestId: 'test' }
const czech = new Intl.Collator('cs')
let cookie = ''

beforeAll(async () => {
	const user = await createUser({
		email: 'petra.dvorakova@rumburk.cz',
		name: 'Petra Dvořáková',
		password: 'Sluknovsky-vybezek-2026',
	})
	cookie = `sitovka_session=${createSession(user.id).token}`
})

function get(path: string, withCookie = true) {
	return new Request(`http://localhost:3000${path}`, {
		headers: withCookie ? { Cookie: cookie } : {},
	})
}

async function thrown(promise: Promise<unknown>) {
	try {
		await promise
	} catch (error) {
		return error
	}
	throw new Error('expected the loader to throw')
}

function isSortedCzech(names: string[]) {
	return names.every((name, i) => i === 0 || czech.compare(names[i - 1]!, name) <= 0)
}

describe('territory register', () => {
	test('holds 14 kraje, 206 ORP and 6 258 obce', () => {
		const db = getDb()
		expect(db.select({ n: count() }).from(kraje).get()?.n).toBe(14)
		expect(db.select({ n: count() }).from(orp).get()?.n).toBe(206)
		expect(db.select({ n: count() }).from(obce).get()?.n).toBe(6258)
		const list = listKraje()
		expect(list).toHaveLength(14)
		expect(list.reduce((sum, kraj) => sum + kraj.orpCount, 0)).toBe(206)
		expect(list.reduce((sum, kraj) => sum + kraj.obceCount, 0)).toBe(6258)
	})

	test('each kraj has as many ORP as the data README says', () => {
		const expected: Record<string, number> = {
			'Hlavní město Praha': 1,
			'Středočeský kraj': 26,
			'Jihočeský kraj': 17,
			'Plzeňský kraj': 15,
			'Karlovarský kraj': 7,
			'Ústecký kraj': 16,
			'Liberecký kraj': 10,
			'Královéhradecký kraj': 15,
			'Pardubický kraj': 15,
			'Kraj Vysočina': 15,
			'Jihomoravský kraj': 21,
			'Olomoucký kraj': 13,
			'Zlínský kraj': 13,
			'Moravskoslezský kraj': 22,
		}
		const actual = Object.fromEntries(listKraje().map((kraj) => [kraj.nazev, kraj.orpCount]))
		expect(actual).toEqual(expected)
		expect(getKraj('3077')?.orp).toHaveLength(10)
		expect(getKraj('3018')?.orp.map((item) => item.nazev)).toEqual(['Praha'])
	})

	test('a kraj lists its ORP alphabetically with their obce counts', () => {
		const ustecky = getKraj('3069')!
		expect(ustecky.nazev).toBe('Ústecký kraj')
		expect(isSortedCzech(ustecky.orp.map((item) => item.nazev))).toBe(true)
		expect(ustecky.orp.find((item) => item.kod === '4212')).toEqual({
			kod: '4212',
			nazev: 'Rumburk',
			obceCount: 12,
		})
		expect(getKraj('9999')).toBeNull()
	})

	test('an ORP has its kraj, seat and obce with typ, okres and POU code', () => {
		const rumburk = getOrp('4212')!
		expect(rumburk.nazev).toBe('Rumburk')
		expect(rumburk.kraj).toEqual({ kod: '3069', nazev: 'Ústecký kraj' })
		expect(rumburk.sidlo).toEqual({ kod: '562777', nazev: 'Rumburk' })
		expect(rumburk.obce).toHaveLength(12)
		expect(rumburk.obce.find((obec) => obec.nazev === 'Šluknov')).toMatchObject({
			typ: 'Město',
			okresNazev: 'Děčín',
		})
		expect(rumburk.obce.every((obec) => /^\d{5}$/.test(obec.pouKod ?? ''))).toBe(true)
		expect(isSortedCzech(rumburk.obce.map((obec) => obec.nazev))).toBe(true)
		expect(getOrp('0000')).toBeNull()
	})
})

describe('searching obce and ORP', () => {
	test('ignores diacritics and case, towns before villages of the same name', () => {
		for (const query of ['usti', 'UsTí', 'ÚSTÍ', ' ústí ']) {
			const results = searchObce(query, 20)
			expect(results.length).toBeGreaterThan(3)
			expect(results[0]).toMatchObject({
				nazev: 'Ústí nad Labem',
				orpNazev: 'Ústí nad Labem',
				krajNazev: 'Ústecký kraj',
			})
		}
		const names = searchObce('usti', 20).map((obec) => obec.nazev)
		expect(names).toEqual(expect.arrayContaining(['Ústí', 'Ústí nad Orlicí', 'Ústín']))
	})

	test('names starting with the query come before names that only contain it', () => {
		const results = searchObce('lhota', 500)
		const firstInner = results.findIndex((obec) => !obec.nazev.toLowerCase().startsWith('lhota'))
		expect(firstInner).toBeGreaterThan(0)
		expect(
			results.slice(firstInner).every((obec) => !obec.nazev.toLowerCase().startsWith('lhota')),
		).toBe(true)
		// Within the same tier and type, Czech alphabetical order.
		const prefixVillages = results
			.slice(0, firstInner)
			.filter((obec) => obec.typ === 'Obec')
			.map((obec) => obec.nazev)
		expect(prefixVillages.length).toBeGreaterThan(10)
		expect(isSortedCzech(prefixVillages)).toBe(true)
	})

	test('finds Plzeň without diacritics and respects the limit', () => {
		const results = searchObce('plzen', 5)
		expect(results[0]?.nazev).toBe('Plzeň')
		expect(results[0]?.krajNazev).toBe('Plzeňský kraj')
		expect(results.length).toBeLessThanOrEqual(5)
		expect(searchObce('a', 20)).toHaveLength(20)
		expect(searchOrp('plzen').map((item) => item.nazev)).toEqual(['Plzeň'])
	})

	test('ORP search ranks prefix matches first', () => {
		const results = searchOrp('brod').map((item) => item.nazev)
		expect(results).toContain('Český Brod')
		expect(results).toContain('Havlíčkův Brod')
		expect(searchOrp('ceska').map((item) => item.nazev)[0]).toBe('Česká Lípa')
	})

	test('LIKE wildcards in the query are plain characters', () => {
		expect(searchObce('%', 20)).toEqual([])
		expect(searchObce('_', 20)).toEqual([])
		expect(searchObce('u%i', 20)).toEqual([])
		expect(searchObce('ust_', 20)).toEqual([])
		expect(searchObce('\\', 20)).toEqual([])
		expect(searchOrp('%')).toEqual([])
		expect(searchObce('   ', 20)).toEqual([])
	})
})

describe('select options', () => {
	test('all 206 ORP grouped under 14 kraje, in Czech alphabetical order', () => {
		const options = listOrpOptions()
		expect(options).toHaveLength(14)
		expect(options.reduce((sum, group) => sum + group.orp.length, 0)).toBe(206)
		expect(isSortedCzech(options.map((group) => group.krajNazev))).toBe(true)
		for (const group of options) expect(isSortedCzech(group.orp.map((o) => o.nazev))).toBe(true)
		const ustecky = options.find((group) => group.krajKod === '3069')!
		expect(ustecky.orp).toContainEqual({ kod: '4212', nazev: 'Rumburk' })
		// Czech order: "Č" after "C", "Ch" after "H".
		const pardubicky = options.find((group) => group.krajKod === '3093')!.orp.map((o) => o.nazev)
		expect(pardubicky.slice(0, 5)).toEqual([
			'Česká Třebová',
			'Hlinsko',
			'Holice',
			'Chrudim',
			'Králíky',
		])
		const kraje = listKrajOptions()
		expect(kraje).toHaveLength(14)
		expect(isSortedCzech(kraje.map((kraj) => kraj.nazev))).toBe(true)
	})
})

describe('territory pages', () => {
	test('require a signed-in user', async () => {
		const response = (await thrown(
			indexLoader({ request: get('/territory', false), params: {}, context }),
		)) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe('/login?redirectTo=%2Fterritory')
		const orpResponse = (await thrown(
			orpLoader({ request: get('/territory/orp/4212', false), params: { kod: '4212' }, context }),
		)) as Response
		expect(orpResponse.status).toBe(302)
	})

	test('the overview lists the 14 kraje and searches obce and ORP', async () => {
		const empty = await indexLoader({ request: get('/territory'), params: {}, context })
		expect(empty.kraje).toHaveLength(14)
		expect(empty.results).toBeNull()
		const data = await indexLoader({ request: get('/territory?q=rumburk'), params: {}, context })
		expect(data.results?.orp.map((item) => item.kod)).toEqual(['4212'])
		expect(data.results?.obce[0]).toMatchObject({ nazev: 'Rumburk', orpKod: '4212' })
		const many = await indexLoader({ request: get('/territory?q=a'), params: {}, context })
		expect(many.results?.obce).toHaveLength(50)
		expect(many.results?.obceTruncated).toBe(true)
	})

	test('the kraj page shows its ORP and 404 for an unknown code', async () => {
		const data = await krajLoader({
			request: get('/territory/kraj/3077'),
			params: { kod: '3077' },
			context,
		})
		expect(data.kraj.nazev).toBe('Liberecký kraj')
		expect(data.kraj.orp).toHaveLength(10)
		const response = (await thrown(
			krajLoader({ request: get('/territory/kraj/1234'), params: { kod: '1234' }, context }),
		)) as Response
		expect(response.status).toBe(404)
	})

	test('the ORP page for Rumburk lists its obce, organisations and groups', async () => {
		const db = getDb()
		db.insert(organisations)
			.values([
				{ name: 'Město Rumburk – sociální odbor', kind: 'obec', orpKod: '4212' },
				{ name: 'Diakonie Děčín', kind: 'nno', orpKod: '4202' },
			])
			.run()
		db.insert(groups)
			.values([
				{ name: 'Pracovní skupina bydlení Šluknovsko', kind: 'platforma_kmb', orpKod: '4212' },
				{ name: 'Krajská koalice Ústecko', kind: 'krajska_koalice', krajKod: '3069' },
			])
			.run()
		const data = await orpLoader({
			request: get('/territory/orp/4212'),
			params: { kod: '4212' },
			context,
		})
		expect(data.orp.nazev).toBe('Rumburk')
		expect(data.orp.kraj.nazev).toBe('Ústecký kraj')
		expect(data.orp.sidlo?.nazev).toBe('Rumburk')
		expect(data.orp.obce.map((obec) => obec.nazev)).toEqual(
			expect.arrayContaining(['Rumburk', 'Šluknov', 'Jiříkov', 'Krásná Lípa', 'Vilémov']),
		)
		expect(data.orp.obce).toHaveLength(12)
		expect(data.organisations.map((item) => item.name)).toEqual(['Město Rumburk – sociální odbor'])
		expect(data.groups.map((item) => item.name)).toEqual(['Pracovní skupina bydlení Šluknovsko'])
	})

	test('the ORP page answers 404 for an unknown code', async () => {
		for (const kod of ['9999', 'abc', '']) {
			const response = (await thrown(
				orpLoader({ request: get(`/territory/orp/${kod}`), params: { kod }, context }),
			)) as Response
			expect(response.status).toBe(404)
		}
	})
})

describe('GET /territory/search', () => {
	test('returns at most 20 obce as JSON, best match first', async () => {
		const response = await searchLoader({
			request: get('/territory/search?q=usti'),
			params: {},
			context,
		})
		expect(response.status).toBe(200)
		const body = (await response.json()) as { obce: Array<Record<string, string>> }
		expect(body.obce[0]).toEqual({
			kod: '554804',
			nazev: 'Ústí nad Labem',
			okresNazev: 'Ústí nad Labem',
			orpKod: '4214',
			orpNazev: 'Ústí nad Labem',
			krajNazev: 'Ústecký kraj',
		})
		const many = (await (
			await searchLoader({ request: get('/territory/search?q=e'), params: {}, context })
		).json()) as { obce: unknown[] }
		expect(many.obce).toHaveLength(20)
	})

	test('answers 401 without a session', async () => {
		const response = await searchLoader({
			request: get('/territory/search?q=usti', false),
			params: {},
			context,
		})
		expect(response.status).toBe(401)
	})
})

describe('reference data', () => {
	test('reloading unchanged files does nothing', () => {
		expect(ensureReferenceData(getDb())).toBe(false)
		expect(getDb().select({ n: count() }).from(obce).get()?.n).toBe(6258)
	})
})
