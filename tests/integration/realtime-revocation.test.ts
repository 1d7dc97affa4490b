import http from 'node:http'
import { and, eq } from 'drizzle-orm'
import express from 'express'
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import * as Y from 'yjs'
import {
	createSession,
	invalidateOtherSessions,
	invalidateSession,
} from '#app/auth/session.server.ts'
import {
	addGroupMember,
	changeGroupMemberRole,
	createGroup,
	removeGroupMember,
} from '#app/groups/groups.server.ts'
import { createMeeting, markMeetingHeld } from '#app/meetings/meetings.server.ts'
import { addGroupMembers } from '#app/meetings/participants.server.ts'
import { meetingMinutesDocumentName, MINUTES_FIELD, minutesText } from '#app/minutes/minutes-doc.ts'
import { loadStoredState } from '#app/minutes/versions.server.ts'
import { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getDb, openDatabase } from '#db/client.ts'
import { groupMembers, meetings } from '#db/schema.ts'
import { createAppRealtime } from '#server/live-documents.ts'
import { encodeUpdate } from '#server/realtime/protocol.ts'
import { connectClient, type TestClient } from '#tests/setup/realtime-client.ts'
import { testLogger, waitFor } from '#tests/setup/realtime-fixtures.ts'
import { KOLIN_GROUP, network } from '#tests/setup/network-fixture.ts'
import { type Person, person, post, routeContext } from '#tests/setup/route-helpers.ts'

// An open editor must not keep rights that ended. Each change below happens inside a POST
// request to a server composed as server/app.ts composes it (the realtime engine plus its
// `recheckAfterChanges` middleware); the open socket must lose its rights within a second:
// a later edit is refused and never stored.

let convenor: Person
let member: Person
let observer: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, member, observer, groupId } = await network({
		roles: ['convenor', 'member', 'observer'],
	}))
})

/**
 * The app's realtime engine on an Express server with the middleware server/app.ts uses;
 * `POST /change` runs the test's change as a route action would.
 */
async function startServer() {
	const app = express()
	let change: () => unknown = () => undefined
	const httpServer = http.createServer(app)
	const realtime = createAppRealtime({ httpServer, logger: testLogger(), db: getDb() })
	app.use((req, res, next) => realtime.recheckAfterChanges(req, res, next))
	app.post('/change', async (_req, res) => {
		await change()
		res.status(204).end()
	})
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))
	const address = httpServer.address()
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
	onTestFinished(async () => {
		await realtime.close()
		await new Promise<void>((resolve) => {
			httpServer.close(() => resolve())
			httpServer.closeAllConnections()
		})
	})
	return {
		url,
		/** Runs `run` inside a POST request, as a form submission runs an action. */
		async submit(run: () => unknown) {
			change = run
			const response = await fetch(`${url}/change`, { method: 'POST' })
			expect(response.status).toBe(204)
		},
	}
}

let meetingCount = 0
function newMeeting(visibility: 'public' | 'members' | 'confidential' = 'members') {
	return createMeeting(
		groupId,
		{
			title: `Případová práce v bydlení ${++meetingCount}`,
			startsAt: new Date('2026-12-10T09:00:00Z'),
			place: 'Městský úřad Kolín, zasedací místnost 2',
			visibility,
		},
		convenor.id,
	).id
}

async function openMinutes(url: string, who: { cookie: string }, meetingId: string) {
	const client = await connectClient(url, { cookie: who.cookie })
	onTestFinished(() => client.close())
	const name = meetingMinutesDocumentName(meetingId)
	expect(await client.join(name)).toMatchObject({ ok: true, readOnly: false })
	await waitFor(() => client.doc(name).synced)
	return { client, name }
}

/** A new member of the group with a new meeting's minutes open for writing. */
async function newMemberEditing() {
	const server = await startServer()
	const meetingId = newMeeting()
	const petr = await person(`petr.${++meetingCount}@charita-kolin.cz`, 'Petr Malý')
	addGroupMember(groupId, petr.id, 'member')
	return { server, meetingId, petr, ...(await openMinutes(server.url, petr, meetingId)) }
}

