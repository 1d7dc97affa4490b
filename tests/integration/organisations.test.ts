import { beforeAll, describe, expect, test } from 'vitest'
import {
	addMember,
	createOrganisation,
	getOrganisation,
	listMembers,
	listOrganisations,
	listUserOrganisations,
} from '#app/organisations/organisations.server.ts'
import {
	action as detailAction,
	loader as detailLoader,
} from '#app/routes/organisations.$organisationId.tsx'
import { action as editAction } from '#app/routes/organisations.$organisationId_.edit.tsx'
import { loader as listLoader } from '#app/routes/organisations._index.tsx'
import { action as newAction, loader as newLoader } from '#app/routes/organisations.new.tsx'
import {
	get,
	location,
	person,
	type Person,
	post,
	reply,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'

/** ORP Liberec in ČSÚ's code list; it lies in Liberecký kraj (3077). */
const ORP_LIBEREC = '5105'

const nadeje = {
	name: 'Naděje, o. p. s. – pobočka Liberec',
	kind: 'nno',
	ico: '00570931',
	address: 'Palachova 504/7, 460 01 Liberec',
	contactEmail: 'Liberec@Nadeje.cz',
	contactPhone: '+420 485 243 111',
	website: 'www.nadeje.cz',
	orpKod: ORP_LIBEREC,
	description: 'Terénní práce, azylový dům a poradenství v bydlení.',
}

let admin: Person
let worker: Person
let colleague: Person

beforeAll(async () => {
	admin = await person('spravce@sitovka.cz', 'Správce Síťovky', true)
	worker = await person('jana.novakova@liberec.cz', 'Jana Nováková')
	colleague = await person('petr.dvorak@nadeje.cz', 'Petr Dvořák')
})

/** Naděje Liberec, as an administrator would have saved it through the form. */
function createNadeje() {
	const created = createOrganisation({
		...nadeje,
		kind: 'nno',
		contactEmail: 'liberec@nadeje.cz',
	})
	if (!created.ok) throw new Error('setup failed')
	return created.id
}

describe('creating an organisation', () => {
	test('an administrator creates an organisation through the form', async () => {
		const result = await newAction({
			request: post('/organisations/new', admin, { ...nadeje, ico: '0057 0931' }),
			params: {},
			context,
		})
		const target = location(result)
		expect(target).toMatch(/^\/organisations\/[a-z2-7]{16}\?notice=notice\.organisationCreated$/)
		const nadejeId = target.split('/')[2]!.split('?')[0]!
		const saved = getOrganisation(nadejeId)
		expect(saved).toMatchObject({
			name: 'Naděje, o. p. s. – pobočka Liberec',
			kind: 'nno',
			ico: '00570931',
			contactEmail: 'liberec@nadeje.cz',
			website: 'https://www.nadeje.cz',
			orpKod: ORP_LIBEREC,
			orpNazev: 'Liberec',
			// The kraj follows from the ORP.
			krajKod: '3077',
			krajNazev: 'Liberecký kraj',
		})
	})

	test('an invalid IČO is a field error and every other typed value comes back', async () => {
		const result = await newAction({
			request: post('/organisations/new', admin, {
				...nadeje,
				name: 'Centrum pro rodinu',
				ico: '12345678',
			}),
			params: {},
			context,
		})
		const { error, initialValue } = reply(result)
		expect(error).toEqual({ ico: ['organisations.ico.invalid'] })
		expect(initialValue).toMatchObject({
			name: 'Centrum pro rodinu',
			kind: 'nno',
			ico: '12345678',
			address: 'Palachova 504/7, 460 01 Liberec',
			contactEmail: 'Liberec@Nadeje.cz',
			contactPhone: '+420 485 243 111',
			website: 'www.nadeje.cz',
			orpKod: ORP_LIBEREC,
			description: 'Terénní práce, azylový dům a poradenství v bydlení.',
		})
		expect(listOrganisations({ q: 'centrum pro rodinu' })).toHaveLength(0)
	})

	test('an IČO another organisation already has is a field error', async () => {
		createNadeje()
		const result = await newAction({
			request: post('/organisations/new', admin, {
				...nadeje,
				name: 'Naděje – druhý záznam',
				ico: '570931',
			}),
			params: {},
			context,
		})
		const { error, initialValue } = reply(result)
		expect(error).toEqual({ ico: ['organisations.ico.duplicate'] })
		expect(initialValue).toMatchObject({ name: 'Naděje – druhý záznam', ico: '570931' })
		expect(listOrganisations({ q: 'druhy zaznam' })).toHaveLength(0)
	})

	test('editing keeps the own IČO but refuses another organisation’s', async () => {
		const nadejeId = createNadeje()
		const other = createOrganisation({
			name: 'Statutární město Liberec',
			kind: 'obec',
			ico: '00262978',
			orpKod: ORP_LIBEREC,
		})
		expect(other.ok).toBe(true)
		const path = `/organisations/${nadejeId}/edit`
		const same = await editAction({
			request: post(path, admin, { ...nadeje, contactPhone: '485 243 112' }),
			params: { organisationId: nadejeId },
			context,
		})
		expect(location(same)).toBe(`/organisations/${nadejeId}?notice=notice.organisationUpdated`)
		expect(getOrganisation(nadejeId)?.contactPhone).toBe('485 243 112')

		const taken = await editAction({
			request: post(path, admin, { ...nadeje, ico: '00262978' }),
			params: { organisationId: nadejeId },
			context,
		})
		expect(reply(taken).error).toEqual({ ico: ['organisations.ico.duplicate'] })
		expect(getOrganisation(nadejeId)?.ico).toBe('00570931')
	})

	test('a person who is not an administrator gets 403 and nothing is saved', async () => {
		const nadejeId = createNadeje()
		const response = await thrown(
			newAction({
				request: post('/organisations/new', worker, {
					...nadeje,
					name: 'Cizí organizace',
					ico: '',
				}),
				params: {},
				context,
			}),
		)
		expect(response).toBeInstanceOf(Response)
		expect((response as Response).status).toBe(403)
		expect(listOrganisations({ q: 'cizi organizace' })).toHaveLength(0)

		const page = await thrown(
			newLoader({ request: get('/organisations/new', worker), params: {}, context }),
		)
		expect((page as Response).status).toBe(403)
		const edit = await thrown(
			editAction({
				request: post(`/organisations/${nadejeId}/edit`, worker, {
					...nadeje,
					name: 'Přejmenováno',
				}),
				params: { organisationId: nadejeId },
				context,
			}),
		)
		expect((edit as Response).status).toBe(403)
		expect(getOrganisation(nadejeId)?.name).toBe(nadeje.name)
	})
})

describe('members', () => {
	let organisationId: string
	const path = () => `/organisations/${organisationId}`

	beforeAll(() => {
		const created = createOrganisation({
			name: 'Kontaktní místo pro bydlení Liberec',
			kind: 'obec',
			orpKod: ORP_LIBEREC,
		})
		if (!created.ok) throw new Error('setup failed')
		organisationId = created.id
		// Jana already works there.
		addMember({ organisationId, userId: worker.id, position: 'klíčová pracovnice KMB' })
	})

	test('an administrator adds an existing user with a position', async () => {
		const result = await detailAction({
			request: post(path(), admin, {
				intent: 'addMember',
				userId: colleague.id,
				position: 'sociální pracovník',
			}),
			params: { organisationId },
			context,
		})
		expect(location(result)).toBe(`${path()}?notice=notice.organisationMemberAdded`)
		expect(listMembers(organisationId)).toContainEqual({
			userId: colleague.id,
			name: 'Petr Dvořák',
			email: 'petr.dvorak@nadeje.cz',
			position: 'sociální pracovník',
		})
		expect(listUserOrganisations(colleague.id)).toEqual([
			{
				id: organisationId,
				name: 'Kontaktní místo pro bydlení Liberec',
				kind: 'obec',
				position: 'sociální pracovník',
			},
		])
	})

	test('any signed-in user sees the members; only admins get the people to add', async () => {
		const asWorker = await detailLoader({
			request: get(path(), worker),
			params: { organisationId },
			context,
		})
		expect(asWorker.canManage).toBe(false)
		expect(asWorker.candidates).toEqual([])
		expect(asWorker.members.map((m) => m.name)).toEqual(['Jana Nováková'])

		const asAdmin = await detailLoader({
			request: get(path(), admin),
			params: { organisationId },
			context,
		})
		expect(asAdmin.canManage).toBe(true)
		expect(asAdmin.candidates.map((c) => c.email).sort()).toEqual([
			'petr.dvorak@nadeje.cz',
			'spravce@sitovka.cz',
		])
	})

	test('adding without choosing a person is a field error', async () => {
		const result = await detailAction({
			request: post(path(), admin, { intent: 'addMember', userId: '', position: 'vedoucí' }),
			params: { organisationId },
			context,
		})
		const { error, initialValue } = reply(result)
		expect(error).toEqual({ userId: ['organisations.members.userRequired'] })
		expect(initialValue).toMatchObject({ position: 'vedoucí' })
	})

	test('adding someone again changes their position', async () => {
		const result = await detailAction({
			request: post(path(), admin, {
				intent: 'addMember',
				userId: worker.id,
				position: 'vedoucí KMB',
			}),
			params: { organisationId },
			context,
		})
		expect(location(result)).toBe(`${path()}?notice=notice.organisationMemberUpdated`)
		expect(listMembers(organisationId).map((m) => m.position)).toEqual(['vedoucí KMB'])
	})

	/** Jana joins the labour office too, through the form. */
	async function addToLabourOffice() {
		const other = createOrganisation({ name: 'Úřad práce ČR – KoP Liberec', kind: 'urad_prace' })
		if (!other.ok) throw new Error('setup failed')
		await detailAction({
			request: post(`/organisations/${other.id}`, admin, {
				intent: 'addMember',
				userId: worker.id,
			}),
			params: { organisationId: other.id },
			context,
		})
	}

	test('a person can belong to several organisations', async () => {
		await addToLabourOffice()
		expect(listUserOrganisations(worker.id).map((o) => [o.name, o.position])).toEqual([
			['Kontaktní místo pro bydlení Liberec', 'klíčová pracovnice KMB'],
			['Úřad práce ČR – KoP Liberec', null],
		])
	})

	test('a non-administrator cannot add or remove members', async () => {
		for (const fields of [
			{ intent: 'addMember', userId: colleague.id },
			{ intent: 'removeMember', userId: worker.id },
		]) {
			const response = await thrown(
				detailAction({
					request: post(path(), worker, fields),
					params: { organisationId },
					context,
				}),
			)
			expect((response as Response).status).toBe(403)
		}
		expect(listMembers(organisationId).map((m) => m.userId)).toEqual([worker.id])
	})

	test('an administrator removes a member', async () => {
		await addToLabourOffice()
		const result = await detailAction({
			request: post(path(), admin, { intent: 'removeMember', userId: worker.id }),
			params: { organisationId },
			context,
		})
		expect(location(result)).toBe(`${path()}?notice=notice.organisationMemberRemoved`)
		expect(listMembers(organisationId)).toEqual([])
		expect(listUserOrganisations(worker.id).map((o) => o.name)).toEqual([
			'Úřad práce ČR – KoP Liberec',
		])
	})

	test('an unknown organisation is 404', async () => {
		const response = await thrown(
			detailLoader({
				request: get('/organisations/nic', worker),
				params: { organisationId: 'nic' },
				context,
			}),
		)
		expect((response as Response).status).toBe(404)
	})
})

describe('searching', () => {
	beforeAll(() => {
		createNadeje()
		createOrganisation({
			name: 'Kontaktní místo pro bydlení Liberec',
			kind: 'obec',
			orpKod: ORP_LIBEREC,
		})
		createOrganisation({
			name: 'Statutární město Liberec',
			kind: 'obec',
			ico: '00262978',
			orpKod: ORP_LIBEREC,
		})
		createOrganisation({ name: 'Naděje Plzeň', kind: 'nno', address: 'Žižkova 1, Plzeň' })
		createOrganisation({ name: 'Člověk v tísni, o. p. s.', kind: 'nno' })
		createOrganisation({ name: 'Krajský úřad Libereckého kraje', kind: 'kraj', krajKod: '3077' })
	})

	test('"nadeje" finds "Naděje" without diacritics or capitals', async () => {
		const data = await listLoader({
			request: get('/organisations?q=nadeje', worker),
			params: {},
			context,
		})
		expect(data.filtered).toBe(true)
		expect(data.organisations.map((o) => o.name)).toEqual([
			'Naděje Plzeň',
			'Naděje, o. p. s. – pobočka Liberec',
		])
	})

	test('every word must match, in name or address', () => {
		expect(listOrganisations({ q: 'NADĚJE zizkova' }).map((o) => o.name)).toEqual(['Naděje Plzeň'])
		expect(listOrganisations({ q: 'clovek tisni' }).map((o) => o.name)).toEqual([
			'Člověk v tísni, o. p. s.',
		])
	})

	test('filters by kind and by ORP; unknown filter values are ignored', async () => {
		const byKind = await listLoader({
			request: get('/organisations?kind=kraj', worker),
			params: {},
			context,
		})
		expect(byKind.organisations.map((o) => o.name)).toEqual(['Krajský úřad Libereckého kraje'])

		const byOrp = await listLoader({
			request: get(`/organisations?orp=${ORP_LIBEREC}&q=liberec`, worker),
			params: {},
			context,
		})
		expect(byOrp.organisations.map((o) => o.name)).toEqual([
			'Kontaktní místo pro bydlení Liberec',
			'Naděje, o. p. s. – pobočka Liberec',
			'Statutární město Liberec',
		])
		// Only ORPs with organisations are offered in the filter.
		expect(byOrp.orpOptions.flatMap((group) => group.orp.map((o) => o.kod))).toEqual([ORP_LIBEREC])

		const junk = await listLoader({
			request: get('/organisations?kind=xyz', worker),
			params: {},
			context,
		})
		expect(junk.filtered).toBe(false)
		expect(junk.organisations.length).toBe(listOrganisations().length)
	})

	test('the list sorts in Czech alphabetical order (Č after C, before D)', () => {
		const names = listOrganisations({ kind: 'nno' }).map((o) => o.name)
		expect(names).toEqual([
			'Člověk v tísni, o. p. s.',
			'Naděje Plzeň',
			'Naděje, o. p. s. – pobočka Liberec',
		])
	})
})
