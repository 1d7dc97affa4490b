import { beforeAll, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createMeeting, markMeetingHeld } from '#app/meetings/meetings.server.ts'
import { meetingMinutesDocumentName } from '#app/minutes/minutes-doc.ts'
import { listVersions } from '#app/minutes/versions.server.ts'
import { action as lifecycleAction } from '#app/routes/meetings.$meetingId_.minutes-lifecycle.ts'
import {
	action as versionAction,
	loader as versionLoader,
} from '#app/routes/meetings.$meetingId.versions.$versionId.tsx'
import {
	get,
	location,
	type Person,
	post,
	routeContext as context,
	thrown,
} from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { editStoredMinutes } from '#tests/setup/stored-minutes.ts'

/**
 * Restoring an old version changes the minutes, so it follows the minutes' rights
 * (`getMeetingAccess(...).minutesAccess`), not only the meeting's: approved minutes offer no
 * restore and refuse one.
 */

let convenor: Person
let member: Person
let groupId: string

beforeAll(async () => {
	;({ convenor, member, groupId } = await network({ roles: ['convenor', 'member'] }))
})

test('approved minutes cannot be restored to an older version', async () => {
	const meetingId = createMeeting(
		groupId,
		{ title: 'Setkání platformy – únor', startsAt: new Date('2026-02-11T08:00:00Z') },
		convenor.id,
	).id
	await editStoredMinutes(meetingId, member.id, (fragment) => {
		const paragraph = new Y.XmlElement('paragraph')
		paragraph.insert(0, [new Y.XmlText('Kontaktní místo rozšířilo úřední hodiny.')])
		fragment.push([paragraph])
	})
	markMeetingHeld(meetingId)
	location(
		await lifecycleAction({
			request: post(`/meetings/${meetingId}/minutes-lifecycle`, convenor, { intent: 'approve' }),
			params: { meetingId },
			context,
		}),
	)
	const [approved] = listVersions(meetingMinutesDocumentName(meetingId))
	const params = { meetingId, versionId: approved!.id }

	for (const who of [convenor, member]) {
		const page = await versionLoader({
			request: get(`/meetings/${meetingId}/versions/${approved!.id}`, who),
			params,
			context,
		})
		expect(page.canWrite).toBe(false)
		const refused = (await thrown(
			versionAction({
				request: post(`/meetings/${meetingId}/versions/${approved!.id}`, who, {
					intent: 'restored',
				}),
				params,
				context,
			}),
		)) as Response
		expect(refused.status).toBe(403)
	}
	expect(listVersions(meetingMinutesDocumentName(meetingId))).toHaveLength(1)
})
