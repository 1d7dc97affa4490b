import { and, eq, notInArray, sql, type SQL } from 'drizzle-orm'
import {
	findKraj,
	findOrp,
	listOrpOptions,
	type OrpOptionGroup,
} from '#app/territory/territory.server.ts'
import { normalizeForSearch } from '#app/utils/normalize.ts'
import { getDb } from '#db/client.ts'
import {
	kraje,
	obce,
	orp,
	organisationMembers,
	organisations,
	users,
	type OrganisationKind,
} from '#db/schema.ts'
import type { OrganisationInput } from './organisation.schema.ts'

/** Czech alphabetical order ("Č" after "C", not after "Z" as SQLite's binary order has it). */
const collator = new Intl.Collator('cs', { sensitivity: 'base' })
const byLabel =
	<T>(key: (row: T) => string) =>
	(a: T, b: T) =>
		collator.compare(key(a), key(b))

export type OrganisationFilters = {
	/** Words matched in name, address and IČO, ignoring case and diacritics. */
	q?: string
	kind?: OrganisationKind
	orpKod?: string
}

/**
 * Organisations for the list page, in Czech alphabetical order. Kind and ORP filter in SQL; the
 * text search runs here on the normalised name, because organisations have no normalised column
 * and a network has hundreds of them at most. Every word of the query must match.
 */
export function listOrganisations(filters: OrganisationFilters = {}) {
	const conditions: SQL[] = []
	if (filters.kind) conditions.push(eq(organisations.kind, filters.kind))
	if (filters.orpKod) conditions.push(eq(organisations.orpKod, filters.orpKod))
	const rows = getDb()
		.select({
			id: organisations.id,
			name: organisations.name,
			kind: organisations.kind,
			ico: organisations.ico,
			address: organisations.address,
			orpKod: organisations.orpKod,
			orpNazev: orp.nazev,
			krajNazev: kraje.nazev,
			memberCount: sql<number>`(select count(*) from ${organisationMembers} where ${organisationMembers.organisationId} = ${organisations.id})`,
		})
		.from(organisations)
		.leftJoin(orp, eq(orp.kod, organisations.orpKod))
		.leftJoin(kraje, eq(kraje.kod, organisations.krajKod))
		.where(conditions.length ? and(...conditions) : undefined)
		.all()
	const words = normalizeForSearch(filters.q ?? '')
		.split(' ')
		.filter(Boolean)
	const found = words.length
		? rows.filter((row) => {
				const haystack = normalizeForSearch(`${row.name} ${row.address ?? ''} ${row.ico ?? ''}`)
				return words.every((word) => haystack.includes(word))
			})
		: rows
	return found.sort(byLabel((row) => row.name))
}

/** One organisation with the names of its territory, or null. */
export function getOrganisation(id: string) {
	return (
		getDb()
			.select({
				id: organisations.id,
				name: organisations.name,
				kind: organisations.kind,
				ico: organisations.ico,
				address: organisations.address,
				contactEmail: organisations.contactEmail,
				contactPhone: organisations.contactPhone,
				website: organisations.website,
				description: organisations.description,
				orpKod: organisations.orpKod,
				orpNazev: orp.nazev,
				krajKod: organisations.krajKod,
				krajNazev: kraje.nazev,
				obecKod: organisations.obecKod,
				obecNazev: obce.nazev,
			})
			.from(organisations)
			.leftJoin(orp, eq(orp.kod, organisations.orpKod))
			.leftJoin(kraje, eq(kraje.kod, organisations.krajKod))
			.leftJoin(obce, eq(obce.kod, organisations.obecKod))
			.where(eq(organisations.id, id))
			.get() ?? null
	)
}

export function organisationExists(id: string) {
	return Boolean(
		getDb()
			.select({ id: organisations.id })
			.from(organisations)
			.where(eq(organisations.id, id))
			.get(),
	)
}

/** The organisation that already has this IČO (other than `exceptId`), or null. */
export function findOrganisationByIco(ico: string, exceptId?: string) {
	const row = getDb()
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(eq(organisations.ico, ico))
		.get()
	return row && row.id !== exceptId ? row : null
}

export type OrganisationFieldErrors = Partial<Record<'ico' | 'orpKod' | 'krajKod', string[]>>

type SaveResult = { ok: true; id: string } | { ok: false; fieldErrors: OrganisationFieldErrors }

/**
 * Column values from the form. An ORP decides the kraj (it lies in exactly one); the kraj field
 * counts only for organisations working across a whole kraj. Unknown codes are field errors.
 */
function toColumns(input: OrganisationInput): {
	values?: Omit<typeof organisations.$inferInsert, 'id' | 'createdAt' | 'obecKod'>
	fieldErrors?: OrganisationFieldErrors
} {
	let krajKod = input.krajKod ?? null
	if (input.orpKod) {
		const found = findOrp(input.orpKod)
		if (!found) return { fieldErrors: { orpKod: ['error.invalidChoice'] } }
		krajKod = found.krajKod
	} else if (krajKod && !findKraj(krajKod)) {
		return { fieldErrors: { krajKod: ['error.invalidChoice'] } }
	}
	return {
		values: {
			name: input.name,
			kind: input.kind,
			ico: input.ico ?? null,
			address: input.address ?? null,
			contactEmail: input.contactEmail ?? null,
			contactPhone: input.contactPhone ?? null,
			website: input.website ?? null,
			description: input.description ?? null,
			orpKod: input.orpKod ?? null,
			krajKod,
		},
	}
}

