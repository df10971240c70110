/** Numeric checks: every differentiation method side by side, the step-size study, claim verification. */
export { check } from './check';
export { parseClaim, type ParsedClaim, type ClaimContext } from './claimText';
export { verifyClaim, lowerClaim } from './claims';
export { provenEqual } from './equivalence';
export { NumericTape } from './numeric';
export { Differences, sweep, sweepSteps, forwardStep, centralStep, richardsonStep, COMPLEX_STEP } from './finite';
export { COMPLEX_FUNCTIONS, type Complex } from './complex';
export { LOCAL_PARTIALS } from './localPartials';
export * from './types';
