import mammoth from 'mammoth'
import { beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { createMeeting } from '#app/meetings/meetings.server.ts'
import { MINUTES_FIELD } from '#app/minutes/minutes-doc.ts'
import { loader as docxLoader } from '#app/routes/meetings.$meetingId.minutes[.]docx.ts'
import { loader as markdownLoader } from '#app/routes/meetings.$meetingId.minutes[.]md.ts'
import { loader as pdfLoader } from '#app/routes/meetings.$meetingId.minutes[.]pdf.ts'
import { get, type Person, routeContext as context, thrown } from '#tests/setup/route-helpers.ts'
import { network } from '#tests/setup/network-fixture.ts'
import { storeMinutesUpdate } from '#tests/setup/stored-minutes.ts'
import { bytes, docxText, pdfText } from '#tests/setup/read-documents.ts'
import {
	h,
	minutesDoc,
	p,
	PANGRAM,
	RESOLUTION,
	sampleMinutes,
	table,
} from '#tests/unit/minutes-export-fixture.ts'

const loaders = { pdf: pdfLoader, docx: docxLoader, md: markdownLoader }
type Format = keyof typeof loaders

let convenor: Person
let observer: Person
let outsider: Person
let groupId: string
let meetingId: string
let emptyMeetingId: string

async function download(format: Format, who: Person | null, id = meetingId, query = '') {
	return loaders[format]({
		request: get(`/meetings/${id}/minutes.${format}${query}`, who),
		params: { meetingId: id },
		context,
	})
}

beforeAll(async () => {
	;({ convenor, observer, outsider, groupId } = await network({
		roles: ['convenor', 'observer', 'outsider'],
		people: {
			convenor: ['jana.svobodova@mesto-pisek.cz', 'Jana Svobodová'],
			observer: ['karel.vesely@kraj-jihocesky.cz', 'Karel Veselý'],
			outsider: ['lucie.prochazkova@nadeje.cz', 'Lucie Procházková'],
		},
		group: { name: 'Platforma bydlení Písek', kind: 'platforma_kmb', scope: 'orp', orpKod: '3110' },
	}))
	meetingId = createMeeting(
		groupId,
		{
			title: 'Platforma KMB Písek – březen',
			startsAt: new Date('2026-03-24T08:30:00Z'),
			place: 'MěÚ Písek',
		},
		convenor.id,
	).id
	emptyMeetingId = createMeeting(
		groupId,
		{ title: 'Duben', startsAt: new Date('2026-04-21T07:00:00Z') },
		convenor.id,
	).id

	// The minutes, then a later edit on top: the export must read both from storage.
	const doc = sampleMinutes()
	await storeMinutesUpdate(meetingId, Y.encodeStateAsUpdate(doc), convenor.id)
	const later: Uint8Array[] = []
	doc.on('update', (update: Uint8Array) => later.push(update))
	const addition = new Y.XmlElement('paragraph')
	addition.insert(0, [new Y.XmlText('Doplněno po jednání: zápis ověřila Jana Svobodová.')])
	doc.getXmlFragment(MINUTES_FIELD).push([addition])
	for (const update of later) await storeMinutesUpdate(meetingId, update, convenor.id)
})

describe('who may download', () => {
	test('people outside the group get 404, as on the meeting page', async () => {
		for (const format of ['pdf', 'docx', 'md'] as const) {
			const response = (await thrown(download(format, outsider))) as Response
			expect(response.status).toBe(404)
		}
		const missing = (await thrown(download('pdf', convenor, 'neexistuje'))) as Response
		expect(missing.status).toBe(404)
	})

	test('without signing in the download asks for a sign-in first', async () => {
		const response = (await thrown(download('md', null))) as Response
		expect(response.status).toBe(302)
		expect(response.headers.get('Location')).toBe(
			`/login?redirectTo=${encodeURIComponent(`/meetings/${meetingId}/minutes.md`)}`,
		)
	})

	test('observers, who may read the minutes, download them too', async () => {
		const response = await download('md', observer)
		expect(response.status).toBe(200)
	})
})

describe('downloads', () => {
	const disposition = (extension: string) =>
		`attachment; filename="zapis-platforma-kmb-pisek-brezen-2026-03-24.${extension}"; ` +
		`filename*=UTF-8''${encodeURIComponent(`zápis-platforma-kmb-písek-březen-2026-03-24.${extension}`)}`

	test('Markdown: the stored minutes with the meeting details', async () => {
		const response = await download('md', convenor)
		expect(response.status).toBe(200)
		expect(response.headers.get('Content-Type')).toBe('text/markdown; charset=utf-8')
		expect(response.headers.get('Content-Disposition')).toBe(disposition('md'))
		expect(response.headers.get('Cache-Control')).toBe('private, no-store')
		const text = await response.text()
		expect(text.startsWith('# Zápis: Platforma KMB Písek – březen\n\n')).toBe(true)
		expect(text).toContain(
			'Skupina: Platforma bydlení Písek · Začátek: 24. 3. 2026 9:30 · Místo: MěÚ Písek\n',
		)
		expect(text).toContain(`\n${PANGRAM}\n`)
		expect(text).toContain(`\n1. ${RESOLUTION}\n   - kontakt na Úřad práce\n`)
		expect(text.endsWith('\n\nDoplněno po jednání: zápis ověřila Jana Svobodová.\n')).toBe(true)
	})

	test('Word: headings, lists, table cells, links and Czech text read back with mammoth', async () => {
		const response = await download('docx', convenor)
		expect(response.headers.get('Content-Type')).toBe(
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		)
		expect(response.headers.get('Content-Disposition')).toBe(disposition('docx'))
		const buffer = await bytes(response)

		const raw = await docxText(buffer)
		const lines = raw.split('\n').filter(Boolean)
		for (const line of [
			'Zápis: Platforma KMB Písek – březen',
			PANGRAM,
			RESOLUTION,
			'kontakt na Úřad práce',
			'Organizace',
			'Oslovit majitele bytů',
			'30. 4. 2026',
			'Doplněno po jednání: zápis ověřila Jana Svobodová.',
		]) {
			expect(lines).toContain(line)
		}

		const { value: html, messages } = await mammoth.convertToHtml({ buffer })
		expect(messages).toEqual([])
		expect(html).toContain('<h1>Zápis: Platforma KMB Písek – březen</h1>')
		expect(html).toContain('<h2>Zahájení</h2>')
		expect(html).toContain('<h3>Usnesení</h3>')
		expect(html).toContain(`<p>${PANGRAM}</p>`)
		expect(html).toContain(
			'<p>Platforma se shodla na <strong>společném postupu</strong> a <em>termínech</em>; ' +
				'podklady jsou na <a href="https://www.mpsv.cz/bydleni">webu MPSV</a>.</p>',
		)
		expect(html).toContain(
			`<ol><li>${RESOLUTION}<ul><li>kontakt na Úřad práce</li><li>seznam volných bytů</li></ul></li>` +
				'<li>Usnesení č. 2/2026: OSPOD pošle přehled případů.</li></ol>',
		)
		expect(html).toContain('<thead><tr><th><p><strong>Organizace</strong></p></th>')
		expect(html).toContain('<tr><td><p>KMB Písek</p></td><td><p>Oslovit majitele bytů</p></td>')
		expect(html).toContain('<p>První řádek<br />druhý řádek</p>')
	})

	test('PDF: Czech text extracted intact, DejaVu Sans embedded, title, author and language', async () => {
		const response = await download('pdf', convenor)
		expect(response.headers.get('Content-Type')).toBe('application/pdf')
		expect(response.headers.get('Content-Disposition')).toBe(disposition('pdf'))
		const buffer = await bytes(response)
		expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-')

		const { text, total, info } = await pdfText(buffer)
		const lines = text.split('\n')
		for (const line of [
			'Zápis: Platforma KMB Písek – březen',
			'Skupina: Platforma bydlení Písek · Začátek: 24. 3. 2026 9:30 · Místo: MěÚ Písek',
			PANGRAM,
			`1. ${RESOLUTION}`,
			'Organizace Úkol Termín',
			'KMB Písek Oslovit majitele bytů 30. 4. 2026',
			'Doplněno po jednání: zápis ověřila Jana Svobodová.',
			'Strana 1 z 1',
		]) {
			expect(lines).toContain(line)
		}
		expect(total).toBe(1)
		expect(info).toMatchObject({
			Title: 'Zápis: Platforma KMB Písek – březen',
			Author: 'Platforma bydlení Písek',
			Language: 'cs-CZ',
		})

		// Font dictionaries are not compressed: the embedded subsets are named there.
		const fonts = [...buffer.toString('latin1').matchAll(/\/FontName \/[A-Z]{6}\+([\w-]+)/g)].map(
			(match) => match[1],
		)
		expect(new Set(fonts)).toEqual(new Set(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSans-Oblique']))
		expect(buffer.toString('latin1')).not.toContain('Helvetica')
	})

	test('a long table runs over pages with its header repeated and "Strana X z Y" on each', async () => {
		const longId = createMeeting(
			groupId,
			{ title: 'Kazuistiky', startsAt: new Date('2026-05-12T07:00:00Z') },
			convenor.id,
		).id
		const rows = Array.from({ length: 40 }, (_, index) => [
			`Domácnost ${index + 1}`,
			'Hledá nájemní byt, spolupracuje se sociální pracovnicí; dluh na nájemném je splácen.',
			'vyřízeno',
		])
		await storeMinutesUpdate(
			longId,
			Y.encodeStateAsUpdate(
				minutesDoc(h(3, 'Přehled'), table(['Domácnost', 'Stav', 'Výsledek'], ...rows)),
			),
			convenor.id,
		)
		const { pages, total } = await pdfText(await bytes(await download('pdf', convenor, longId)))
		expect(total).toBeGreaterThan(1)
		pages.forEach((page, index) => {
			expect(page.text).toContain('Domácnost Stav Výsledek')
			expect(page.text).toContain(`Strana ${index + 1} z ${total}`)
		})
		const all = pages.map((page) => page.text).join('\n')
		for (const [name] of rows) expect(all).toContain(`${name} Hledá nájemní byt`)
	})
})

describe('empty minutes', () => {
	test('every format exports cleanly with a note that there is no text yet', async () => {
		const note = 'Zápis zatím neobsahuje text.'
		const markdown = await (await download('md', convenor, emptyMeetingId)).text()
		expect(markdown).toBe(
			[
				'# Zápis: Duben',
				'',
				'Skupina: Platforma bydlení Písek · Začátek: 21. 4. 2026 9:00',
				'',
				`*${note}*`,
				'',
			].join('\n'),
		)

		const docx = await bytes(await download('docx', convenor, emptyMeetingId))
		expect(await docxText(docx)).toContain(note)

		const pdf = await pdfText(await bytes(await download('pdf', convenor, emptyMeetingId)))
		expect(pdf.text.split('\n')).toContain(note)
		expect(pdf.total).toBe(1)
	})

	test('a document with only an empty paragraph counts as empty', async () => {
		const id = createMeeting(
			groupId,
			{ title: 'Květen', startsAt: new Date('2026-05-19T07:00:00Z') },
			convenor.id,
		).id
		await storeMinutesUpdate(id, Y.encodeStateAsUpdate(minutesDoc(p())), convenor.id)
		const markdown = await (await download('md', convenor, id)).text()
		expect(markdown.trim().split('\n').at(-1)).toBe('*Zápis zatím neobsahuje text.*')
	})
})
