import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.ts'
import { appServer } from '#tests/setup/app-server.ts'
import { type Person, person } from '#tests/setup/route-helpers.ts'

const server = appServer()
let reader: Person

beforeAll(async () => {
	reader = await person('petr.svoboda@charita-kolin.cz', 'Petr Svoboda')
})

describe('pages full of Czech text arrive without NUL bytes (React 18 streaming)', () => {
	test('50 territory pages (ORP names, kraje, Czech navigation) over HTTP', async () => {
		const codes = getDb()
			.$client.prepare('select kod from territory_orp order by kod limit 50')
			.pluck()
			.all() as string[]
		expect(codes).toHaveLength(50)
		const withNul: string[] = []
		for (const kod of codes) {
			const response = await fetch(`${server.baseUrl}/territory/orp/${kod}`, {
				headers: { Cookie: reader.cookie },
			})
			expect(response.status).toBe(200)
			const body = Buffer.from(await response.arrayBuffer())
			if (body.includes(0)) withNul.push(kod)
		}
		expect(withNul).toEqual([])
	})
})
