import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import {
	buildMeetingCalendar,
	DEFAULT_MEETING_DURATION_MS,
	type IcsMeeting,
	meetingEvent,
	meetingIcsFilename,
	meetingUid,
	pragueVtimezone,
} from '#app/meetings/ics.server.ts'
import { pragueLocalToUtc } from '#app/meetings/prague-time.ts'

// BASE_URL is http://localhost:3000 in tests.
const meeting: IcsMeeting = {
	uid: meetingUid('m1abc'),
	sequence: 0,
	title: 'Platforma KMB Kolín – červencové setkání',
	description: 'Program: bytová nouze v ORP Kolín.',
	start: new Date('2026-07-14T07:30:00Z'),
	end: new Date('2026-07-14T09:30:00Z'),
	location: 'MěÚ Kolín, zasedací místnost',
	url: 'http://localhost:3000/meetings/m1abc',
	onlineUrl: 'https://teams.example.cz/l/meetup-join/19%3Ameeting?context=abc',
	organizer: { name: 'Síťovka', email: 'sitovka@kolin.cz' },
	attendees: [{ name: 'Tomáš Černý', email: 'tomas.cerny@charita-kolin.cz' }],
}

function parse(text: string) {
	const calendar = new ICAL.Component(ICAL.parse(text))
	return { calendar, events: calendar.getAllSubcomponents('vevent') }
}

function onlyEvent(text: string) {
	const { events } = parse(text)
	expect(events).toHaveLength(1)
	return events[0]!
}

function dtstart(event: ICAL.Component) {
	return event.getFirstPropertyValue('dtstart') as ICAL.Time
}

/** Runs `fn` as if the server were in another time zone. */
function inServerZone<T>(zone: string, fn: () => T): T {
	const previous = process.env.TZ
	process.env.TZ = zone
	try {
		return fn()
	} finally {
		if (previous === undefined) delete process.env.TZ
		else process.env.TZ = previous
	}
}

describe('an invitation', () => {
	test('has METHOD:REQUEST, the meeting UID, SEQUENCE, organizer, attendee, URL and links', () => {
		const text = buildMeetingCalendar({ method: 'REQUEST', meetings: [meeting] })
		const { calendar } = parse(text)
		expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST')
		const event = onlyEvent(text)
		expect(event.getFirstPropertyValue('uid')).toBe('meeting-m1abc@localhost')
		expect(event.getFirstPropertyValue('sequence')).toBe(0)
		expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED')
		expect(event.getFirstPropertyValue('summary')).toBe(meeting.title)
		expect(event.getFirstPropertyValue('location')).toBe(meeting.location)
		expect(event.getFirstPropertyValue('url')).toBe(meeting.url)
		expect(event.getFirstPropertyValue('description')).toBe(
			[
				'Program: bytová nouze v ORP Kolín.',
				'',
				'Stránka setkání v Síťovce: http://localhost:3000/meetings/m1abc',
				`Připojení online: ${meeting.onlineUrl}`,
			].join('\n'),
		)
		const organizer = event.getFirstProperty('organizer')!
		expect(organizer.getFirstValue()).toBe('mailto:sitovka@kolin.cz')
		expect(organizer.getParameter('cn')).toBe('Síťovka')
		const attendee = event.getFirstProperty('attendee')!
		expect(String(attendee.getFirstValue()).toLowerCase()).toBe(
			'mailto:tomas.cerny@charita-kolin.cz',
		)
		expect(attendee.getParameter('cn')).toBe('Tomáš Černý')
		expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION')
		// DTSTAMP is UTC, as RFC 5545 requires.
		expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/)
	})

	test('the UID stays the same across builds and changes; SEQUENCE carries the change', () => {
		const first = onlyEvent(buildMeetingCalendar({ method: 'REQUEST', meetings: [meeting] }))
		const moved = onlyEvent(
			buildMeetingCalendar({
				method: 'REQUEST',
				meetings: [
					{
						...meeting,
						sequence: 1,
						start: new Date('2026-07-15T07:30:00Z'),
						end: new Date('2026-07-15T09:30:00Z'),
					},
				],
			}),
		)
		expect(moved.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'))
		expect(moved.getFirstPropertyValue('sequence')).toBe(1)
		expect(meetingUid('m1abc')).toBe(meetingUid('m1abc'))
		expect(meetingUid('m2xyz')).toBe('meeting-m2xyz@localhost')
	})

	test('without a description or online link DESCRIPTION still names the meeting page', () => {
		const event = onlyEvent(
			buildMeetingCalendar({
				method: 'REQUEST',
				meetings: [{ ...meeting, description: null, onlineUrl: null, location: null }],
			}),
		)
		expect(event.getFirstPropertyValue('description')).toBe(
			'Stránka setkání v Síťovce: http://localhost:3000/meetings/m1abc',
		)
		expect(event.hasProperty('location')).toBe(false)
	})
})

