import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { hashToken } from '#app/auth/tokens.server.ts'
import { PROJECT_ROOT, TMP_DIR } from '#tests/setup/paths.ts'

// The real command line in a child process, each test on its own database file.
// `node --import tsx` is what the tsx binary runs, minus one extra process per call.

const CLI = path.join(PROJECT_ROOT, 'server', 'cli.ts')
/**
 * This file's own copy of the migrated base database (made by setup-test-env and not opened
 * here). Copying it, not tests/.tmp/base.db, keeps tests safe from another run rebuilding the base.
 */
const TEMPLATE_DB = process.env.DATABASE_URL!.slice('file:'.length)

// A child process starts in about a second, more on a busy machine; some tests start two.
vi.setConfig({ testTimeout: 60_000 })
const BASE_URL = 'http://sitovka.test'
const STRONG_PASSWORD = 'Modrý kůň přeskočil plot u Ještědu'

const created: string[] = []
afterEach(() => {
	for (const file of created.splice(0)) {
		for (const suffix of ['', '-wal', '-shm', '-journal'])
			fs.rmSync(`${file}${suffix}`, { force: true })
	}
})

function tempPath(name: string) {
	const file = path.join(
		TMP_DIR,
		`cli-${process.pid}-${Math.random().toString(36).slice(2)}-${name}`,
	)
	created.push(file)
	return file
}

/** A copy of the migrated test database (territory loaded), so the CLI has nothing to migrate. */
function databaseCopy() {
	const file = tempPath('app.db')
	fs.copyFileSync(TEMPLATE_DB, file)
	return file
}

type Result = { code: number | null; stdout: string; stderr: string }

function cli(args: string[], options: { db?: string; databaseUrl?: string }): Promise<Result> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		NODE_ENV: 'test',
		BASE_URL,
		DATABASE_URL: options.databaseUrl ?? `file:${options.db}`,
	}
	delete env.SMTP_URL
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
			cwd: PROJECT_ROOT,
			env,
		})
		let stdout = ''
		let stderr = ''
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
		child.on('error', reject)
		child.on('close', (code) => resolve({ code, stdout, stderr }))
	})
}

function open(file: string) {
	return new Database(file, { readonly: true, fileMustExist: true })
}

function rowCount(db: Database.Database, table: string) {
	return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n
}

function insertUser(file: string, email: string, name: string) {
	const db = new Database(file)
	db.prepare(
		'insert into users (id, email, name, password_hash, created_at) values (?, ?, ?, ?, ?)',
	).run(`u${Math.random().toString(36).slice(2, 17)}`, email, name, 'not-a-real-hash', Date.now())
	db.close()
}

describe('help and wrong usage', () => {
	test('help prints the commands; an unknown command exits 2', async () => {
		const db = tempPath('unused.db')
		const [help, unknown] = await Promise.all([
			cli(['help'], { db }),
			cli(['user:delete', '--email', 'x@example.cz'], { db }),
		])
		expect(help.code).toBe(0)
		expect(help.stdout).toContain('user:create --email')
		expect(help.stdout).toContain('backup <soubor> [--force]')
		expect(unknown.code).toBe(2)
		expect(unknown.stderr).toContain('neznámý příkaz „user:delete“')
		expect(unknown.stderr).toContain('Použití: npm run sitovka -- <příkaz> [volby]')
		// Wrong usage never opens (or creates) the database.
		expect(fs.existsSync(db)).toBe(false)
	})

	test('a missing or unknown option exits 2 with the usage of the command', async () => {
		const db = tempPath('unused.db')
		const [missing, unknownOption] = await Promise.all([
			cli(['user:create', '--email', 'jana@example.cz', '--name', 'Jana Nová'], { db }),
			cli(['demo:load', '--all'], { db }),
		])
		expect(missing.code).toBe(2)
		expect(missing.stderr).toContain('Chybí volba --password.')
		expect(missing.stderr).toContain('Použití: npm run sitovka -- user:create --email')
		expect(unknownOption.code).toBe(2)
		expect(unknownOption.stderr).toContain('Neznámá volba --all.')
		expect(fs.existsSync(db)).toBe(false)
	})

	test('a bad DATABASE_URL exits 1 naming the variable', async () => {
		const result = await cli(['db:migrate'], { databaseUrl: 'postgres://x' })
		expect(result.code).toBe(1)
		expect(result.stderr).toContain('DATABASE_URL')
		expect(result.stderr).toContain('postgres://x')
	})
})

const createUserArgs = (email: string, name: string, password: string) => [
	'user:create',
	`--email=${email}`,
	`--name=${name}`,
	`--password=${password}`,
]

