import { count, eq, inArray, sql } from 'drizzle-orm'
import { normalizeForSearch } from '#app/utils/normalize.ts'
import { getDb } from '#db/client.ts'
import { groups, kraje, obce, orp, organisations } from '#db/schema.ts'
import { MAX_QUERY_LENGTH } from './territory.schema.ts'

// Queries over the territory register (ČSÚ – Struktura území ČR, stav k 1. 1. 2025), which
// db/reference-data.ts loads at start. Lists are sorted with Czech collation ("Ch" after "H").

const collator = new Intl.Collator('cs')
const byNazev = (a: { nazev: string }, b: { nazev: string }) => collator.compare(a.nazev, b.nazev)

/**
 * Search ranks bigger places first within a tier, so "usti" offers Ústí nad Labem before the
 * villages called Ústí. The register has no population figures; the type is the best proxy.
 */
const TYP_RANK: Record<string, number> = {
	'Hlavní město': 0,
	'Statutární město': 1,
	Město: 2,
	Městys: 3,
	Obec: 4,
	'Vojenský újezd': 5,
}
const typRank = (typ: string) => TYP_RANK[typ] ?? 4

/** Makes user input literal inside a LIKE pattern that uses `ESCAPE '\'`. */
function escapeLike(value: string) {
	return value.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/** The normalised search key, or null when nothing searchable is left. */
function searchKey(query: string) {
	const key = normalizeForSearch(query.slice(0, MAX_QUERY_LENGTH))
	return key === '' ? null : key
}

function containsPattern(key: string) {
	return `%${escapeLike(key)}%`
}

// ── Kraje ────────────────────────────────────────────────────────────────────────────────────

export type KrajSummary = { kod: string; nazev: string; orpCount: number; obceCount: number }

/** All 14 kraje with how many ORP and obce each has. */
export function listKraje(): KrajSummary[] {
	const db = getDb()
	const obceCounts = new Map(
		db
			.select({ krajKod: obce.krajKod, n: count() })
			.from(obce)
			.groupBy(obce.krajKod)
			.all()
			.map((row) => [row.krajKod, row.n]),
	)
	return db
		.select({ kod: kraje.kod, nazev: kraje.nazev, orpCount: count(orp.kod) })
		.from(kraje)
		.leftJoin(orp, eq(orp.krajKod, kraje.kod))
		.groupBy(kraje.kod)
		.all()
		.map((row) => ({ ...row, obceCount: obceCounts.get(row.kod) ?? 0 }))
		.sort(byNazev)
}

/** One kraj with its ORP (and each ORP's number of obce), or null for an unknown code. */
export function getKraj(kod: string) {
	const db = getDb()
	const kraj = db
		.select({ kod: kraje.kod, nazev: kraje.nazev, nuts3: kraje.nuts3 })
		.from(kraje)
		.where(eq(kraje.kod, kod))
		.get()
	if (!kraj) return null
	const orpList = db
		.select({ kod: orp.kod, nazev: orp.nazev, obceCount: count(obce.kod) })
		.from(orp)
		.leftJoin(obce, eq(obce.orpKod, orp.kod))
		.where(eq(orp.krajKod, kod))
		.groupBy(orp.kod)
		.all()
		.sort(byNazev)
	return { ...kraj, orp: orpList }
}

/** A kraj's code and name, or null; for checking a submitted code and for display. */
export function findKraj(kod: string) {
	return (
		getDb()
			.select({ kod: kraje.kod, nazev: kraje.nazev })
			.from(kraje)
			.where(eq(kraje.kod, kod))
			.get() ?? null
	)
}

// ── ORP ──────────────────────────────────────────────────────────────────────────────────────

/**
 * One ORP with its kraj, its seat and all its obce (name, typ, okres, POU code), or null for an
 * unknown code.
 */
export function getOrp(kod: string) {
	const db = getDb()
	const row = db
		.select({
			kod: orp.kod,
			nazev: orp.nazev,
			sidloObecKod: orp.sidloObecKod,
			kraj: { kod: kraje.kod, nazev: kraje.nazev },
		})
		.from(orp)
		.innerJoin(kraje, eq(kraje.kod, orp.krajKod))
		.where(eq(orp.kod, kod))
		.get()
	if (!row) return null
	const obceList = db
		.select({
			kod: obce.kod,
			nazev: obce.nazev,
			typ: obce.typ,
			okresNazev: obce.okresNazev,
			pouKod: obce.pouKod,
		})
		.from(obce)
		.where(eq(obce.orpKod, kod))
		.all()
		.sort((a, b) => byNazev(a, b) || collator.compare(a.okresNazev, b.okresNazev))
	const { sidloObecKod, ...orpRow } = row
	const sidlo = obceList.find((obec) => obec.kod === sidloObecKod)
	return {
		...orpRow,
		sidlo: sidlo ? { kod: sidlo.kod, nazev: sidlo.nazev } : null,
		obce: obceList,
	}
}

/** An ORP's code, name and kraj, or null; for checking a submitted code and for display. */
export function findOrp(kod: string) {
	return (
		getDb()
			.select({ kod: orp.kod, nazev: orp.nazev, krajKod: kraje.kod, krajNazev: kraje.nazev })
			.from(orp)
			.innerJoin(kraje, eq(kraje.kod, orp.krajKod))
			.where(eq(orp.kod, kod))
			.get() ?? null
	)
}

/** The organisations and groups registered in Síťovka that work in this ORP. */
export function getOrpNetwork(orpKod: string) {
	const db = getDb()
	const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name)
	return {
		organisations: db
			.select({ id: organisations.id, name: organisations.name })
			.from(organisations)
			.where(eq(organisations.orpKod, orpKod))
			.all()
			.sort(byName),
		groups: db
			.select({ id: groups.id, name: groups.name })
			.from(groups)
			.where(eq(groups.orpKod, orpKod))
			.all()
			.sort(byName),
	}
}