/** A paragraph as a raw update, sent whatever the client believes about its rights. */
function paragraphUpdate(text: string) {
	const doc = new Y.Doc()
	const paragraph = new Y.XmlElement('paragraph')
	paragraph.insert(0, [new Y.XmlText(text)])
	doc.getXmlFragment(MINUTES_FIELD).push([paragraph])
	const update = Y.encodeStateAsUpdate(doc)
	doc.destroy()
	return encodeUpdate(update)
}

async function storedText(meetingId: string) {
	const doc = new Y.Doc()
	Y.applyUpdate(doc, await loadStoredState(meetingMinutesDocumentName(meetingId)))
	const text = minutesText(doc)
	doc.destroy()
	return text
}

/** The socket writes before the change (stored), and after it is refused (not stored). */
async function expectWriteEnds(
	client: TestClient,
	name: string,
	meetingId: string,
	change: () => Promise<unknown>,
	after: { rejoin: 'read' | 'none' | 'disconnected'; within?: number },
) {
	// Within a second of the change: the re-check is debounced by 20 ms and takes microseconds per
	// socket, so a second is generous even on a loaded CI machine.
	const timeout = after.within ?? 1000
	expect(await client.send(name, paragraphUpdate('Před změnou práv'))).toEqual({ ok: true })
	await change()
	if (after.rejoin === 'disconnected') {
		await waitFor(() => !client.socket.connected, { timeout })
	} else if (after.rejoin === 'read') {
		await waitFor(() => client.doc(name).joined && client.doc(name).readOnly, { timeout })
	} else {
		await waitFor(() => client.doc(name).lastJoin?.ok === false, { timeout })
		expect(client.doc(name).lastJoin).toEqual({ ok: false, error: 'not_found' })
	}
	if (client.socket.connected) {
		const ack = await client.send(name, paragraphUpdate('Po změně práv'))
		expect(ack.ok).toBe(false)
	}
	const text = await storedText(meetingId)
	expect(text).toContain('Před změnou práv')
	expect(text).not.toContain('Po změně práv')
}

