import http from 'node:http'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.ts'
import { appServer } from '#tests/setup/app-server.ts'
import { type Person, person } from '#tests/setup/route-helpers.ts'

const server = appServer()
const RLO = '\u202E'
const NUL = '\u0000'

let admin: Person

beforeAll(async () => {
	admin = await person('spravce@mesto-kolin.cz', 'Správce Síťovky', true)
})

/** Posts a form as a browser would (urlencoded or multipart) and returns where it redirected. */
function submit(
	path: string,
	fields: Record<string, string>,
	encoding: 'urlencoded' | 'multipart',
) {
	return new Promise<{ status: number; location: string }>((resolve, reject) => {
		void (async () => {
			let body: Buffer
			let type: string
			if (encoding === 'urlencoded') {
				body = Buffer.from(new URLSearchParams(fields).toString())
				type = 'application/x-www-form-urlencoded'
			} else {
				const form = new FormData()
				for (const [name, value] of Object.entries(fields)) form.set(name, value)
				const encoded = new Response(form)
				body = Buffer.from(await encoded.arrayBuffer())
				type = encoded.headers.get('Content-Type')!
			}
			const request = http.request(`${server.baseUrl}${path}`, {
				method: 'POST',
				headers: { 'Content-Type': type, Cookie: admin.cookie },
			})
			request.on('response', (response) => {
				response.resume()
				resolve({
					status: response.statusCode ?? 0,
					location: String(response.headers.location ?? ''),
				})
			})
			request.on('error', reject)
			request.end(body)
		})().catch(reject)
	})
}

function idFrom(location: string, prefix: string) {
	expect(location).toMatch(new RegExp(`^/${prefix}/[a-z0-9]+\\?`))
	return location.split('/')[2]!.split('?')[0]!
}

function row(sql: string, id: string) {
	return getDb().$client.prepare(sql).get(id) as Record<string, string | null>
}

describe('every form field loses bidirectional controls and control characters', () => {
	test('an organisation (urlencoded form): name stripped, line breaks in the description kept', async () => {
		const result = await submit(
			'/organisations/new',
			{
				name: `Charita ${RLO}nílo${NUL}K`,
				kind: 'nno',
				orpKod: '5105',
				description: `Terénní práce\n\tazylový dům${NUL}\u202D a poradenství`,
			},
			'urlencoded',
		)
		expect(result.status).toBe(302)
		const saved = row(
			'select name, description from organisations where id = ?',
			idFrom(result.location, 'organisations'),
		)
		expect(saved.name).toBe('Charita níloK')
		expect(saved.description).toBe('Terénní práce\n\tazylový dům a poradenství')
	})

	test('a group (multipart form): name and description stripped', async () => {
		const result = await submit(
			'/groups/new',
			{
				name: `${RLO}Platforma KMB${NUL} \u2066Jablonecko\u2069\u200F`,
				kind: 'platforma_kmb',
				scope: 'orp',
				orpKod: '5103',
				description: `Kontaktní místa${'\u0007'} pro bydlení`,
				convenorId: admin.id,
			},
			'multipart',
		)
		expect(result.status).toBe(302)
		const groupId = idFrom(result.location, 'groups')
		const saved = row('select name, description from groups where id = ?', groupId)
		expect(saved.name).toBe('Platforma KMB Jablonecko')
		expect(saved.description).toBe('Kontaktní místa pro bydlení')

		const nextYear = new Date().getFullYear() + 1
		const meeting = await submit(
			`/groups/${groupId}/meetings/new`,
			{
				title: `Setkání ${RLO}fdp.exe${NUL}`,
				kind: 'working_group',
				startsAt: `${nextYear}-03-10T09:30`,
				place: `Radnice\u202A, zasedačka`,
				visibility: 'members',
				status: 'confirmed',
			},
			'urlencoded',
		)
		expect(meeting.status).toBe(302)
		const savedMeeting = row(
			'select title, place from meetings where id = ?',
			idFrom(meeting.location, 'meetings'),
		)
		expect(savedMeeting.title).toBe('Setkání fdp.exe')
		expect(savedMeeting.place).toBe('Radnice, zasedačka')
	})
})
