import type * as Y from 'yjs'
import type { ExportDecision } from './export/minutes-export.ts'
import { docFromState } from './minutes-doc.ts'

/**
 * The decisions (usnesení) as they were approved, kept inside the minutes document itself (a
 * top-level map the editor never binds to), so that every approved version carries its own
 * decisions: the public page and the exports of an approved version show exactly what was
 * approved, also while a correction is under way.
 */
export const DECISIONS_RECORD = 'approvedDecisions'
const LIST = 'list'

export type RecordedDecision = ExportDecision & { id: string }

/** The fields of a decision that belong to the approved record (no database extras). */
export function recordedDecision(decision: RecordedDecision): RecordedDecision {
	return {
		id: decision.id,
		number: decision.number,
		text: decision.text,
		votesFor: decision.votesFor,
		votesAgainst: decision.votesAgainst,
		votesAbstain: decision.votesAbstain,
		rule: decision.rule,
		outcome: decision.outcome,
	}
}

/** Writes the decisions into the document (inside the caller's change or transaction). */
export function writeDecisionsRecord(doc: Y.Doc, decisions: readonly RecordedDecision[]) {
	doc.getMap(DECISIONS_RECORD).set(LIST, JSON.stringify(decisions.map(recordedDecision)))
}

/** The decisions recorded in a stored state (an approved version), or null when none were. */
export function readDecisionsRecord(state: Uint8Array): RecordedDecision[] | null {
	const doc = docFromState(state)
	try {
		const json = doc.getMap(DECISIONS_RECORD).get(LIST)
		if (typeof json !== 'string') return null
		const list: unknown = JSON.parse(json)
		return Array.isArray(list) ? (list as RecordedDecision[]) : null
	} finally {
		doc.destroy()
	}
}
