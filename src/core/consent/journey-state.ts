// The three states a data-protection authority checks a site in: before any choice, after
// refusing everything, after accepting everything. Named alone, so that what only names a state
// (evidence, reports) need not import the matrix.
export type JourneyState = 'no-choice' | 'refuse-all' | 'accept-all';
export const JOURNEY_STATES: readonly JourneyState[] = ['no-choice', 'refuse-all', 'accept-all'];
