import { beforeAll, describe, expect, test } from 'vitest'
import { sendMeetingInvitation } from '#app/meetings/invitations-mail.server.ts'
import { createMeeting, getMeeting } from '#app/meetings/meetings.server.ts'
import { loader as agendaPdfLoader } from '#app/routes/meetings.$meetingId_.agenda[.]pdf.ts'
import { getDb } from '#db/client.ts'
import { agendaItems } from '#db/schema.ts'
import { get, type Person, routeContext as context, thrown } from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { bytes, pdfText } from '#tests/setup/read-documents.ts'
import { mimeParts, smtpServer } from '#tests/setup/smtp.ts'

let convenor: Person
let member: Person
let outsider: Person
let meetingId: string
let emptyMeetingId: string

const ITEMS = [
	{
		title: 'Zahájení a schválení programu',
		presenter: 'Martina Horáková',
		plannedMinutes: 10,
		description: null,
	},
	{
		title: 'Bytová nouze v Kolíně – čerstvá data z terénu',
		presenter: 'Tomáš Černý (Charita Kolín)',
		plannedMinutes: 45,
		description:
			'Sčítání osob bez domova, zkušenosti z ubytoven; návrh společného postupu s OSPOD a úřadem práce.',
	},
	{
		title: 'Různé, příští setkání – říjen',
		presenter: null,
		plannedMinutes: 15,
		description: 'Žluťoučký kůň úpěl ďábelské ódy.',
	},
]

beforeAll(async () => {
	let groupId: string
	;({ convenor, member, outsider, groupId } = await network({
		roles: ['convenor', 'member', 'outsider'],
	}))
	meetingId = createMeeting(
		groupId,
		{
			title: 'Platforma KMB Kolín – zářijové setkání',
			// 9:30–11:30 in Prague, summer time.
			startsAt: new Date('2026-09-15T07:30:00Z'),
			endsAt: new Date('2026-09-15T09:30:00Z'),
			place: 'MěÚ Kolín, zasedací místnost č. 112',
			onlineUrl: 'https://teams.example.cz/l/kmb-kolin',
		},
		convenor.id,
	).id
	emptyMeetingId = createMeeting(
		groupId,
		{ title: 'Platforma KMB Kolín – bez programu', startsAt: new Date('2026-10-13T07:30:00Z') },
		convenor.id,
	).id
	// The projection table as the live agenda writes it; inserted out of order on purpose.
	for (const position of [2, 0, 1]) {
		getDb()
			.insert(agendaItems)
			.values({ id: `item-${position}`, meetingId, position, ...ITEMS[position]! })
			.run()
	}
})

async function download(who: Person, id = meetingId) {
	return agendaPdfLoader({
		request: get(`/meetings/${id}/agenda.pdf`, who),
		params: { meetingId: id },
		context,
	})
}

describe('/meetings/:id/agenda.pdf', () => {
	test('the agenda in order with the meeting header, Czech letters intact', async () => {
		const response = await download(member)
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toBe('application/pdf')
		expect(response.headers.get('Content-Disposition')).toBe(
			'inline; filename="program-platforma-kmb-kolin-zarijove-setkani.pdf"',
		)
		const { text } = await pdfText(await bytes(response))
		const lines = text.split('\n').map((line) => line.trim())
		for (const line of [
			'Program setkání',
			'Platforma KMB Kolín – zářijové setkání',
			'Skupina: Platforma KMB Kolín',
			'Začátek: úterý 15. září 2026, 9:30–11:30',
			'Místo: MěÚ Kolín, zasedací místnost č. 112',
			'Plánovaná délka programu: 70 min',
			'Strana 1 z 1',
		]) {
			expect(lines).toContain(line)
		}
		expect(text).toContain('https://teams.example.cz/l/kmb-kolin')
		expect(text).toContain('Předkládá: Tomáš Černý (Charita Kolín) · 45 min')
		expect(text).toContain('Žluťoučký kůň úpěl ďábelské ódy.')
		const positions = ITEMS.map((item) => text.indexOf(item.title))
		expect(positions.every((position) => position >= 0)).toBe(true)
		expect([...positions].sort((a, b) => a - b)).toEqual(positions)
	})

	test('an agenda without items says so', async () => {
		const response = await download(member, emptyMeetingId)
		const { text } = await pdfText(await bytes(response))
		expect(text).toContain('Program zatím nemá žádné body.')
	})

	test('someone outside the group gets 404', async () => {
		expect(((await thrown(download(outsider))) as Response).status).toBe(404)
	})
})

describe('the agenda goes with the invitation', () => {
	const received = smtpServer()

	async function send(id: string, method: 'REQUEST' | 'CANCEL') {
		received.length = 0
		const [result] = await sendMeetingInvitation(
			getMeeting(id)!,
			[{ name: member.name, email: member.email }],
			{ method, sequence: method === 'CANCEL' ? 1 : 0 },
		)
		expect(result!.status).toBe('sent')
		expect(received).toHaveLength(1)
		const parts = mimeParts(received[0]!.raw)
		const pdf = parts.find(({ headers }) => /filename="?program\.pdf"?/i.test(headers))
		const text = parts.find(({ headers }) => /^content-type:\s*text\/plain/im.test(headers))
		return { pdf, text: text?.bytes.toString('latin1') ?? '' }
	}

	test('an invitation carries program.pdf with the agenda', async () => {
		const { pdf, text } = await send(meetingId, 'REQUEST')
		expect(pdf, 'the message has a program.pdf part').toBeDefined()
		expect(pdf!.headers).toMatch(/^content-type:\s*application\/pdf/im)
		const { text: pdfContent } = await pdfText(pdf!.bytes)
		expect(pdfContent).toContain('Bytová nouze v Kolíně – čerstvá data z terénu')
		expect(text).toContain('program.pdf')
	})

	test('no program.pdf for an agenda without items, nor with a cancellation', async () => {
		expect((await send(emptyMeetingId, 'REQUEST')).pdf).toBeUndefined()
		expect((await send(meetingId, 'CANCEL')).pdf).toBeUndefined()
	})
})