const DUPLICATE_ICO: OrganisationFieldErrors = { ico: ['organisations.ico.duplicate'] }

function isIcoConstraintError(error: unknown) {
	return (
		error instanceof Error && /UNIQUE constraint failed: organisations\.ico/.test(error.message)
	)
}

/** Creates an organisation; a taken IČO or unknown territory comes back as field errors. */
export function createOrganisation(input: OrganisationInput): SaveResult {
	if (input.ico && findOrganisationByIco(input.ico))
		return { ok: false, fieldErrors: DUPLICATE_ICO }
	const { values, fieldErrors } = toColumns(input)
	if (!values) return { ok: false, fieldErrors: fieldErrors ?? {} }
	try {
		const row = getDb()
			.insert(organisations)
			.values(values)
			.returning({ id: organisations.id })
			.get()
		return { ok: true, id: row.id }
	} catch (error) {
		// Someone else may have saved the same IČO between the check and the insert.
		if (isIcoConstraintError(error)) return { ok: false, fieldErrors: DUPLICATE_ICO }
		throw error
	}
}

/** Updates every field of the form; the seat municipality (obecKod) is kept. */
export function updateOrganisation(id: string, input: OrganisationInput): SaveResult {
	if (input.ico && findOrganisationByIco(input.ico, id)) {
		return { ok: false, fieldErrors: DUPLICATE_ICO }
	}
	const { values, fieldErrors } = toColumns(input)
	if (!values) return { ok: false, fieldErrors: fieldErrors ?? {} }
	try {
		getDb().update(organisations).set(values).where(eq(organisations.id, id)).run()
		return { ok: true, id }
	} catch (error) {
		if (isIcoConstraintError(error)) return { ok: false, fieldErrors: DUPLICATE_ICO }
		throw error
	}
}

/** People in an organisation with their position, alphabetically. */
export function listMembers(organisationId: string) {
	return getDb()
		.select({
			userId: users.id,
			name: users.name,
			email: users.email,
			position: organisationMembers.position,
		})
		.from(organisationMembers)
		.innerJoin(users, eq(users.id, organisationMembers.userId))
		.where(eq(organisationMembers.organisationId, organisationId))
		.all()
		.sort(byLabel((row) => row.name))
}

/** Users who can still be added to the organisation, for the "add member" select. */
export function listUsersNotInOrganisation(organisationId: string) {
	const db = getDb()
	const members = db
		.select({ userId: organisationMembers.userId })
		.from(organisationMembers)
		.where(eq(organisationMembers.organisationId, organisationId))
	return db
		.select({ id: users.id, name: users.name, email: users.email })
		.from(users)
		.where(notInArray(users.id, members))
		.all()
		.sort(byLabel((row) => row.name))
}

export type AddMemberResult = 'added' | 'updated' | 'unknownUser'

/**
 * Adds an existing user to an organisation. Adding someone who is already a member changes
 * their position instead, so the admin never meets an error for it.
 */
export function addMember(input: {
	organisationId: string
	userId: string
	position?: string | null
}): AddMemberResult {
	const db = getDb()
	const user = db.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).get()
	if (!user) return 'unknownUser'
	const position = input.position?.trim() || null
	return db.transaction((tx) => {
		const existing = tx
			.select({ userId: organisationMembers.userId })
			.from(organisationMembers)
			.where(
				and(
					eq(organisationMembers.organisationId, input.organisationId),
					eq(organisationMembers.userId, input.userId),
				),
			)
			.get()
		if (existing) {
			tx.update(organisationMembers)
				.set({ position })
				.where(
					and(
						eq(organisationMembers.organisationId, input.organisationId),
						eq(organisationMembers.userId, input.userId),
					),
				)
				.run()
			return 'updated'
		}
		tx.insert(organisationMembers)
			.values({ organisationId: input.organisationId, userId: input.userId, position })
			.run()
		return 'added'
	})
}

/** Removes a membership; true when there was one. */
export function removeMember(organisationId: string, userId: string) {
	const result = getDb()
		.delete(organisationMembers)
		.where(
			and(
				eq(organisationMembers.organisationId, organisationId),
				eq(organisationMembers.userId, userId),
			),
		)
		.run()
	return result.changes > 0
}

/** The organisations a person belongs to, with their position in each. */
export function listUserOrganisations(userId: string) {
	return getDb()
		.select({
			id: organisations.id,
			name: organisations.name,
			kind: organisations.kind,
			position: organisationMembers.position,
		})
		.from(organisationMembers)
		.innerJoin(organisations, eq(organisations.id, organisationMembers.organisationId))
		.where(eq(organisationMembers.userId, userId))
		.all()
		.sort(byLabel((row) => row.name))
}

/**
 * ORP options for the list filter: only ORPs that have an organisation (plus the selected one,
 * e.g. when arriving from a territory page), grouped by kraj like `listOrpOptions`.
 */
export function listOrpFilterOptions(selected?: string): OrpOptionGroup[] {
	const used = new Set(
		getDb()
			.selectDistinct({ kod: organisations.orpKod })
			.from(organisations)
			.all()
			.map((row) => row.kod),
	)
	if (selected) used.add(selected)
	return listOrpOptions()
		.map((group) => ({ ...group, orp: group.orp.filter((option) => used.has(option.kod)) }))
		.filter((group) => group.orp.length > 0)
}
