/**
 * The abusive reader of tests/bench/realtime.ts in its own process, so that its thousands of
 * requests a second do not share the load generator's event loop (which times the others'
 * edits). Arguments as JSON in BENCH_ARGS: { port, cookie, doc, sockets, reading }. Connects,
 * answers `ready` with the refusals, starts asking; on `stop` answers `result` with its counts.
 */
import { SyncAbuser } from './lib/clients.ts'

type Args = { port: number; cookie: string; doc: string; sockets: number; reading: boolean }
type Message = { type: 'ready'; refused: string[] } | { type: 'result'; value: unknown }

const args = JSON.parse(process.env.BENCH_ARGS ?? '{}') as Args
const send = (message: Message) => process.send?.(message)

async function main() {
	const abusers = Array.from(
		{ length: args.sockets },
		() => new SyncAbuser(args.doc, args.port, args.cookie, 10, args.reading),
	)
	const refusals = await Promise.all(abusers.map((abuser) => abuser.connect()))
	for (const [index, abuser] of abusers.entries()) if (refusals[index] === null) abuser.start()
	const started = performance.now()
	send({ type: 'ready', refused: refusals.filter((refusal) => refusal !== null) })
	process.on('message', (message: { type: string }) => {
		if (message.type !== 'stop') return
		for (const abuser of abusers) abuser.stop()
		const refused: Record<string, number> = {}
		for (const abuser of abusers)
			for (const [error, count] of Object.entries(abuser.refused))
				refused[error] = (refused[error] ?? 0) + count
		send({
			type: 'result',
			value: {
				sockets: abusers.length,
				seconds: (performance.now() - started) / 1000,
				requests: abusers.reduce((sum, abuser) => sum + abuser.requests, 0),
				answered: abusers.reduce((sum, abuser) => sum + abuser.answered, 0),
				refused,
				bytesReceived: abusers.reduce((sum, abuser) => sum + abuser.bytesReceived, 0),
			},
		})
		for (const abuser of abusers) abuser.close()
		process.disconnect?.()
		setTimeout(() => process.exit(0), 100).unref()
	})
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	)
	process.exit(1)
})
