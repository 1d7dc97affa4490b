import fs from 'node:fs'
import path from 'node:path'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { hashToken } from '#app/auth/tokens.server.ts'
import { getPoll } from '#app/polls/polls.server.ts'
import { action as guestAction, loader as guestLoader } from '#app/routes/poll.$token.tsx'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { closeDb, getDb, MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '#db/client.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { get, location, post, routeContext as context } from '#tests/setup/route-helpers.ts'

// A database from before migration 0005, when the guest link's token was stored as it is and a
// guest's cookie (named by the token) held an edit token. Links already sent must keep working.

const OLD_TOKEN = 'k7wq3vbn5xz2mhp4rtc6yjda'
const OLD_EDIT_TOKEN = 'q2w3e4r5t6y7u2i3o4p5a6s7'
const scratch = path.join(TMP_DIR, `poll-link-migration-${process.pid}-${Date.now()}`)
const dbFile = path.join(scratch, 'old.db')

/** The migrations up to 0004: a copy of the folder with the journal cut there. */
function migrationsBefore0005() {
	const folder = path.join(scratch, 'migrations')
	fs.mkdirSync(path.join(folder, 'meta'), { recursive: true })
	const journal = JSON.parse(
		fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
	) as { entries: Array<{ idx: number; tag: string }> }
	journal.entries = journal.entries.filter((entry) => entry.idx < 5)
	for (const entry of journal.entries) {
		fs.copyFileSync(
			path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`),
			path.join(folder, `${entry.tag}.sql`),
		)
	}
	fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify(journal))
	return folder
}

beforeAll(() => {
	closeDb()
	fs.mkdirSync(scratch, { recursive: true })
	const old = openDatabase(dbFile)
	migrate(old, { migrationsFolder: migrationsBefore0005() })
	const now = Date.now()
	old.$client.exec(`
		INSERT INTO groups (id, name, kind, created_at) VALUES ('g1', 'Platforma KMB Kolín', 'platforma_kmb', ${now});
		INSERT INTO meetings (id, group_id, title, starts_at, state, poll_token, created_at)
			VALUES ('m1', 'g1', 'Setkání v březnu', ${now}, 'scheduling', '${OLD_TOKEN}', ${now});
		INSERT INTO poll_slots (id, meeting_id, starts_at, ends_at)
			VALUES ('s1', 'm1', ${now + 864e5}, ${now + 864e5 + 72e5});
		INSERT INTO poll_respondents (id, meeting_id, guest_name, guest_token_hash, created_at)
			VALUES ('r1', 'm1', 'Jana Nováková', '${hashToken(OLD_EDIT_TOKEN)}', ${now});
		INSERT INTO poll_answers (respondent_id, slot_id, answer) VALUES ('r1', 's1', 'yes');
	`)
	old.$client.close()
	// Síťovka starts on the old database: migrations run, then the app uses it.
	process.env.DATABASE_URL = `file:${dbFile}`
	resetEnvCache()
	migrateDatabase(getDb())
})

afterAll(() => {
	closeDb()
	fs.rmSync(scratch, { recursive: true, force: true })
})

test('the migration keeps only the hash of a link already sent', () => {
	const row = getDb().$client.prepare(`SELECT * FROM meetings WHERE id = 'm1'`).get() as Record<
		string,
		unknown
	>
	expect(row).not.toHaveProperty('poll_token')
	expect(row.poll_token_hash).toBe(hashToken(OLD_TOKEN))
	expect(JSON.stringify(row)).not.toContain(OLD_TOKEN)
})

test('a link sent before the migration still opens the poll and keeps the guest', async () => {
	const legacyCookie = { cookie: `sitovka_poll_${OLD_TOKEN}=${OLD_EDIT_TOKEN}` }
	const page = await guestLoader({
		request: get(`/poll/${OLD_TOKEN}`, legacyCookie),
		params: { token: OLD_TOKEN },
		context,
	})
	expect(page.poll.meeting.title).toBe('Setkání v březnu')
	expect(page.me?.name).toBe('Jana Nováková')
	expect(page.myAnswers).toEqual({ s1: 'yes' })

	// Jana changes her answer from the same browser: no second answer, and her browser moves to
	// the cookie named by the meeting (the old one, named by the token, is dropped).
	const changed = await guestAction({
		request: post(`/poll/${OLD_TOKEN}`, legacyCookie, {
			respondent: page.me!.id,
			name: 'Jana Nováková',
			'answer-s1': 'maybe',
		}),
		params: { token: OLD_TOKEN },
		context,
	})
	expect(location(changed)).toBe(`/poll/${OLD_TOKEN}?notice=notice.pollAnswered`)
	const cookies = (changed as Response).headers.getSetCookie()
	expect(cookies).toContainEqual(
		expect.stringMatching(`^sitovka_poll_m1=${OLD_EDIT_TOKEN}; Path=/poll;`),
	)
	expect(cookies).toContainEqual(
		expect.stringMatching(`^sitovka_poll_${OLD_TOKEN}=; Path=/poll;.*Max-Age=0`),
	)
	const poll = getPoll('m1')!
	expect(poll.rows).toHaveLength(1)
	expect(poll.rows[0]).toMatchObject({ name: 'Jana Nováková', answers: { s1: 'maybe' } })
})
