import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './auth.ts'
import { createdAt, id } from './columns.ts'
import { kraje, obce, orp } from './territory.ts'

export const ORGANISATION_KINDS = ['obec', 'kraj', 'nno', 'urad_prace', 'jina'] as const
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number]

export const organisations = sqliteTable(
	'organisations',
	{
		id: id(),
		name: text('name').notNull(),
		kind: text('kind', { enum: ORGANISATION_KINDS }).notNull(),
		/** Czech company id, 8 digits with a mod-11 check digit; optional, unique when present. */
		ico: text('ico').unique(),
		address: text('address'),
		contactEmail: text('contact_email'),
		contactPhone: text('contact_phone'),
		website: text('website'),
		description: text('description'),
		/** Where the organisation works: an ORP, else a kraj; an obec for the seat when known. */
		orpKod: text('orp_kod').references(() => orp.kod),
		krajKod: text('kraj_kod').references(() => kraje.kod),
		obecKod: text('obec_kod').references(() => obce.kod),
		createdAt: createdAt(),
	},
	(table) => [index('organisations_orp_idx').on(table.orpKod)],
)

export const organisationMembers = sqliteTable(
	'organisation_members',
	{
		organisationId: text('organisation_id')
			.notNull()
			.references(() => organisations.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** Free text, e.g. "klíčová pracovnice KMB". */
		position: text('position'),
		createdAt: createdAt(),
	},
	(table) => [
		primaryKey({ columns: [table.organisationId, table.userId] }),
		index('organisation_members_user_idx').on(table.userId),
	],
)
