import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'

// Czech territorial code lists (ČSÚ – Struktura území ČR, stav k 1. 1. 2025); see db/data/territory/README.md.
// Codes are identifiers and stay text.

export const kraje = sqliteTable('territory_kraje', {
	kod: text('kod').primaryKey(),
	nuts3: text('nuts3').notNull(),
	nazev: text('nazev').notNull(),
	vuscKod: text('vusc_kod').notNull(),
})

export const orp = sqliteTable(
	'territory_orp',
	{
		kod: text('kod').primaryKey(),
		nazev: text('nazev').notNull(),
		/** Lower case without diacritics, for searching. */
		nazevNorm: text('nazev_norm').notNull(),
		krajKod: text('kraj_kod')
			.notNull()
			.references(() => kraje.kod),
		ruianKod: text('ruian_kod').notNull(),
		sidloObecKod: text('sidlo_obec_kod').notNull(),
	},
	(table) => [index('territory_orp_kraj_idx').on(table.krajKod)],
)

export const obce = sqliteTable(
	'territory_obce',
	{
		kod: text('kod').primaryKey(),
		nazev: text('nazev').notNull(),
		nazevNorm: text('nazev_norm').notNull(),
		orpKod: text('orp_kod')
			.notNull()
			.references(() => orp.kod),
		pouKod: text('pou_kod'),
		okresKod: text('okres_kod').notNull(),
		okresNazev: text('okres_nazev').notNull(),
		krajKod: text('kraj_kod')
			.notNull()
			.references(() => kraje.kod),
		typ: text('typ').notNull(),
	},
	(table) => [
		index('territory_obce_orp_idx').on(table.orpKod),
		index('territory_obce_norm_idx').on(table.nazevNorm),
	],
)

/** Which version of the reference data is loaded, so a start can reload it when the files change. */
export const referenceData = sqliteTable('reference_data', {
	name: text('name').primaryKey(),
	checksum: text('checksum').notNull(),
})
