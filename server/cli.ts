import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { type z } from 'zod'
import { EmailSchema, NameSchema, NewPasswordSchema } from '#app/auth/auth.schema.ts'
import { createUser, DuplicateEmailError, normalizeEmail } from '#app/auth/users.server.ts'
import { formatDateTime, formatNumber } from '#app/i18n/format.ts'
import { createTranslator } from '#app/i18n/i18n.ts'
import { ConfigError, getEnv } from '#app/utils/env.server.ts'
import { cleanText } from '#app/utils/normalize.ts'
import { closeDb, getDb, migrateDatabase, type Db } from '#db/client.ts'
import { ensureReferenceData } from '#db/reference-data.ts'
import { users } from '#db/schema.ts'
import type { Tally } from '#db/seed/demo.ts'

/**
 * The administrator's command line: `npm run sitovka -- <command> [options]`.
 * Operators read Czech; command and option names stay English. Exit codes: 0 done,
 * 1 failed (configuration, database, duplicate…), 2 wrong usage (unknown command or option,
 * missing or invalid value). Passwords are never printed, except the published demo password.
 */

const EXIT_OK = 0
const EXIT_FAILURE = 1
const EXIT_USAGE = 2

/** Wrong usage: the message and the command's usage go to stderr, exit 2. */
class UsageError extends Error {}
/** The command could not do its job: the message goes to stderr, exit 1. */
class CommandError extends Error {}

const t = createTranslator('cs')
const out = (line = '') => process.stdout.write(`${line}\n`)
const err = (line = '') => process.stderr.write(`${line}\n`)

type Values = Record<string, string | boolean | undefined>
type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>
type Prepared = { db: Db; migrationsApplied: number; territoryLoaded: boolean }

type Args = { values: Values; positionals: string[] }
/** What a command does once configuration and database are ready. */
type Run = (prepared: Prepared) => Promise<void>

type Command = {
	usage: string
	summary: string
	options: OptionSpec
	/** Names of the positional arguments, all required. */
	positionals?: string[]
	/** Checks the arguments (throwing UsageError) before anything touches the database. */
	parse: (args: Args) => Run | Promise<Run>
}

const COMMANDS: Record<string, Command> = {
	'user:create': {
		usage: 'user:create --email <e-mail> --name "<jméno a příjmení>" --password <heslo> [--admin]',
		summary:
			'Založí účet (s --admin správce). Heslo má aspoň 10 znaků a nesmí jít snadno uhodnout.',
		options: {
			email: { type: 'string' },
			name: { type: 'string' },
			password: { type: 'string' },
			admin: { type: 'boolean' },
		},
		parse: userCreate,
	},
	'user:reset-password': {
		usage: 'user:reset-password --email <e-mail>',
		summary:
			'Vytvoří jednorázový odkaz pro nastavení nového hesla (platí hodinu), vypíše ho a pošle e-mailem.',
		options: { email: { type: 'string' } },
		parse: userResetPassword,
	},
	'demo:load': {
		usage: 'demo:load',
		summary:
			'Nahraje ukázková data (organizace, lidé, skupiny, setkání se zápisy a úkoly). Opakované spuštění nic nezdvojí.',
		options: {},
		parse: () => demoLoad,
	},
	backup: {
		usage: 'backup <soubor> [--force]',
		summary:
			'Zálohuje databázi do souboru, i když aplikace běží. Existující soubor přepíše jen s --force.',
		options: { force: { type: 'boolean' } },
		positionals: ['soubor'],
		parse: backup,
	},
	'db:migrate': {
		usage: 'db:migrate',
		summary:
			'Provede migrace databáze a nahraje číselník území (dělá to i každé spuštění aplikace).',
		options: {},
		parse: () => dbMigrate,
	},
}