describe('user:create', () => {
	test('creates an account, never prints the password, refuses the same e-mail again', async () => {
		const db = databaseCopy()
		const first = await cli(
			[...createUserArgs('Jana.Nova@Example.cz', 'Jana Nová', STRONG_PASSWORD), '--admin'],
			{ db },
		)
		expect(first.stderr).toBe('')
		expect(first.code).toBe(0)
		expect(first.stdout).toMatch(
			/^Účet založen: Jana Nová <jana\.nova@example\.cz>, správce \(id \w+\)\.$/m,
		)

		const duplicate = await cli(
			createUserArgs('jana.nova@example.cz', 'Jiná Jana', STRONG_PASSWORD),
			{ db },
		)
		expect(duplicate.code).toBe(1)
		expect(duplicate.stderr).toContain('Účet s e-mailem jana.nova@example.cz už existuje.')

		for (const output of [first, duplicate]) {
			expect(output.stdout + output.stderr).not.toContain(STRONG_PASSWORD)
		}
		const check = open(db)
		const rows = check
			.prepare('select email, name, is_admin as isAdmin, password_hash as hash from users')
			.all() as Array<{ email: string; name: string; isAdmin: number; hash: string }>
		check.close()
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ email: 'jana.nova@example.cz', name: 'Jana Nová', isAdmin: 1 })
		expect(rows[0]!.hash).toMatch(/^\$argon2id\$/)
	})

	test('refuses a weak password and an invalid e-mail with exit 2', async () => {
		const db = databaseCopy()
		const [weak, badEmail] = await Promise.all([
			cli(createUserArgs('petr@example.cz', 'Petr Novák', 'heslo12345'), { db }),
			cli(createUserArgs('petr', 'Petr Novák', STRONG_PASSWORD), { db }),
		])
		expect(weak.code).toBe(2)
		expect(weak.stderr).toContain('--password: Heslo je příliš snadné uhodnout.')
		expect(badEmail.code).toBe(2)
		expect(badEmail.stderr).toContain('--email: Zadejte platnou e-mailovou adresu')
		const check = open(db)
		expect(rowCount(check, 'users')).toBe(0)
		check.close()
	})
})

describe('user:reset-password', () => {
	test('prints a single-use link whose token is stored hashed, and mails it', async () => {
		const db = databaseCopy()
		insertUser(db, 'eva@example.cz', 'Eva Malá')
		const before = Date.now()
		const [result, unknown] = await Promise.all([
			cli(['user:reset-password', '--email', 'EVA@example.cz'], { db }),
			cli(['user:reset-password', '--email', 'nikdo@example.cz'], { db }),
		])
		expect(result.stderr).toBe('')
		expect(result.code).toBe(0)
		expect(result.stdout).toContain('Odkaz pro nastavení nového hesla – Eva Malá <eva@example.cz>:')
		const token = new RegExp(`^${BASE_URL}/reset-password/([a-z0-9]+)$`, 'm').exec(
			result.stdout,
		)?.[1]
		expect(token).toBeDefined()
		expect(result.stdout).toMatch(
			/^Platí do \d{1,2}\. \d{1,2}\. \d{4} \d{1,2}:\d{2} a jen jednou\.$/m,
		)

		expect(unknown.code).toBe(1)
		expect(unknown.stderr).toContain('Účet s e-mailem nikdo@example.cz neexistuje.')

		const check = open(db)
		const reset = check
			.prepare(
				'select r.expires_at as expiresAt, r.used_at as usedAt, u.email from password_resets r join users u on u.id = r.user_id where r.token_hash = ?',
			)
			.get(hashToken(token!)) as
			{ expiresAt: number; usedAt: number | null; email: string } | undefined
		const mail = check
			.prepare('select "to", text, status from outbox where kind = \'password-reset\'')
			.all() as Array<{
			to: string
			text: string
			status: string
		}>
		expect(mail[0]?.text).not.toContain(token)
		expect(rowCount(check, 'password_resets')).toBe(1)
		check.close()
		expect(reset).toMatchObject({ email: 'eva@example.cz', usedAt: null })
		const hour = 60 * 60 * 1000
		expect(reset!.expiresAt).toBeGreaterThanOrEqual(before + hour)
		expect(reset!.expiresAt).toBeLessThanOrEqual(Date.now() + hour)
		expect(mail).toEqual([
			{
				to: 'eva@example.cz',
				// The outbox keeps the link masked; the command printed the working one.
				text: expect.stringContaining(`${BASE_URL}/reset-password/••••••${token!.slice(-4)}`),
				status: 'stored',
			},
		])
	})
})

