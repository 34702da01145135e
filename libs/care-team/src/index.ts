/**
 * An episode's care team as the services that filter a clinician's work by it keep their own copy of it: the decider
 * of the copy's stream (pure, as the services' own deciders are). Each service projects it into a table of its own.
 */
export * from './care-team.decide';