function usageText() {
	const lines = [
		'Síťovka – příkazy pro správce',
		'',
		'Použití: npm run sitovka -- <příkaz> [volby]',
		'',
		'Příkazy:',
	]
	for (const command of Object.values(COMMANDS)) {
		lines.push(`  ${command.usage}`, `      ${command.summary}`)
	}
	lines.push(
		'  help',
		'      Vypíše tuto nápovědu.',
		'',
		'Konfigurace se čte z proměnných prostředí (DATABASE_URL, BASE_URL, SMTP_URL, MAIL_FROM).',
		'Návratový kód: 0 hotovo, 1 chyba, 2 špatné použití.',
	)
	return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// Arguments

/** Czech text for node:util parseArgs errors, which name the option in quotes. */
function describeParseError(error: { code?: string; message: string }) {
	const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? ''
	const option = quoted.split(' ')[0]
	switch (error.code) {
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
			return `Neznámá volba ${option}.`
		case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
			return `Nečekaný argument „${quoted}“.`
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
			return /does not take an argument/.test(error.message)
				? `Volba ${option} nemá hodnotu.`
				: `Volbě ${option} chybí hodnota.`
		default:
			return error.message
	}
}

function parseCommandArgs(command: Command, args: string[]) {
	let parsed
	try {
		parsed = parseArgs({
			args,
			options: { ...command.options, help: { type: 'boolean', short: 'h' } },
			allowPositionals: Boolean(command.positionals?.length),
			strict: true,
		})
	} catch (error) {
		if (error instanceof Error && 'code' in error) {
			throw new UsageError(describeParseError(error as Error & { code: string }))
		}
		throw error
	}
	const expected = command.positionals ?? []
	if (!parsed.values.help) {
		if (parsed.positionals.length < expected.length) {
			throw new UsageError(`Chybí argument <${expected[parsed.positionals.length]}>.`)
		}
		if (parsed.positionals.length > expected.length) {
			throw new UsageError(`Nečekaný argument „${parsed.positionals[expected.length]}“.`)
		}
	}
	return { values: parsed.values as Values, positionals: parsed.positionals }
}

function requireOption(values: Values, name: string): string {
	const value = values[name]
	if (typeof value !== 'string') throw new UsageError(`Chybí volba --${name}.`)
	return value
}

/** Runs a shared zod schema on an option; its message key is translated like a form error. */
function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, name: string, value: string): T {
	// Typed text follows the rule of form fields (server/body-limits.ts); passwords stay as typed.
	const result = schema.safeParse(name === 'password' ? value : cleanText(value))
	if (result.success) return result.data
	const [key, ...params] = result.error.issues[0]!.message.split('|')
	const translated = t(
		key!,
		Object.fromEntries(params.map((pair) => pair.split('=') as [string, string])),
	)
	throw new UsageError(`--${name}: ${translated}`)
}

// ---------------------------------------------------------------------------------------------
// Commands

async function userCreate({ values }: Args): Promise<Run> {
	const email = validate(EmailSchema, 'email', requireOption(values, 'email'))
	const name = validate(NameSchema, 'name', requireOption(values, 'name'))
	const password = validate(NewPasswordSchema, 'password', requireOption(values, 'password'))
	// Loaded on demand, like the mailer and the demo data: `help` and wrong usage answer at once.
	const { checkPasswordStrength } = await import('#app/auth/password-strength.ts')
	const strength = checkPasswordStrength(password, 'cs', [name, email])
	if (!strength.acceptable) {
		const hints = [strength.warning, ...strength.suggestions].filter(Boolean).join(' ')
		throw new UsageError(`--password: ${t('auth.password.weak')}${hints ? ` ${hints}` : ''}`)
	}
	const isAdmin = values.admin === true
	return async () => {
		try {
			const user = await createUser({ email, name, password, isAdmin })
			out(
				`Účet založen: ${user.name} <${user.email}>${user.isAdmin ? ', správce' : ''} (id ${user.id}).`,
			)
		} catch (error) {
			if (error instanceof DuplicateEmailError) {
				throw new CommandError(`Účet s e-mailem ${email} už existuje.`)
			}
			throw error
		}
	}
}