describe('times in Europe/Prague', () => {
	test('summer and winter meetings carry TZID=Europe/Prague and the right UTC instant', () => {
		const winter = {
			...meeting,
			start: new Date('2026-01-20T08:30:00Z'),
			end: new Date('2026-01-20T10:00:00Z'),
		}
		const text = buildMeetingCalendar({ method: 'PUBLISH', meetings: [meeting, winter] })
		expect(text).toContain('\r\nDTSTART;TZID=Europe/Prague:20260714T093000\r\n')
		expect(text).toContain('\r\nDTEND;TZID=Europe/Prague:20260714T113000\r\n')
		expect(text).toContain('\r\nDTSTART;TZID=Europe/Prague:20260120T093000\r\n')
		expect(text).toContain('\r\nDTEND;TZID=Europe/Prague:20260120T110000\r\n')
		const [summer, january] = parse(text).events
		// The zone comes from the file's VTIMEZONE, not from the machine running the test.
		expect(dtstart(summer!).zone?.tzid).toBe('Europe/Prague')
		expect(dtstart(summer!).toJSDate().toISOString()).toBe('2026-07-14T07:30:00.000Z')
		expect(dtstart(january!).zone?.tzid).toBe('Europe/Prague')
		expect(dtstart(january!).toJSDate().toISOString()).toBe('2026-01-20T08:30:00.000Z')
		const end = january!.getFirstPropertyValue('dtend') as ICAL.Time
		expect(end.toJSDate().toISOString()).toBe('2026-01-20T10:00:00.000Z')
	})

	test('the server’s own time zone makes no difference', () => {
		const here = buildMeetingCalendar({ method: 'REQUEST', meetings: [meeting] })
		for (const zone of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
			const there = inServerZone(zone, () =>
				buildMeetingCalendar({ method: 'REQUEST', meetings: [meeting] }),
			)
			expect(there.replace(/DTSTAMP:\w+/, '')).toBe(here.replace(/DTSTAMP:\w+/, ''))
		}
	})

	test('the VTIMEZONE is in the file and gives ical.js +02:00 in July and +01:00 in January', () => {
		const { calendar } = parse(buildMeetingCalendar({ method: 'REQUEST', meetings: [meeting] }))
		const vtimezones = calendar.getAllSubcomponents('vtimezone')
		expect(vtimezones).toHaveLength(1)
		const zone = new ICAL.Timezone(vtimezones[0]!)
		expect(zone.tzid).toBe('Europe/Prague')
		const at = (month: number) => ICAL.Time.fromData({ year: 2027, month, day: 15, hour: 12 })
		expect(zone.utcOffset(at(7))).toBe(2 * 3600)
		expect(zone.utcOffset(at(1))).toBe(3600)
	})

	test('the VTIMEZONE agrees with the time zone database around every change, 2000–2100', () => {
		const zone = new ICAL.Timezone(
			new ICAL.Component(ICAL.parse(pragueVtimezone('Europe/Prague')!)),
		)
		const mismatches: string[] = []
		const pad = (value: number) => String(value).padStart(2, '0')
		for (let year = 2000; year <= 2100; year++) {
			for (const month of [3, 10]) {
				// Both changes fall on a Sunday between the 25th and the 31st. Wall-clock times as a
				// calendar reads DTSTART;TZID, leaving out the hour that is skipped or repeated.
				for (let day = 24; day <= 31; day++) {
					for (const [hour, minute] of [
						[0, 0],
						[1, 59],
						[3, 0],
						[3, 1],
						[12, 0],
					] as const) {
						const wall = `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`
						const time = ICAL.Time.fromData({ year, month, day, hour, minute, second: 0 }, zone)
						const actual = time.toJSDate().toISOString()
						const expected = pragueLocalToUtc(wall)!.toISOString()
						if (actual !== expected) mismatches.push(`${wall}: ${actual}, not ${expected}`)
					}
				}
			}
		}
		expect(mismatches).toEqual([])
	})

	test('there is no VTIMEZONE for other zones', () => {
		expect(pragueVtimezone('Europe/Vienna')).toBeNull()
	})
})

