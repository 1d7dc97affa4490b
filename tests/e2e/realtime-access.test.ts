import { expect, onTestFinished, test } from 'vitest'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { connectClient } from '#tests/setup/realtime-client.ts'
import { waitFor } from '#tests/setup/realtime-fixtures.ts'
import {
	createGroupWithMembers,
	createUser,
	inServerDatabase,
	kolinColleagues,
	sharedServer,
} from './utils.ts'

// The production server as `npm start` runs it: a form submission that ends someone's rights
// reaches their open realtime socket (server/app.ts wires every change request to the engine's
// access re-check). No browser needed: the socket is the one a browser would open.

const { baseUrl, databaseFile } = sharedServer()

/** Signs in through the login form and returns the session cookie. */
async function signIn(email: string, password: string) {
	const response = await fetch(`${baseUrl}/login`, {
		method: 'POST',
		body: new URLSearchParams({ email, password, redirectTo: '/' }),
		redirect: 'manual',
	})
	expect(response.status).toBe(302)
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('sitovka_'))
	expect(cookie).toBeDefined()
	return cookie!.split(';')[0]!
}

async function setUp() {
	const { jana, petr } = kolinColleagues()
	const janaId = (await createUser(databaseFile, jana)).id
	const petrId = (await createUser(databaseFile, petr)).id
	const groupId = await createGroupWithMembers(
		databaseFile,
		{
			name: `Platforma KMB Kolín ${Date.now()}`,
			kind: 'platforma_kmb',
			scope: 'orp',
			orpKod: '2104',
		},
		janaId,
		[[petrId, 'member']],
	)
	const meetingId = await inServerDatabase(
		databaseFile,
		() =>
			createMeeting(
				groupId,
				{
					title: 'Pracovní skupina bydlení',
					startsAt: new Date('2026-12-16T09:00:00Z'),
					place: 'Městský úřad Kolín',
					visibility: 'members',
				},
				janaId,
			).id,
	)
	return { jana, petr, petrId, groupId, name: meetingMinutesDocumentName(meetingId) }
}

async function openMinutes(cookie: string, name: string) {
	const client = await connectClient(baseUrl, { cookie })
	onTestFinished(() => client.close())
	expect(await client.join(name)).toEqual({ ok: true, readOnly: false })
	return client
}

test('signing out closes the open editor of that session', async () => {
	const { petr, name } = await setUp()
	const cookie = await signIn(petr.email, petr.password)
	const client = await openMinutes(cookie, name)
	const response = await fetch(`${baseUrl}/logout`, {
		method: 'POST',
		headers: { cookie },
		body: new URLSearchParams(),
		redirect: 'manual',
	})
	expect(response.status).toBe(302)
	await waitFor(() => !client.socket.connected, { timeout: 1000 })
	expect(client.closedNotices).toContainEqual({ doc: name, reason: 'unauthorized' })
})

test('a member removed from the group loses the minutes they have open', async () => {
	const { jana, petr, petrId, groupId, name } = await setUp()
	const janaCookie = await signIn(jana.email, jana.password)
	const client = await openMinutes(await signIn(petr.email, petr.password), name)
	const response = await fetch(`${baseUrl}/groups/${groupId}`, {
		method: 'POST',
		headers: { cookie: janaCookie },
		body: new URLSearchParams({ intent: 'removeMember', userId: petrId }),
		redirect: 'manual',
	})
	expect(response.status).toBeLessThan(400)
	await waitFor(() => client.doc(name).lastJoin?.ok === false, { timeout: 1000 })
	expect(client.doc(name).lastJoin).toEqual({ ok: false, error: 'not_found' })
	expect(client.closedNotices).toContainEqual({ doc: name, reason: 'access_changed' })
})
