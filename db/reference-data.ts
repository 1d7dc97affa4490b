import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { normalizeForSearch } from '../app/utils/normalize.ts'
import type { Db } from './client.ts'
import { kraje, obce, orp, referenceData } from './schema.ts'

const TERRITORY_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data', 'territory')
const TERRITORY_FILES = ['kraje.csv', 'orp.csv', 'obce.csv'] as const

/** Reads one of the prepared ČSÚ CSVs (UTF-8, comma-separated, no quoting) into records. */
export function readTerritoryCsv(file: (typeof TERRITORY_FILES)[number]) {
	const text = fs.readFileSync(path.join(TERRITORY_DIR, file), 'utf8')
	const [header, ...lines] = text.split('\n').filter((line) => line.trim() !== '')
	const columns = header!.split(',')
	return lines.map((line) => {
		const values = line.split(',')
		if (values.length !== columns.length) {
			throw new Error(`${file}: expected ${columns.length} columns, got ${values.length}: ${line}`)
		}
		return Object.fromEntries(columns.map((column, i) => [column, values[i]!])) as Record<
			string,
			string
		>
	})
}

function territoryChecksum() {
	const hash = createHash('sha256')
	for (const file of TERRITORY_FILES) hash.update(fs.readFileSync(path.join(TERRITORY_DIR, file)))
	return hash.digest('hex')
}

/**
 * Loads the territory register (ČSÚ – Struktura území ČR, 1. 1. 2025) from db/data/territory
 * when it is missing or the files changed. Runs in one transaction; rows other tables point to
 * are updated in place, so organisations and groups keep their territory.
 */
export function ensureReferenceData(db: Db) {
	const checksum = territoryChecksum()
	const current = db
		.select({ checksum: referenceData.checksum })
		.from(referenceData)
		.where(eq(referenceData.name, 'territory'))
		.get()
	if (current?.checksum === checksum) return false
	const krajeRows = readTerritoryCsv('kraje.csv')
	const orpRows = readTerritoryCsv('orp.csv')
	const obceRows = readTerritoryCsv('obce.csv')
	db.transaction((tx) => {
		for (const row of krajeRows) {
			const values = { kod: row.kod!, nuts3: row.nuts3!, nazev: row.nazev!, vuscKod: row.vusc_kod! }
			tx.insert(kraje).values(values).onConflictDoUpdate({ target: kraje.kod, set: values }).run()
		}
		for (const row of orpRows) {
			const values = {
				kod: row.kod!,
				nazev: row.nazev!,
				nazevNorm: normalizeForSearch(row.nazev!),
				krajKod: row.kraj_kod!,
				ruianKod: row.ruian_kod!,
				sidloObecKod: row.sidlo_obec_kod!,
			}
			tx.insert(orp).values(values).onConflictDoUpdate({ target: orp.kod, set: values }).run()
		}
		for (const row of obceRows) {
			const values = {
				kod: row.kod!,
				nazev: row.nazev!,
				nazevNorm: normalizeForSearch(row.nazev!),
				orpKod: row.orp_kod!,
				pouKod: row.pou_kod || null,
				okresKod: row.okres_kod!,
				okresNazev: row.okres_nazev!,
				krajKod: row.kraj_kod!,
				typ: row.typ!,
			}
			tx.insert(obce).values(values).onConflictDoUpdate({ target: obce.kod, set: values }).run()
		}
		tx.insert(referenceData)
			.values({ name: 'territory', checksum })
			.onConflictDoUpdate({ target: referenceData.name, set: { checksum } })
			.run()
	})
	return true
}
