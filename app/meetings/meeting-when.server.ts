import { TIME_ZONE } from '#app/i18n/i18n.ts'
import { meetingEnd } from './meetings.server.ts'

const dayFormat = new Intl.DateTimeFormat('cs-CZ', {
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: TIME_ZONE,
})
const timeFormat = new Intl.DateTimeFormat('cs-CZ', {
	hour: 'numeric',
	minute: '2-digit',
	timeZone: TIME_ZONE,
})

/** "úterý 14. dubna 2026, 9:30–11:30" in Prague time. */
export function meetingWhen(meeting: { startsAt: Date; endsAt: Date | null }) {
	const end = meetingEnd(meeting)
	return `${dayFormat.format(meeting.startsAt)}, ${timeFormat.format(meeting.startsAt)}–${timeFormat.format(end)}`
}
