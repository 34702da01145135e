/**
 * The longest path parameter routed (longer: a 414 problem). Ids are 36 characters, staff subjects up to 200; Fastify's
 * default of 100 refused a long subject before its route could answer.
 */
export const MAX_PARAM_LENGTH = 500;