describe('a cancellation', () => {
	test('has METHOD:CANCEL, STATUS:CANCELLED and the same UID', () => {
		const text = buildMeetingCalendar({
			method: 'CANCEL',
			meetings: [{ ...meeting, sequence: 2 }],
		})
		expect(parse(text).calendar.getFirstPropertyValue('method')).toBe('CANCEL')
		const event = onlyEvent(text)
		expect(event.getFirstPropertyValue('status')).toBe('CANCELLED')
		expect(event.getFirstPropertyValue('uid')).toBe('meeting-m1abc@localhost')
		expect(event.getFirstPropertyValue('sequence')).toBe(2)
	})
})

describe('text that could break the file', () => {
	const czech = 'Příliš žluťoučký kůň úpěl ďábelské ódy. '.repeat(8).slice(0, 300)
	const hostile = {
		title: `Setkání; KMB, Kolín \\ Kutná Hora\n„druhý řádek“ 👩‍👧 ${czech}`,
		description: `Body: 1) bydlení; 2) dluhy, exekuce\\n není nový řádek\n\nDalší odstavec\n${czech}`,
		location: `MěÚ Kolín; Karlovo nám. 78, 2. patro\\dveře 12\n${czech}`,
	}

	test('a 300-character Czech line is really that long', () => {
		expect(czech).toHaveLength(300)
		expect(Buffer.byteLength(czech)).toBeGreaterThan(300)
	})

	test('title, description and place come back exactly through ical.js', () => {
		const text = buildMeetingCalendar({
			method: 'REQUEST',
			meetings: [{ ...meeting, ...hostile }],
			name: 'Setkání; Kolín, 2026\nKMB',
		})
		const { calendar } = parse(text)
		// ical.js leaves X- properties as they are written: escaped, all on one property.
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Setkání\\; Kolín\\, 2026\\nKMB')
		const event = onlyEvent(text)
		expect(event.getFirstPropertyValue('summary')).toBe(hostile.title)
		expect(event.getFirstPropertyValue('location')).toBe(hostile.location)
		expect(event.getFirstPropertyValue('description')).toBe(
			`${hostile.description}\n\nStránka setkání v Síťovce: ${meeting.url}\nPřipojení online: ${meeting.onlineUrl}`,
		)
		// Nothing leaked out of the escaped values into properties of their own.
		expect(event.getAllProperties().map((property) => property.name)).toEqual([
			'uid',
			'sequence',
			'dtstamp',
			'dtstart',
			'dtend',
			'summary',
			'location',
			'description',
			'organizer',
			'attendee',
			'url',
			'status',
		])
	})

	test('every physical line has at most 75 octets, is valid UTF-8 and ends with CRLF', () => {
		const text = buildMeetingCalendar({ method: 'REQUEST', meetings: [{ ...meeting, ...hostile }] })
		const bytes = Buffer.from(text, 'utf8')
		// No broken UTF-16 either: encoding and decoding gives the same text.
		expect(bytes.toString('utf8')).toBe(text)
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true)
		expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
		const decoder = new TextDecoder('utf-8', { fatal: true })
		let start = 0
		let folded = 0
		for (let index = bytes.indexOf('\r\n', 0); index !== -1; index = bytes.indexOf('\r\n', start)) {
			const line = bytes.subarray(start, index)
			expect(line.length).toBeLessThanOrEqual(75)
			expect(() => decoder.decode(line)).not.toThrow()
			if (line[0] === 0x20) folded++
			start = index + 2
		}
		expect(start).toBe(bytes.length)
		expect(folded).toBeGreaterThan(10)
	})

	test('carriage returns become line breaks and control characters are dropped', () => {
		const event = onlyEvent(
			buildMeetingCalendar({
				method: 'REQUEST',
				meetings: [{ ...meeting, title: 'Řádek\r\ndruhý\rtřetí\u0007\u0000 konec\tok' }],
			}),
		)
		expect(event.getFirstPropertyValue('summary')).toBe('Řádek\ndruhý\ntřetí konec\tok')
	})

	test('names with quotes, carets and separators survive in CN', () => {
		const event = onlyEvent(
			buildMeetingCalendar({
				method: 'REQUEST',
				meetings: [
					{
						...meeting,
						organizer: { name: 'Spolek "Naděje"; Kolín, z. s. ^_^', email: 'nadeje@kolin.cz' },
						attendees: [{ name: 'Černý,\nTomáš: KMB', email: 'tomas@kolin.cz' }],
					},
				],
			}),
		)
		expect(event.getFirstProperty('organizer')!.getParameter('cn')).toBe(
			'Spolek "Naděje"; Kolín, z. s. ^_^',
		)
		expect(event.getFirstProperty('attendee')!.getParameter('cn')).toBe('Černý, Tomáš: KMB')
	})
})

