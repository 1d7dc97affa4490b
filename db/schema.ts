// The one place drizzle-kit and the db client read the whole schema from.
export * from './schema/auth.ts'
export * from './schema/groups.ts'
export * from './schema/mail.ts'
export * from './schema/organisations.ts'
export * from './schema/territory.ts'
export * from './schema/meetings.ts'
export * from './schema/realtime.ts'
export * from './schema/meeting-work.ts'
