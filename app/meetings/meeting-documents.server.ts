/** `meeting:<meetingId>:<part>` → the meeting id, for the live document kinds of one part. */
export function meetingDocumentParser(part: string) {
	return (parts: readonly string[]) =>
		parts.length === 2 && parts[1] === part && parts[0] ? { meetingId: parts[0] } : null
}
