import path from 'node:path'
import { z } from 'zod'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const envSchema = z.object({
	NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
	PORT: z.coerce
		.number({ invalid_type_error: 'must be a number' })
		.int('must be a whole number')
		.min(0, 'must be between 0 and 65535')
		.max(65535, 'must be between 0 and 65535')
		.default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATABASE_URL: z
		.string()
		.default('file:./data/sitovka.db')
		.refine((value) => value.startsWith('file:') && value.length > 'file:'.length, {
			message: 'must be a SQLite file URL such as file:./data/sitovka.db',
		}),
	BASE_URL: z.string().url('must be an absolute URL such as https://sitovka.example.cz').optional(),
	SMTP_URL: z
		.string()
		.url('must be an SMTP URL such as smtp://user:password@mail.example.cz:587')
		.refine((value) => /^smtps?:\/\//.test(value), {
			message: 'must start with smtp:// or smtps://',
		})
		.optional(),
	MAIL_FROM: z.string().min(3).default('Síťovka <sitovka@localhost>'),
	LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
})

export type Env = z.infer<typeof envSchema> & { databasePath: string; baseUrl: string }

export class ConfigError extends Error {
	constructor(public readonly issues: string[]) {
		super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`)
		this.name = 'ConfigError'
	}
}

/** Parses and validates configuration; throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
	// Empty strings mean "not set": a blank line in a .env file must not fail validation.
	const cleaned = Object.fromEntries(
		Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
	)
	const result = envSchema.safeParse(cleaned)
	if (!result.success) {
		throw new ConfigError(
			result.error.issues.map(
				(issue) =>
					`${issue.path.join('.')}=${JSON.stringify(source[String(issue.path[0])] ?? '')}: ${issue.message}`,
			),
		)
	}
	const env = result.data
	const databasePath = path.resolve(env.DATABASE_URL.slice('file:'.length))
	const baseUrl = (env.BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
	return { ...env, databasePath, baseUrl }
}

declare global {
	var __sitovkaEnv: Env | undefined
}

/** The validated configuration, parsed once per process. */
export function getEnv(): Env {
	globalThis.__sitovkaEnv ??= parseEnv()
	return globalThis.__sitovkaEnv
}

/** Tests and the CLI change the environment and ask for a fresh parse. */
export function resetEnvCache() {
	globalThis.__sitovkaEnv = undefined
}
