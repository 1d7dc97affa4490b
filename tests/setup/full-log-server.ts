/**
 * The app's logger, request log and `/healthz` in a process of their own, for the test that runs
 * it with stdout on a full device (storage-failure.test.ts): every log line fails with ENOSPC.
 * Usage: DATABASE_URL=file:<db> LOG_LEVEL=info node --import tsx tests/setup/full-log-server.ts
 * Prints `LISTENING <port>` on stderr (stdout is the full device) once it accepts requests.
 */
import http from 'node:http'
import express from 'express'
import { getLogger } from '#app/utils/logger.server.ts'
import { getDb } from '#db/client.ts'
import { createHealthCheck } from '#server/health.ts'
import { createRequestLogger } from '#server/request-log.ts'

const logger = getLogger()
const app = express()
app.use(createRequestLogger(logger))
app.get('/healthz', createHealthCheck(getDb(), logger))
const server = http.createServer(app)
server.listen(0, '127.0.0.1', () => {
	logger.info('listening')
	const address = server.address()
	process.stderr.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`)
})