describe('an open socket loses rights that end, on every change path', () => {
	test('logout ends the socket of that session', async () => {
		const server = await startServer()
		const jana = await person(`jana.${++meetingCount}@mesto-kolin.cz`, 'Jana Nová')
		const { client, name } = await openMinutes(server.url, jana, newMeetingFor(jana))
		const sessionId = jana.cookie.split('=')[1]!.split('.')[0]!
		await expectWriteEnds(
			client,
			name,
			meetingOf(name),
			() => server.submit(() => invalidateSession(sessionId)),
			{ rejoin: 'disconnected' },
		)
		expect(client.closedNotices).toContainEqual({ doc: name, reason: 'unauthorized' })
		// It cannot come back with the ended session.
		await expect(connectClient(server.url, { cookie: jana.cookie })).rejects.toThrow('unauthorized')
	})

	test('"Odhlásit ostatní zařízení" ends the other devices’ sockets, not this one', async () => {
		const server = await startServer()
		const jana = await person(`jana.${++meetingCount}@mesto-kolin.cz`, 'Jana Nová')
		const meetingId = newMeetingFor(jana)
		const phone = await openMinutes(server.url, jana, meetingId)
		const laptopSession = createSession(jana.id)
		const laptop = await openMinutes(
			server.url,
			{ cookie: `sitovka_session=${laptopSession.token}` },
			meetingId,
		)
		await expectWriteEnds(
			phone.client,
			phone.name,
			meetingId,
			() => server.submit(() => invalidateOtherSessions(jana.id, laptopSession.id)),
			{ rejoin: 'disconnected' },
		)
		expect(laptop.client.socket.connected).toBe(true)
		expect(await laptop.client.send(laptop.name, paragraphUpdate('Z notebooku'))).toEqual({
			ok: true,
		})
	})

	test('removing a member from the group', async () => {
		const { server, meetingId, petr, client, name } = await newMemberEditing()
		await expectWriteEnds(
			client,
			name,
			meetingId,
			() => server.submit(() => removeGroupMember(groupId, petr.id)),
			{ rejoin: 'none' },
		)
		expect(client.closedNotices).toContainEqual({ doc: name, reason: 'access_changed' })
	})

	test('changing a member into an observer', async () => {
		const { server, meetingId, petr, client, name } = await newMemberEditing()
		await expectWriteEnds(
			client,
			name,
			meetingId,
			() => server.submit(() => changeGroupMemberRole(groupId, petr.id, 'observer')),
			{ rejoin: 'read' },
		)
	})

	test('making a meeting confidential shuts out members who are not invited', async () => {
		const server = await startServer()
		const meetingId = newMeeting('members')
		const { client, name } = await openMinutes(server.url, member, meetingId)
		await expectWriteEnds(
			client,
			name,
			meetingId,
			() =>
				server.submit(() =>
					getDb()
						.update(meetings)
						.set({ visibility: 'confidential' })
						.where(eq(meetings.id, meetingId))
						.run(),
				),
			{ rejoin: 'none' },
		)
		// Once invited, joining again (e.g. reloading the page) gives write access back.
		await server.submit(() => addGroupMembers(meetingId, groupId, [member.id]))
		expect(await client.join(name)).toEqual({ ok: true, readOnly: false })
	})

	test('approving the minutes turns writers into readers', async () => {
		const server = await startServer()
		const meetingId = newMeeting()
		markMeetingHeld(meetingId)
		const { client, name } = await openMinutes(server.url, member, meetingId)
		await expectWriteEnds(
			client,
			name,
			meetingId,
			() =>
				server.submit(async () => {
					const result = await lifecycleAction({
						request: post(`/meetings/${meetingId}/minutes-lifecycle`, convenor, {
							intent: 'approve',
						}),
						params: { meetingId },
						context: routeContext,
					})
					expect(result).toBeInstanceOf(Response)
				}),
			{ rejoin: 'read' },
		)
	})

	test('when the comments deadline passes, only the managers write', async () => {
		const server = await startServer()
		const meetingId = newMeeting()
		markMeetingHeld(meetingId)
		// Comments close 1.5 s from now; nothing else happens: the engine re-checks on its own.
		getDb()
			.update(meetings)
			.set({ minutesState: 'comments', commentsUntil: new Date(Date.now() + 1500) })
			.where(eq(meetings.id, meetingId))
			.run()
		const { client, name } = await openMinutes(server.url, member, meetingId)
		const jana = await openMinutes(server.url, convenor, meetingId)
		await expectWriteEnds(
			client,
			name,
			meetingId,
			() => waitFor(() => client.closedNotices.length > 0),
			{ rejoin: 'read' },
		)
		expect(jana.client.doc(name).readOnly).toBe(false)
		expect(await jana.client.send(name, paragraphUpdate('Konečné znění'))).toEqual({ ok: true })
	})

	test('a change made by another process (the command line) reaches the socket too', async () => {
		const { meetingId, petr, client, name } = await newMemberEditing()
		await expectWriteEnds(
			client,
			name,
			meetingId,
			async () => {
				// A second connection to the same file, as `npm run sitovka` opens it.
				const other = openDatabase(getEnv().databasePath)
				try {
					other
						.delete(groupMembers)
						.where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, petr.id)))
						.run()
				} finally {
					other.$client.close()
				}
			},
			// The database is asked every 250 ms whether another process wrote to it.
			{ rejoin: 'none', within: 2000 },
		)
	})

	test('an observer who cannot write is not disturbed by unrelated changes', async () => {
		const server = await startServer()
		const meetingId = newMeeting()
		const name = meetingMinutesDocumentName(meetingId)
		const client = await connectClient(server.url, { cookie: observer.cookie })
		onTestFinished(() => client.close())
		expect(await client.join(name)).toMatchObject({ ok: true, readOnly: true })
		await server.submit(() => newMeeting())
		await server.submit(() => undefined)
		expect(client.closedNotices).toEqual([])
		expect(client.doc(name).joined).toBe(true)
	})
})

/** A meeting of a fresh group convened by `who` (so its access is theirs alone). */
function newMeetingFor(who: Person) {
	const group = createGroup({ ...KOLIN_GROUP, name: `Skupina ${++meetingCount}` }, who.id)
	return createMeeting(
		group.id,
		{
			title: 'Pracovní skupina bydlení',
			startsAt: new Date('2026-12-10T09:00:00Z'),
			place: 'Kolín',
			visibility: 'members',
		},
		who.id,
	).id
}

const meetingOf = (name: string) => name.split(':')[1]!
