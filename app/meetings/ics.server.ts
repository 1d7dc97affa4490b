import ical, {
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus,
	type ICalDayJsStub,
} from 'ical-generator'
import { createTranslator, TIME_ZONE } from '#app/i18n/i18n.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { utcToPragueLocal } from './prague-time.ts'

/*
 * iCalendar (RFC 5545) files for meetings: invitations (METHOD:REQUEST), cancellations
 * (METHOD:CANCEL) and plain calendars (METHOD:PUBLISH). Times are written in Europe/Prague with a
 * VTIMEZONE of our own, so no time zone database is needed.
 */

export type IcsMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH'

export type IcsPerson = { name: string; email: string }

export type IcsMeeting = {
	/** Stable across every version of the meeting; see `meetingUid`. */
	uid: string
	/** Raised on every change the attendees should see (RFC 5546). */
	sequence: number
	title: string
	description?: string | null
	start: Date
	end: Date
	location?: string | null
	/** The meeting page in Síťovka. */
	url: string
	/** The video-call link, when the meeting is (also) online. */
	onlineUrl?: string | null
	organizer?: IcsPerson | null
	attendees?: IcsPerson[]
	status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED'
}

/**
 * How long a meeting lasts in calendars while the meeting model has no end time (issue 5 adds
 * one): two hours, the usual length of a platform or network meeting.
 */
export const DEFAULT_MEETING_DURATION_MS = 2 * 60 * 60 * 1000

const PRODUCT_ID = '//Sitovka//Setkani//CS'

/** `meeting-<id>@<host of BASE_URL>`: the same for every invitation, update and cancellation. */
export function meetingUid(meetingId: string) {
	return `meeting-${meetingId}@${new URL(getEnv().baseUrl).hostname}`
}

/** The meeting's page, absolute. */
export function meetingUrl(meetingId: string) {
	return `${getEnv().baseUrl}/meetings/${meetingId}`
}

/**
 * The organizer iTIP requires in REQUEST and CANCEL: Síťovka itself, as MAIL_FROM names it
 * (`Síťovka <sitovka@example.cz>`), until meetings have an organizer of their own.
 */
export function mailFromOrganizer(): IcsPerson {
	const from = getEnv().MAIL_FROM.trim()
	const match = /^"?([^"<]*?)"?\s*<([^<>\s]+)>$/.exec(from)
	if (match) return { name: match[1]!.trim() || match[2]!, email: match[2]! }
	return { name: from, email: from }
}

/** A stored meeting as far as calendars care; the optional fields come with the full model. */
export type StoredMeeting = {
	id: string
	title: string
	startsAt: Date
	place: string | null
	endsAt?: Date | null
	description?: string | null
	onlineUrl?: string | null
	sequence?: number
}

/**
 * The calendar event of a stored meeting. Without an end time the meeting lasts
 * `DEFAULT_MEETING_DURATION_MS`; without a sequence (in `options` or the meeting) it is 0.
 */
export function meetingEvent(
	meeting: StoredMeeting,
	options: Partial<Pick<IcsMeeting, 'sequence' | 'organizer' | 'attendees' | 'status'>> = {},
): IcsMeeting {
	return {
		uid: meetingUid(meeting.id),
		sequence: meeting.sequence ?? 0,
		title: meeting.title,
		description: meeting.description ?? null,
		start: meeting.startsAt,
		end: meeting.endsAt ?? new Date(meeting.startsAt.getTime() + DEFAULT_MEETING_DURATION_MS),
		location: meeting.place,
		url: meetingUrl(meeting.id),
		onlineUrl: meeting.onlineUrl ?? null,
		...options,
	}
}

/** How long the file name's slug may be, so that it stays readable in a downloads folder. */
const MAX_SLUG_LENGTH = 60

/** `setkani-platforma-kmb-kolin.ics` for „Platforma KMB Kolín“: ASCII only, safe in any header. */
export function meetingIcsFilename(title: string, fallback: string) {
	const slug = title
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, MAX_SLUG_LENGTH)
		.replace(/^-+|-+$/g, '')
	return `setkani-${slug || fallback}.ics`
}

/**
 * The VTIMEZONE of Europe/Prague with today's EU rules: summer time (CEST, +02:00) from the last
 * Sunday of March 02:00, winter time (CET, +01:00) from the last Sunday of October 03:00.
 * Returns null for any other zone (ical-generator then writes none).
 */
export function pragueVtimezone(tzid: string): string | null {
	if (tzid !== TIME_ZONE) return null
	return [
		'BEGIN:VTIMEZONE',
		`TZID:${TIME_ZONE}`,
		`X-LIC-LOCATION:${TIME_ZONE}`,
		'BEGIN:DAYLIGHT',
		'TZOFFSETFROM:+0100',
		'TZOFFSETTO:+0200',
		'TZNAME:CEST',
		// 29 March 1970 was the last Sunday of March.
		'DTSTART:19700329T020000',
		'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
		'END:DAYLIGHT',
		'BEGIN:STANDARD',
		'TZOFFSETFROM:+0200',
		'TZOFFSETTO:+0100',
		'TZNAME:CET',
		// 25 October 1970 was the last Sunday of October.
		'DTSTART:19701025T030000',
		'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
		'END:STANDARD',
		'END:VTIMEZONE',
	].join('\r\n')
}