describe('a stored meeting as an event', () => {
	test('lasts the default two hours and links to its page', () => {
		const startsAt = new Date('2026-03-29T07:00:00Z')
		const event = meetingEvent(
			{ id: 'm3', title: 'Jarní setkání', startsAt, place: null },
			{ sequence: 3 },
		)
		expect(DEFAULT_MEETING_DURATION_MS).toBe(2 * 60 * 60 * 1000)
		expect(event).toMatchObject({
			uid: 'meeting-m3@localhost',
			sequence: 3,
			title: 'Jarní setkání',
			location: null,
			url: 'http://localhost:3000/meetings/m3',
		})
		expect(event.end.toISOString()).toBe('2026-03-29T09:00:00.000Z')
	})

	test('takes the end, description, online link and sequence when the meeting has them', () => {
		const event = meetingEvent({
			id: 'm4',
			title: 'Online porada',
			startsAt: new Date('2026-11-10T13:00:00Z'),
			endsAt: new Date('2026-11-10T14:15:00Z'),
			place: null,
			description: 'Krátká porada k zimnímu provozu.',
			onlineUrl: 'https://meet.example.cz/kolin',
			sequence: 4,
		})
		expect(event).toMatchObject({
			sequence: 4,
			description: 'Krátká porada k zimnímu provozu.',
			onlineUrl: 'https://meet.example.cz/kolin',
		})
		expect(event.end.toISOString()).toBe('2026-11-10T14:15:00.000Z')
		expect(meetingEvent({ id: 'm4', title: 'x', startsAt: new Date(), place: null }).sequence).toBe(
			0,
		)
	})

	test('file names are ASCII slugs of the Czech title', () => {
		expect(meetingIcsFilename('Platforma KMB Kolín – březnové setkání', 'm1')).toBe(
			'setkani-platforma-kmb-kolin-breznove-setkani.ics',
		)
		expect(meetingIcsFilename('„Úřad práce“ & NNO: Čáslav', 'm1')).toBe(
			'setkani-urad-prace-nno-caslav.ics',
		)
		expect(meetingIcsFilename('😀 ??', 'm1')).toBe('setkani-m1.ics')
		const long = meetingIcsFilename('Žádost '.repeat(30), 'm1')
		expect(long).toMatch(/^setkani-[a-z0-9-]+[a-z0-9]\.ics$/)
		expect(long.length).toBeLessThanOrEqual('setkani-.ics'.length + 60)
	})
})
