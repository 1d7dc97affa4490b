/**
 * Proves that tests do not depend on each other: runs every test of the given files alone
 * (`vitest run <file> -t <its full name>`), then each file whole in a few shuffled orders.
 * Not part of `npm test` (one vitest start per test is slow); run it after changing fixtures:
 *
 *   npm run test:isolation -- tests/integration/groups.test.ts tests/integration/polls.test.ts
 *   npm run test:isolation -- --seeds 3 --no-single tests/integration/*.test.ts
 *
 * Exits non-zero when any run fails, naming the test and the command that shows the failure.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { PROJECT_ROOT, TMP_DIR } from './paths.ts'

const CONFIG = 'tests/vitest.config.ts'
const VITEST = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest')

type Options = { files: string[]; seeds: number; single: boolean }

function parseArgs(argv: string[]): Options {
	const options: Options = { files: [], seeds: 2, single: true }
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!
		if (arg === '--seeds') options.seeds = Number(argv[++i])
		else if (arg === '--no-single') options.single = false
		else options.files.push(arg)
	}
	if (options.files.length === 0 || !Number.isInteger(options.seeds) || options.seeds < 0) {
		console.error('Usage: check-isolation.ts [--seeds N] [--no-single] <test files…>')
		process.exit(2)
	}
	return options
}

function vitest(args: string[]) {
	const result = spawnSync(VITEST, ['run', '--config', CONFIG, ...args], {
		cwd: PROJECT_ROOT,
		encoding: 'utf8',
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
		maxBuffer: 64 * 1024 * 1024,
	})
	// eslint-disable-next-line no-control-regex
	const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '')
	const passed = Number(/Tests\s+(?:\d+ failed \| )?(\d+) passed/.exec(output)?.[1] ?? 0)
	return { ok: result.status === 0, output, passed }
}

/** The tests of a file, as `describe > … > test` names. */
function listTests(file: string): string[] {
	// Written to a file: piped stdout may be cut off when vitest exits.
	const listFile = path.join(TMP_DIR, `isolation-list-${process.pid}.json`)
	const result = spawnSync(VITEST, ['list', '--config', CONFIG, `--json=${listFile}`, file], {
		cwd: PROJECT_ROOT,
		encoding: 'utf8',
	})
	if (result.status !== 0) throw new Error(`vitest list failed for ${file}:\n${result.stderr}`)
	const listed = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ name: string }>
	fs.rmSync(listFile, { force: true })
	return listed.map((test) => test.name)
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** vitest matches `-t` against the suite and test names joined by spaces. */
function namePattern(name: string) {
	return `${escapeRegExp(name.split(' > ').join(' '))}$`
}

const options = parseArgs(process.argv.slice(2))
const failures: string[] = []
let runs = 0

for (const file of options.files) {
	if (options.single) {
		const names = listTests(file)
		for (const name of names) {
			const args = [file, '-t', namePattern(name)]
			const { ok, output, passed } = vitest(args)
			runs++
			// Exactly this test ran and passed.
			if (!ok || passed !== 1) {
				failures.push(
					`${file} > ${name}\n  npx vitest run --config ${CONFIG} ${file} -t '${args[2]}'`,
				)
				console.log(`✗ alone: ${file} > ${name}\n${output.split('\n').slice(-40).join('\n')}`)
			} else {
				console.log(`✓ alone: ${file} > ${name}`)
			}
		}
	}
	for (let seed = 1; seed <= options.seeds; seed++) {
		const args = [file, '--sequence.shuffle', `--sequence.seed=${seed}`]
		const { ok, output } = vitest(args)
		runs++
		if (!ok) {
			failures.push(
				`${file} shuffled (seed ${seed})\n  npx vitest run --config ${CONFIG} ${args.join(' ')}`,
			)
			console.log(`✗ shuffled (seed ${seed}): ${file}\n${output.split('\n').slice(-40).join('\n')}`)
		} else {
			console.log(`✓ shuffled (seed ${seed}): ${file}`)
		}
	}
}

console.log(`\n${runs - failures.length} passed, ${failures.length} failed`)
if (failures.length > 0) {
	console.log(`\nNot independent:\n${failures.join('\n')}`)
	process.exit(1)
}
