import { expect, test } from 'vitest'
import { createSession } from '#app/auth/session.server.ts'
import { getDb } from '#db/client.ts'
import { createUser, inServerDatabase, kolinColleagues, sharedServer } from './utils.ts'

const { baseUrl, databaseFile } = sharedServer()

// React 18.3 streams the production build's HTML in 2 KiB views and used to send the unwritten
// end of a view as NUL bytes when a Czech character did not fit (app/utils/html-stream.server.ts).
test('50 territory pages from the production build arrive without a NUL byte', async () => {
	const { petr } = kolinColleagues()
	const user = await createUser(databaseFile, petr)
	const { cookie, codes } = await inServerDatabase(databaseFile, () => ({
		cookie: `sitovka_session=${createSession(user.id).token}`,
		codes: getDb()
			.$client.prepare('select kod from territory_orp order by kod limit 50')
			.pluck()
			.all() as string[],
	}))
	expect(codes).toHaveLength(50)
	const withNul: string[] = []
	for (const kod of codes) {
		const response = await fetch(`${baseUrl}/territory/orp/${kod}`, { headers: { Cookie: cookie } })
		expect(response.status).toBe(200)
		if (Buffer.from(await response.arrayBuffer()).includes(0)) withNul.push(kod)
	}
	expect(withNul).toEqual([])
})
