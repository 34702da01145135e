/**
 * @iop/asam-criteria: pure ASAM Criteria rules (docs/DOMAIN.md section 2). No framework, driver, clock or randomness:
 * every function here is a function of its arguments, so services can replay a decision from recorded facts.
 */
export * from './criteria-edition';
export * from './level-of-care';
export * from './ratings';
export * from './ratings-trend';
export * from './placement/placement-thresholds.table';
export * from './placement/recommend-placement';
export * from './continued-service/continued-service.types';
export * from './continued-service/continued-service.facts';
export * from './continued-service/continue.rules';
export * from './continued-service/transfer-discharge.rules';
export * from './continued-service/transitional-hours.rules';
export * from './continued-service/evaluate-continued-service';