function userResetPassword({ values }: Args): Run {
	const email = validate(EmailSchema, 'email', requireOption(values, 'email'))
	return async ({ db }) => {
		const user = db
			.select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
			.from(users)
			.where(eq(users.email, normalizeEmail(email)))
			.get()
		if (!user) throw new CommandError(`Účet s e-mailem ${email} neexistuje.`)

		const { createPasswordReset, mailPasswordReset } =
			await import('#app/auth/password-reset.server.ts')
		const reset = createPasswordReset(user.id)
		out(`Odkaz pro nastavení nového hesla – ${user.name} <${user.email}>:`)
		out(reset.url)
		out(`Platí do ${formatDateTime(reset.expiresAt, 'cs')} a jen jednou.`)
		if (!getEnv().BASE_URL) {
			err(`Upozornění: BASE_URL není nastaveno, odkaz proto vede na ${getEnv().baseUrl}.`)
		}

		const mail = await mailPasswordReset(user, reset.url, user.locale)
		if (mail.status === 'sent') out(`E-mail s odkazem odeslán na ${user.email}.`)
		else if (mail.status === 'stored') {
			out(
				'E-mail zůstal v odchozí poště aplikace, odkaz v něm je skrytý (SMTP_URL není nastaveno). Předejte odkaz výše sami.',
			)
		} else {
			err(
				'Upozornění: e-mail se nepodařilo odeslat (podrobnosti v odchozí poště). Předejte odkaz jinak.',
			)
		}
	}
}

function describeTally(label: string, tally: Tally) {
	return `  ${`${label}:`.padEnd(26)}${formatNumber(tally.created, 'cs')} nových, ${formatNumber(tally.existing, 'cs')} už bylo`
}

async function demoLoad({ db }: Prepared) {
	const { loadDemoData } = await import('#db/seed/demo.ts')
	const summary = await loadDemoData(db)
	out('Ukázková data nahrána.')
	out(describeTally('Organizace', summary.organisations))
	out(describeTally('Účty', summary.users))
	out(describeTally('Skupiny', summary.groups))
	out(describeTally('Členství v organizacích', summary.organisationMembers))
	out(describeTally('Členství ve skupinách', summary.groupMembers))
	out(describeTally('Setkání', summary.meetings))
	out()
	out(`Ukázkové účty (heslo: ${summary.password}):`)
	const width = Math.max(...summary.accounts.map((account) => account.email.length))
	for (const account of summary.accounts) {
		const note = account.created ? '' : ' (účet už existoval, heslo se nezměnilo)'
		out(`  ${account.email.padEnd(width)}  ${account.name}${note}`)
	}
}