// ── Search ───────────────────────────────────────────────────────────────────────────────────

export type ObecSearchResult = {
	kod: string
	nazev: string
	typ: string
	okresNazev: string
	orpKod: string
	orpNazev: string
	krajKod: string
	krajNazev: string
}

/**
 * Obce whose name contains the query, ignoring case and diacritics ("usti", "UsTí" and "Ústí"
 * are the same). Names that start with the query come before names that only contain it;
 * then towns before villages (see TYP_RANK), then Czech alphabetical order. At most `limit`.
 */
export function searchObce(query: string, limit = 20): ObecSearchResult[] {
	const key = searchKey(query)
	if (!key || limit <= 0) return []
	const db = getDb()
	const candidates = db
		.select({
			kod: obce.kod,
			nazev: obce.nazev,
			nazevNorm: obce.nazevNorm,
			typ: obce.typ,
			okresNazev: obce.okresNazev,
		})
		.from(obce)
		.where(sql`${obce.nazevNorm} like ${containsPattern(key)} escape '\\'`)
		.all()
		.map((row) => ({
			kod: row.kod,
			nazev: row.nazev,
			okresNazev: row.okresNazev,
			rank: (row.nazevNorm.startsWith(key) ? 0 : 10) + typRank(row.typ),
		}))
	if (candidates.length === 0) return []
	// A short query matches thousands of obce. Rank them by the cheap numeric key first and
	// collate only the ranks that can reach the first `limit` places.
	candidates.sort((a, b) => a.rank - b.rank)
	const cutoff = candidates[Math.min(limit, candidates.length) - 1]!.rank
	const kept = candidates.filter((row) => row.rank <= cutoff)
	kept.sort(
		(a, b) =>
			a.rank - b.rank ||
			byNazev(a, b) ||
			collator.compare(a.okresNazev, b.okresNazev) ||
			a.kod.localeCompare(b.kod),
	)
	const top = kept.slice(0, limit)
	const details = new Map(
		db
			.select({
				kod: obce.kod,
				typ: obce.typ,
				orpKod: orp.kod,
				orpNazev: orp.nazev,
				krajKod: kraje.kod,
				krajNazev: kraje.nazev,
			})
			.from(obce)
			.innerJoin(orp, eq(orp.kod, obce.orpKod))
			.innerJoin(kraje, eq(kraje.kod, obce.krajKod))
			.where(
				inArray(
					obce.kod,
					top.map((row) => row.kod),
				),
			)
			.all()
			.map((row) => [row.kod, row]),
	)
	return top.map(({ kod, nazev, okresNazev }) => {
		const { typ, orpKod, orpNazev, krajKod, krajNazev } = details.get(kod)!
		return { kod, nazev, typ, okresNazev, orpKod, orpNazev, krajKod, krajNazev }
	})
}

export type OrpSearchResult = { kod: string; nazev: string; krajKod: string; krajNazev: string }

/**
 * ORP whose name contains the query, ignoring case and diacritics; prefix matches first, then
 * Czech alphabetical order. There are only 206 ORP, so no limit is needed.
 */
export function searchOrp(query: string): OrpSearchResult[] {
	const key = searchKey(query)
	if (!key) return []
	const rows = getDb()
		.select({
			kod: orp.kod,
			nazev: orp.nazev,
			nazevNorm: orp.nazevNorm,
			krajKod: kraje.kod,
			krajNazev: kraje.nazev,
		})
		.from(orp)
		.innerJoin(kraje, eq(kraje.kod, orp.krajKod))
		.where(sql`${orp.nazevNorm} like ${containsPattern(key)} escape '\\'`)
		.all()
	const tier = (nazevNorm: string) => (nazevNorm.startsWith(key) ? 0 : 1)
	return rows
		.sort((a, b) => tier(a.nazevNorm) - tier(b.nazevNorm) || byNazev(a, b))
		.map(({ nazevNorm: _nazevNorm, ...rest }) => rest)
}

// ── Options for select boxes ─────────────────────────────────────────────────────────────────

export type KrajOption = { kod: string; nazev: string }
export type OrpOptionGroup = {
	krajKod: string
	krajNazev: string
	orp: Array<{ kod: string; nazev: string }>
}

/** All 206 ORP grouped by kraj, both in Czech alphabetical order; for `OrpSelect`. */
export function listOrpOptions(): OrpOptionGroup[] {
	const rows = getDb()
		.select({ kod: orp.kod, nazev: orp.nazev, krajKod: kraje.kod, krajNazev: kraje.nazev })
		.from(orp)
		.innerJoin(kraje, eq(kraje.kod, orp.krajKod))
		.all()
	const byKraj = new Map<string, OrpOptionGroup>()
	for (const row of rows) {
		let group = byKraj.get(row.krajKod)
		if (!group) {
			group = { krajKod: row.krajKod, krajNazev: row.krajNazev, orp: [] }
			byKraj.set(row.krajKod, group)
		}
		group.orp.push({ kod: row.kod, nazev: row.nazev })
	}
	const list = [...byKraj.values()]
	for (const group of list) group.orp.sort(byNazev)
	return list.sort((a, b) => collator.compare(a.krajNazev, b.krajNazev))
}

/** All 14 kraje in Czech alphabetical order; for `KrajSelect`. */
export function listKrajOptions(): KrajOption[] {
	return getDb().select({ kod: kraje.kod, nazev: kraje.nazev }).from(kraje).all().sort(byNazev)
}