describe('demo:load', () => {
	test('loads the demo data once; a second run adds nothing', async () => {
		const db = databaseCopy()
		const tables = ['organisations', 'users', 'groups', 'organisation_members', 'group_members']
		const counts = () => {
			const check = open(db)
			const result = Object.fromEntries(tables.map((table) => [table, rowCount(check, table)]))
			check.close()
			return result
		}

		const first = await cli(['demo:load'], { db })
		expect(first.stderr).toBe('')
		expect(first.code).toBe(0)
		const afterFirst = counts()
		expect(first.stdout).toContain('Ukázková data nahrána.')
		expect(first.stdout).toMatch(
			new RegExp(`Organizace: +${afterFirst.organisations} nových, 0 už bylo`),
		)
		expect(first.stdout).toMatch(new RegExp(`Účty: +${afterFirst.users} nových, 0 už bylo`))
		expect(first.stdout).toContain('Ukázkové účty (heslo: Sitovka-demo-2026!):')
		expect(first.stdout).toContain('jana.dvorakova@demo.sitovka.cz')
		expect(afterFirst.organisations).toBeGreaterThanOrEqual(10)
		expect(afterFirst.groups).toBe(5)

		const second = await cli(['demo:load'], { db })
		expect(second.code).toBe(0)
		expect(counts()).toEqual(afterFirst)
		expect(second.stdout).toMatch(
			new RegExp(`Organizace: +0 nových, ${afterFirst.organisations} už bylo`),
		)
		expect(second.stdout).toContain('(účet už existoval, heslo se nezměnilo)')
	})
})

describe('backup', () => {
	test('writes a readable copy with the same users and refuses to overwrite it', async () => {
		const db = databaseCopy()
		insertUser(db, 'eva@example.cz', 'Eva Malá')
		insertUser(db, 'jan@example.cz', 'Jan Velký')
		const target = tempPath('backup.db')

		const result = await cli(['backup', target], { db })
		expect(result.stderr).toBe('')
		expect(result.code).toBe(0)
		expect(result.stdout).toMatch(
			new RegExp(`^Záloha uložena: ${target} \\([\\d\\s,]+ [kM]B, [\\d\\s]+ B\\)\\.$`, 'm'),
		)

		const listUsers = (file: string) => {
			const check = open(file)
			const rows = check
				.prepare('select id, email, name, password_hash from users order by email')
				.all()
			check.close()
			return rows
		}
		expect(listUsers(target)).toEqual(listUsers(db))
		expect(listUsers(target)).toHaveLength(2)

		const before = fs.readFileSync(target)
		const again = await cli(['backup', target], { db })
		expect(again.code).toBe(1)
		expect(again.stderr).toContain(`Soubor ${target} už existuje. Přepsat ho lze volbou --force.`)
		expect(fs.readFileSync(target).equals(before)).toBe(true)
	})

	test('is consistent while another connection keeps writing; --force replaces the file', async () => {
		const db = databaseCopy()
		const target = tempPath('backup.db')
		fs.writeFileSync(target, 'an old backup')
		const writer = new Database(db)
		writer.pragma('journal_mode = WAL')
		writer.pragma('busy_timeout = 5000')
		const insert = writer.prepare(
			'insert into users (id, email, name, password_hash, created_at) values (?, ?, ?, ?, ?)',
		)
		let written = 0
		const write = () => {
			written++
			insert.run(
				`writer${written}`,
				`user${written}@example.cz`,
				`User ${written}`,
				'x',
				Date.now(),
			)
		}
		write()
		const timer = setInterval(write, 2)
		let result: Result
		try {
			result = await cli(['backup', target, '--force'], { db })
		} finally {
			clearInterval(timer)
			writer.close()
		}
		expect(result.stderr).toBe('')
		expect(result.code).toBe(0)
		expect(written).toBeGreaterThan(1)

		const check = open(target)
		expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
		const emails = (check.prepare('select email from users').all() as Array<{ email: string }>).map(
			(row) => row.email,
		)
		check.close()
		// A snapshot: some prefix of the writes, with none missing in between.
		expect(emails.length).toBeGreaterThanOrEqual(1)
		expect(emails.length).toBeLessThanOrEqual(written)
		expect(new Set(emails)).toEqual(new Set(emails.map((_, i) => `user${i + 1}@example.cz`)))
	})
})

describe('db:migrate', () => {
	test('creates and migrates a new database file with the territory register', async () => {
		const db = tempPath('new.db')
		const result = await cli(['db:migrate'], { db })
		expect(result.stderr).toBe('')
		expect(result.code).toBe(0)
		expect(result.stdout).toContain(`Databáze ${db} je aktuální.`)
		expect(result.stdout).toContain('Číselník území: nahrán')
		const check = open(db)
		expect(rowCount(check, 'territory_orp')).toBeGreaterThan(200)
		expect(rowCount(check, 'users')).toBe(0)
		check.close()
	})
})
