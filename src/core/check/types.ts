/**
 * Result types of the numeric checks. `partials check --json` prints a CheckResult: a contract — extend,
 * never rename or drop a field. Non-finite numbers print as null in JSON; the verdict says why.
 */
import type { ResultHeader } from '../api';
import type { Claim } from '../frontend';

export type Verdict = 'ok' | 'mismatch' | 'non-differentiable here' | 'undefined here' | 'overflow';
export const VERDICTS: readonly Verdict[] = ['ok', 'mismatch', 'non-differentiable here', 'undefined here', 'overflow'];

export type MethodName = 'exact' | 'forwardAD' | 'reverseAD' | 'forwardDifference' | 'centralDifference' | 'richardson' | 'complexStep';
export const METHODS: readonly MethodName[] = ['exact', 'forwardAD', 'reverseAD', 'forwardDifference', 'centralDifference', 'richardson', 'complexStep'];
export const METHOD_LABELS: Record<MethodName, string> = {
  exact: 'exact (symbolic)',
  forwardAD: 'forward AD (dual numbers)',
  reverseAD: 'reverse AD (tape)',
  forwardDifference: 'forward difference',
  centralDifference: 'central difference',
  richardson: 'Richardson extrapolation',
  complexStep: 'complex step',
};

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface Tolerances {
  /** Finite differences and Richardson (default torch.autograd.gradcheck's atol 1e-5, rtol 1e-3). */
  finiteDifference: Tolerance;
  /** Complex step and both AD modes (default atol 1e-12, rtol 1e-12). */
  exactMethods: Tolerance;
}

export const DEFAULT_TOLERANCES: Tolerances = {
  finiteDifference: { atol: 1e-5, rtol: 1e-3 },
  exactMethods: { atol: 1e-12, rtol: 1e-12 },
};

export interface MethodResult {
  method: MethodName;
  label: string;
  /** The method's estimate of the partial (null when skipped or not finite). */
  value: number | null;
  /** |value − exact| and |value − exact| / |exact| (relError null when exact is 0). */
  absError: number | null;
  relError: number | null;
  verdict: Verdict;
  /** Why the method was not run here (e.g. complex step through abs). */
  skipped?: string;
  /** Step size used (finite differences, complex step). */
  h?: number;
  note?: string;
}

export interface Finding {
  op: string;
  reason: string;
  line?: number;
  column?: number;
}

export interface PartialCheck {
  of: string;
  wrt: string;
  /** The symbolic partial, plain text in mathjs syntax ('' when the request's partialForms is false). */
  expr: string;
  exact: number | null;
  /** Overall: the point-level verdict, else `mismatch` when any method disagrees, else `ok`. */
  verdict: Verdict;
  /** Why the verdict is not ok (the kink, the domain error, the disagreeing methods). */
  reasons: string[];
  findings: Finding[];
  methods: Record<MethodName, MethodResult>;
}

export interface ClaimPoint {
  point: Record<string, number>;
  claimed: number | null;
  exact: number | null;
  ok: boolean;
}

export interface ClaimCheck {
  /** As written, e.g. `df/dx = 2*x`. */
  label: string;
  of: string;
  wrt: string;
  /** The claimed derivative (mathjs syntax). */
  claimed: string;
  result: 'holds' | 'wrong' | 'error';
  /** How a holding claim was established: its difference to the exact partial simplifies to 0, or it agrees at every point. */
  proof?: 'symbolic' | 'numeric';
  /** The exact partial, displayed (plain mathjs syntax, LaTeX, Unicode). */
  correct?: string;
  correctLatex?: string;
  correctText?: string;
  points: ClaimPoint[];
  /** The points where the claim fails, with both values. */
  failures: ClaimPoint[];
  details: string[];
  /** For result `error`: what is wrong with the claim itself. */
  error?: { message: string; line: number; column: number };
}

export interface SweepSeries {
  method: 'forwardDifference' | 'centralDifference' | 'complexStep';
  label: string;
  /** [h, |error|] pairs, h descending. */
  points: Array<[number, number | null]>;
}

export interface SweepResult {
  of: string;
  wrt: string;
  exact: number | null;
  hs: number[];
  series: SweepSeries[];
  /** Smallest error over all methods and steps. */
  best?: { method: SweepSeries['method']; h: number; error: number };
  /** Best step of each method. */
  bestH: Partial<Record<SweepSeries['method'], { h: number; error: number }>>;
  skipped?: Partial<Record<SweepSeries['method'], string>>;
}

export interface CheckRequest {
  source: string;
  language?: string;
  at?: Record<string, number>;
  wrt?: string[];
  allOutputs?: boolean;
  /** Claim strings (`df/dx = …`, `dfdx = …`, `df_dx = …`), checked with the front end's claims. */
  claims?: string[];
  /** Structured claims (e.g. from a front end run elsewhere). */
  claimObjects?: Claim[];
  /** Run the step-size study: true for every partial, or only the listed ones. */
  sweep?: boolean | { of?: string; wrt: string }[];
  tolerances?: { finiteDifference?: Partial<Tolerance>; exactMethods?: Partial<Tolerance> };
  /** How many points a claim is compared at (≥ 5; default 6). */
  claimPoints?: number;
  /** Number of log-spaced steps of the sweep (≥ 30; default 46). */
  sweepSteps?: number;
  /**
   * false: the partials' symbolic text (PartialCheck.expr) is not built, and is '' (for a caller that shows only the
   * values and verdicts: the inspector's checks). Printing it is quadratic for a product of n variables (each
   * partial is the other n − 1 factors). Default true.
   */
  partialForms?: boolean;
  /**
   * A bound on the checks' work, in node evaluations: each output checks its partials in input order while
   * (partials checked) × (the output's graph nodes) × CHECK_EVALUATIONS stays within it (at least one partial,
   * and the swept one always); the rest are counted in CheckResult.unchecked. Every check of one partial evaluates f
   * about CHECK_EVALUATIONS times, so all n partials of an n-variable product are quadratic. No bound by default.
   */
  maxWork?: number;
}

/** About how many evaluations of f the checks of one partial take (AD, differences, Richardson, complex step). */
export const CHECK_EVALUATIONS = 12;

export interface CheckResult extends ResultHeader {
  values: Record<string, number | null>;
  tolerances: Tolerances;
  partials: PartialCheck[];
  claims: ClaimCheck[];
  sweeps?: SweepResult[];
  /** False when any claim is wrong or any partial mismatches (the CLI's exit status 1). */
  ok: boolean;
  /** Partials not checked, past the request's maxWork (absent when every partial was checked). */
  unchecked?: number;
}