/** "1,2 MB" */
function formatSize(bytes: number) {
	if (bytes < 1024 * 1024) {
		return `${new Intl.NumberFormat('cs-CZ', { maximumFractionDigits: 1 }).format(bytes / 1024)} kB`
	}
	return `${new Intl.NumberFormat('cs-CZ', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
}

/**
 * SQLite's online backup API through better-sqlite3: consistent even while the server writes
 * (WAL). It copies into a temporary file next to the target and renames it, so the target is
 * never a half-written file, and the copy is switched to a single-file journal for moving around.
 */
function backup({ values, positionals }: Args): Run {
	const target = path.resolve(positionals[0]!)
	const force = values.force === true
	return async ({ db }) => {
		const databasePath = getEnv().databasePath
		if ([databasePath, `${databasePath}-wal`, `${databasePath}-shm`].includes(target)) {
			throw new CommandError(`Zálohu nelze uložit do souboru databáze samotné (${target}).`)
		}
		if (!fs.existsSync(path.dirname(target))) {
			throw new CommandError(`Složka ${path.dirname(target)} neexistuje.`)
		}
		if (fs.existsSync(target)) {
			if (!force) {
				throw new CommandError(`Soubor ${target} už existuje. Přepsat ho lze volbou --force.`)
			}
			if (!fs.statSync(target).isFile()) throw new CommandError(`${target} není soubor.`)
		}
		const temporary = `${target}.part-${process.pid}`
		try {
			// After the first step, copy the rest in one step: the server's writes between small
			// steps would restart the backup again and again.
			await db.$client.backup(temporary, { progress: () => 0x7fffffff })
			const copy = new Database(temporary)
			try {
				copy.pragma('journal_mode = DELETE')
				const check = copy.pragma('quick_check', { simple: true })
				if (check !== 'ok') throw new CommandError(`Kontrola zálohy selhala: ${String(check)}`)
			} finally {
				copy.close()
			}
			fs.renameSync(temporary, target)
		} finally {
			for (const suffix of ['', '-journal', '-wal', '-shm']) {
				fs.rmSync(`${temporary}${suffix}`, { force: true })
			}
		}
		const size = fs.statSync(target).size
		out(`Záloha uložena: ${target} (${formatSize(size)}, ${formatNumber(size, 'cs')} B).`)
	}
}

async function dbMigrate({ migrationsApplied, territoryLoaded }: Prepared) {
	out(`Databáze ${getEnv().databasePath} je aktuální.`)
	out(`  Nově provedené migrace: ${formatNumber(migrationsApplied, 'cs')}`)
	out(`  Číselník území: ${territoryLoaded ? 'nahrán' : 'beze změny'}`)
}

// ---------------------------------------------------------------------------------------------
// Entry

function countAppliedMigrations(db: Db) {
	const table = db.$client
		.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
		.get()
	if (!table) return 0
	return (
		db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }
	).n
}

/** Validates configuration, opens the database, applies migrations and the territory register. */
function prepare(): Prepared {
	const env = getEnv()
	try {
		const db = getDb()
		const before = countAppliedMigrations(db)
		migrateDatabase(db)
		const territoryLoaded = ensureReferenceData(db)
		return { db, migrationsApplied: countAppliedMigrations(db) - before, territoryLoaded }
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error)
		throw new CommandError(
			`Databázi ${env.databasePath} (DATABASE_URL) nelze otevřít ani převést na aktuální verzi: ${message}`,
		)
	}
}

async function runCli(argv: string[]): Promise<number> {
	const [name, ...args] = argv
	if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
		out(usageText())
		return EXIT_OK
	}
	const command = COMMANDS[name]
	if (!command) {
		err(`Chyba: neznámý příkaz „${name}“.`)
		err()
		err(usageText())
		return EXIT_USAGE
	}
	try {
		const parsed = parseCommandArgs(command, args)
		if (parsed.values.help) {
			out(`Použití: npm run sitovka -- ${command.usage}`)
			out(command.summary)
			return EXIT_OK
		}
		// Arguments first (exit 2 without touching anything), then configuration and database.
		const run = await command.parse(parsed)
		await run(prepare())
		return EXIT_OK
	} catch (error) {
		if (error instanceof UsageError) {
			err(`Chyba: ${error.message}`)
			err(`Použití: npm run sitovka -- ${command.usage}`)
			return EXIT_USAGE
		}
		if (error instanceof ConfigError) {
			err('Chyba v konfiguraci (proměnné prostředí):')
			for (const issue of error.issues) err(`  - ${issue}`)
			return EXIT_FAILURE
		}
		if (error instanceof CommandError) {
			err(`Chyba: ${error.message}`)
			return EXIT_FAILURE
		}
		err(`Chyba: ${error instanceof Error ? error.message : String(error)}`)
		if (error instanceof Error && error.stack) err(error.stack)
		return EXIT_FAILURE
	} finally {
		closeDb()
	}
}

// `npm run sitovka -- demo:load | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code !== 'EPIPE') throw error
})

process.exitCode = await runCli(process.argv.slice(2))
