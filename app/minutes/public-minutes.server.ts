import { notFound } from '#app/utils/errors.ts'
import { getMeeting } from '#app/meetings/meetings.server.ts'
import { listPresent } from '#app/meetings/participants.server.ts'
import { listDecisionsForMeeting } from '#app/tasks/decisions.server.ts'
import { readDecisionsRecord, recordedDecision } from './decisions-record.ts'
import { minutesBlocksFromState, minutesSections } from './export/minutes-model.ts'
import { approvedMinutesState } from './lifecycle.server.ts'

/**
 * A public meeting whose approved minutes were published, or a 404 (thrown) for anything else:
 * a meeting that does not exist, is not public (members only, confidential) or whose minutes
 * were never published. Nothing about other meetings is revealed.
 */
export function requirePublishedMeeting(meetingId: string | undefined) {
	const meeting = meetingId ? getMeeting(meetingId) : null
	if (!meeting || meeting.visibility !== 'public') notFound()
	const published = approvedMinutesState(meeting.id, { publishedOnly: true })
	if (!published) notFound()
	return { meeting, published }
}

/**
 * What the public page shows: the meeting, the latest published approved version without its
 * confidential sections, who was present and the decisions.
 */
export function loadPublicMinutes(meetingId: string | undefined) {
	const { meeting, published } = requirePublishedMeeting(meetingId)
	const sections = minutesSections(minutesBlocksFromState(published.state))
	const kept = sections.filter((section) => !section.confidential)
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			groupName: meeting.groupName,
			startsAt: meeting.startsAt,
			endsAt: meeting.endsAt,
			place: meeting.place,
		},
		approvedAt: published.approvedAt,
		blocks: kept.flatMap((section) => section.blocks),
		confidentialOmitted: kept.length < sections.length,
		/** The text has its own "Přítomni" section (minutes prepared from the agenda do). */
		textListsPresent: kept.some((section) => {
			const [first] = section.blocks
			return (
				first?.type === 'heading' &&
				first.content.some((part) => part.type === 'text' && /^\s*přítomni\b/i.test(part.text))
			)
		}),
		present: listPresent(meeting.id).map((person) => ({
			name: person.name,
			organisation: person.organisation,
		})),
		// As approved (the record in the published version); the table for versions approved before
		// decisions were recorded.
		decisions: (readDecisionsRecord(published.state) ?? listDecisionsForMeeting(meeting.id)).map(
			recordedDecision,
		),
	}
}
