/**
 * A realtime server in its own process, for tests that kill it (realtime-durability.test.ts).
 * Usage: DATABASE_URL=file:<db> tsx tests/setup/realtime-server.ts <port>
 * Prints `REALTIME_LISTENING <port>` once it accepts connections; SIGTERM closes it gracefully.
 */
import http from 'node:http'
import pino from 'pino'
import { closeDb, getDb, migrateDatabase } from '#db/client.ts'
import { createAppRealtime } from '#server/live-documents.ts'

const port = Number(process.argv[2] ?? 0)
migrateDatabase(getDb())
const httpServer = http.createServer((_req, res) => {
	res.statusCode = 404
	res.end()
})
const realtime = createAppRealtime({
	httpServer,
	db: getDb(),
	logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
	// Compact often, so kills also land during compactions.
	limits: { compactAfterUpdates: 20, compactDelayMs: 0 },
})
httpServer.listen(port, '127.0.0.1', () => {
	const address = httpServer.address()
	console.log(`REALTIME_LISTENING ${typeof address === 'object' && address ? address.port : port}`)
})
process.on('SIGTERM', () => {
	void realtime.close().then(() => {
		httpServer.close()
		closeDb()
		process.exit(0)
	})
})
