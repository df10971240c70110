import type { Dim } from '../shape';
import type { TGraph, TNodeId } from '../graph';

/** Targets of vectorised code generation: the array libraries and languages with a matrix type. */
export const TENSOR_TARGETS = ['numpy', 'pytorch', 'jax', 'matlab', 'julia', 'eigen'] as const;
export type TensorTargetId = (typeof TENSOR_TARGETS)[number];

/** closed: the value and the gradients in matrix notation, shared subexpressions as temporaries; adjoint: a forward sweep, then a backward sweep. */
export const TENSOR_STYLES = ['closed', 'adjoint'] as const;
export type TensorStyle = (typeof TENSOR_STYLES)[number];

/** A printed expression and its precedence: 1 additive, 2 multiplicative, 3 unary minus, 4 power, 5 atom or postfix. */
export interface P {
  t: string;
  p: number;
}

export const ADD = 1;
export const MUL = 2;
export const UNARY = 3;
export const POW = 4;
export const ATOM = 5;

export const atom = (t: string): P => ({ t, p: ATOM });

/** What a printer knows about the graph while printing one node. */
export interface PrintContext {
  tg: TGraph;
  /** The size expression of a dimension (an input's size, or a number). */
  dim(d: Dim): string;
  /** The printed form of a node: its name, or its expression inline (printing it does not schedule anything new). */
  expr(n: TNodeId): P;
  isNamed(n: TNodeId): boolean;
  /** Marks a helper (softmax, where, …) or an import as used. */
  use(feature: string): void;
}

export interface Param {
  name: string;
  rank: number;
}

export interface TensorPrinter {
  id: TensorTargetId;
  reserved: ReadonlySet<string>;
  /** Line comment start. */
  comment: string;
  /** Default indentation inside a function. */
  indentUnit: string;
  /** The expression of node n from its printed arguments. */
  node(ctx: PrintContext, n: TNodeId, args: P[]): P;
  /** Argument i of node n must be a name (MATLAB cannot index an expression). */
  needsName?(ctx: PrintContext, n: TNodeId, i: number): boolean;
  /** Nodes that are built by statements (a zero array, then an assignment into part of it) rather than an expression. */
  statements?(ctx: PrintContext, n: TNodeId, name: string, args: P[]): string[] | undefined;
  /** The product of a matrix and a vector. */
  matvec(m: P, v: P): P;
  /** `name = expr` (with a declaration where the target needs one). */
  assign(ctx: PrintContext, n: TNodeId, name: string, e: P): string;
  /** The size of an input along an axis. */
  dimExpr(name: string, axis: number, rank: number): string;
  imports(used: ReadonlySet<string>): string[];
  helpers(used: ReadonlySet<string>): string[];
  /** A function around the body: parameters in order, results returned in order. */
  wrapFunction(name: string, params: Param[], results: Param[], body: string[], indent: string): string[];
}