const pad = (value: number) => String(value).padStart(2, '0')

/**
 * An instant as Prague wall-clock time for ical-generator. Given a plain Date and a zone,
 * ical-generator reads the *server's* local time; its day.js interface lets us hand it the
 * Prague fields instead, whatever the server's zone.
 */
function pragueDateTime(instant: Date): ICalDayJsStub {
	const [date, time] = utcToPragueLocal(instant).split('T') as [string, string]
	// Prague's offset is whole hours, so the seconds are the UTC ones.
	const fields: Record<string, string> = {
		YYYYMMDD: date.replaceAll('-', ''),
		HHmmss: `${time.replace(':', '')}${pad(instant.getUTCSeconds())}`,
	}
	const stub: ICalDayJsStub = {
		format(pattern) {
			const value = pattern ? fields[pattern] : undefined
			if (value === undefined) throw new Error(`Unsupported date format ${pattern}`)
			return value
		},
		isValid: () => !Number.isNaN(instant.getTime()),
		toDate: () => new Date(instant),
		toJSON: () => instant.toISOString(),
		tz(zone) {
			if (zone !== TIME_ZONE) throw new Error(`Only ${TIME_ZONE} is supported, not ${zone}`)
			return stub
		},
	}
	return stub
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// Control characters other than tab and line feed have no place in iCalendar TEXT (RFC 5545 3.3.11).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g

/**
 * Text as iCalendar can carry it: line breaks as \n, no other control characters, no broken
 * UTF-16. Escaping (`\\`, `\;`, `\,`, `\n`) and folding are ical-generator's job.
 */
function cleanText(value: string) {
	return value.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD')
}

/**
 * A name for a quoted parameter (`CN="…"`). Parameters have no backslash escapes, so line
 * breaks become spaces and quotes and carets use RFC 6868 (`^'`, `^^`), which ical.js and the
 * big calendar clients read.
 */
function cleanName(value: string) {
	return cleanText(value)
		.replace(/[\n\t]+/g, ' ')
		.replace(/\\/g, '/')
		.replace(/\^/g, '^^')
		.replace(/"/g, "^'")
		.trim()
}

/** Escapes TEXT for the few properties ical-generator writes unescaped (NAME, X-WR-CALNAME). */
function escapeText(value: string) {
	return cleanText(value)
		.replace(/[\\;,]/g, (match) => `\\${match}`)
		.replace(/\n/g, '\\n')
}

/** DESCRIPTION (in Czech): the meeting's own text, then the meeting page and the online link. */
function describe(meeting: IcsMeeting) {
	const t = createTranslator('cs')
	const lines = []
	if (meeting.description?.trim()) lines.push(cleanText(meeting.description), '')
	lines.push(t('meetings.ics.page', { url: meeting.url }))
	if (meeting.onlineUrl) lines.push(t('meetings.ics.online', { url: meeting.onlineUrl }))
	return lines.join('\n')
}

function person(value: IcsPerson) {
	return { name: cleanName(value.name) || value.email, email: value.email.trim() }
}

/**
 * An iCalendar file (CRLF lines folded at 75 octets, never inside a UTF-8 character) with one
 * event per meeting. CANCEL marks every event STATUS:CANCELLED.
 */
export function buildMeetingCalendar({
	method,
	meetings,
	name,
}: {
	method: IcsMethod
	meetings: IcsMeeting[]
	name?: string
}): string {
	const calendar = ical({
		prodId: PRODUCT_ID,
		method: ICalCalendarMethod[method],
		// No calendar-wide zone (that would make DTSTAMP local time); the generator writes the
		// VTIMEZONE of each event's zone.
		timezone: { name: null, generator: pragueVtimezone },
	})
	if (name) calendar.name(escapeText(name))
	const stamp = new Date()
	for (const meeting of meetings) {
		const status = method === 'CANCEL' ? 'CANCELLED' : (meeting.status ?? 'CONFIRMED')
		calendar.createEvent({
			id: meeting.uid,
			sequence: meeting.sequence,
			stamp,
			timezone: TIME_ZONE,
			start: pragueDateTime(meeting.start),
			end: pragueDateTime(meeting.end),
			summary: cleanText(meeting.title),
			description: describe(meeting),
			location: meeting.location?.trim() ? cleanText(meeting.location) : null,
			url: meeting.url,
			organizer: meeting.organizer ? person(meeting.organizer) : null,
			attendees: (meeting.attendees ?? []).map((attendee) => ({
				...person(attendee),
				role: ICalAttendeeRole.REQ,
				status: ICalAttendeeStatus.NEEDSACTION,
			})),
			status: ICalEventStatus[status],
		})
	}
	// RFC 5545 ends every line with CRLF, the last one too.
	return `${calendar.toString()}\r\n`
}
